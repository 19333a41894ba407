import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DB_FILE } from '../../../src/main/context';
import { appendAudit } from '../../../src/main/db/audit';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { setBankLedger } from '../../../src/main/services/accounting/tally-ledgers';
import { addBatch, addPayout } from '../history/seed';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-pack-'));
  db = openDatabase({ file: join(dir, DB_FILE) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const io = (): CliIo & { stdout: string[] } => {
  const stdout: string[] = [];
  return { out: (t) => stdout.push(t), err: () => {}, env: {}, stdout };
};

describe('npm run cli -- audit-pack', () => {
  it('zips the export, the confirmation with the typed total, the audit slice, the chain verdict and the Tally file', async () => {
    const batchId = addBatch(db);
    const other = addBatch(db, { name: 'Other' });
    addPayout(db, { batchId, transactionId: 'AP1', amountPaise: 2500, utr: 'U1', finalAt: '2026-12-01T06:00:00.000Z' });
    addPayout(db, { batchId: other, transactionId: 'OT1', amountPaise: 100 });
    const at = '2026-12-01T05:00:00.000Z';
    appendAudit(db, {
      at,
      entity: 'batch',
      entityId: String(batchId),
      action: 'confirm',
      fromState: 'DRAFT',
      toState: 'CONFIRMED',
      data: { totalPaise: 2500, rows: 1 },
    });
    appendAudit(db, {
      at,
      entity: 'payout',
      entityId: 'AP1',
      action: 'result',
      fromState: 'PROCESSING',
      toState: 'SUCCESS',
      data: { batchId },
    });
    appendAudit(db, {
      at,
      entity: 'payout',
      entityId: 'OT1',
      action: 'result',
      fromState: 'PROCESSING',
      toState: 'SUCCESS',
      data: { batchId: other },
    });
    setBankLedger(db, 'HDFC Bank', new Date(at));

    const zip = join(dir, 'pack.zip');
    const out = io();
    expect(
      await runCli(['audit-pack', '--batch', String(batchId), '--out', zip, '--data-dir', dir], out, commands),
    ).toBe(0);
    expect(out.stdout.join('\n')).toMatch(/Audit chain verified: intact/);
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    expect(Object.keys(files).sort()).toEqual(
      [
        'audit-chain.json',
        'audit-log.json',
        'batch.xlsx',
        'confirmation.json',
        'payee-verification.txt',
        'tally.xml',
      ].sort(),
    );
    expect(JSON.parse(strFromU8(files['audit-chain.json']!))).toEqual({ ok: true, entries: 3 });
    expect(JSON.parse(strFromU8(files['confirmation.json']!))).toMatchObject({
      batchId,
      typedTotalPaise: 2500,
      confirmedAt: at,
    });
    const slice = JSON.parse(strFromU8(files['audit-log.json']!)) as { entityId: string }[];
    expect(slice.map((e) => e.entityId)).toEqual([String(batchId), 'AP1']);
    expect(strFromU8(files['tally.xml']!)).toContain('REMOTEID="AP1"');
    expect(strFromU8(files['tally.xml']!)).not.toContain('OT1');
    // The XLSX is a real workbook (a ZIP itself).
    expect(Object.keys(unzipSync(files['batch.xlsx']!))).toContain('xl/workbook.xml');
  });
});
