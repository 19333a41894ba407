import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DB_FILE } from '../../../src/main/context';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { ledgerNamesFromTallyList } from '../../../src/main/services/accounting/tally-ledger-list';
import { addBatch, addPayout } from '../history/seed';
import { captureIo as io } from '../../support/cli-io';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-list-'));
  db = openDatabase({ file: join(dir, DB_FILE) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A TallyPrime List of Accounts exported to Excel: company and title rows above the header. */
async function excelList(file: string, rows: (string | number)[][], header = ['Name', 'Under', 'Opening Balance']) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('List of Accounts');
  ws.addRow(['Acme Traders Pvt Ltd']);
  ws.addRow(['List of Accounts']);
  ws.addRow(['1-Apr-26 to 31-Mar-27']);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

describe('Tally List of Accounts as Excel', () => {
  it('reads the names of the Name column (not the groups under "Under", not the balances)', async () => {
    const file = join(dir, 'accounts.xlsx');
    await excelList(file, [
      ['HDFC Current A/c', 'Bank Accounts', 125000.5],
      ['  Anita   Desai ', 'Sundry Creditors', '1,200.00 Cr'],
    ]);
    const names = await ledgerNamesFromTallyList(readFileSync(file), 'accounts.xlsx');
    expect([...names].sort()).toEqual(['Anita Desai', 'HDFC Current A/c']);
  });

  it('without a name column, every text cell counts (the tree view puts groups and ledgers in one column)', async () => {
    const file = join(dir, 'tree.xlsx');
    await excelList(
      file,
      [['Bank Accounts'], ['   HDFC Current A/c'], ['Sundry Creditors'], ['   Raj Traders']],
      ['Particulars '],
    );
    const names = await ledgerNamesFromTallyList(readFileSync(file), 'tree.xlsx');
    expect(names.has('HDFC Current A/c')).toBe(true);
    expect(names.has('Raj Traders')).toBe(true);
  });

  it('npm run cli -- export --format tally --ledgers-list accounts.xlsx lists the missing ledgers', async () => {
    const batchId = addBatch(db);
    addPayout(db, { batchId, transactionId: 'TLX1', payeeName: 'Anita Desai', amountPaise: 2500, utr: 'U1' });
    addPayout(db, { batchId, transactionId: 'TLX2', payeeName: 'Raj Traders', amountPaise: 100, utr: 'U2' });
    const list = join(dir, 'accounts.xlsx');
    await excelList(list, [
      ['HDFC Current A/c', 'Bank Accounts', 0],
      ['anita desai', 'Sundry Creditors', 0],
    ]);
    const out = io();
    const args = ['export', '--batch', String(batchId), '--format', 'tally', '--out', join(dir, 't.xml')];
    const code = await runCli(
      [...args, '--bank-ledger', 'HDFC Current A/c', '--ledgers-list', list, '--data-dir', dir, '--json'],
      out,
      commands,
    );
    expect(out.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(out.stdout.join('\n'))).toMatchObject({ payments: 2, missingLedgers: ['Raj Traders'] });
  });

  it('an old .xls or a damaged workbook is refused with a message, not read as XML', async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(ledgerNamesFromTallyList(xls, 'accounts.xls')).rejects.toThrow(/\.xls/);
    await expect(ledgerNamesFromTallyList(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1]), 'a.xlsx')).rejects.toThrow(
      /cannot be read|not a valid/,
    );
  });
});
