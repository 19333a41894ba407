import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { reconcileCommand } from '../../src/cli/commands/reconcile';
import { createSubmitCommand } from '../../src/cli/commands/submit';
import { runCli } from '../../src/cli/main';
import { DB_FILE } from '../../src/main/context';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { paiseToDecimal } from '../../src/shared/domain/money';
import { child, children, parseXml, path, textOf } from '../unit/accounting/xml-tree';
import { makeRows } from './support/journal-harness';
import { captureIo as io } from '../support/cli-io';

let sandbox: SandboxHandle;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 11,
    initialBalancePaise: 1_000_000_000_00,
    timing: { pendingMs: 0, processingMs: 0, failRate: 0, reverseRate: 0 },
  });
  dir = mkdtempSync(join(tmpdir(), 'payout-tally-cli-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const conn = () => ['--env', 'sandbox', '--base-url', sandbox.url, '--data-dir', join(dir, 'data'), '--poll-ms', '20'];

describe('npm run cli -- export --format tally (a batch paid through the sandbox)', () => {
  it('submits, reconciles to SUCCESS, exports one Payment voucher per payout with its UTR, and remembers ledgers', async () => {
    const rows = makeRows(5, 21);
    const sheet = join(dir, 'pay.csv');
    const lines = ['Beneficiary Name,A/c No,IFSC Code,UPI ID,Amount (Rs),Narration'];
    for (const r of rows) {
      const v = r.values;
      lines.push([v.name, v.accountNumber ?? '', v.ifsc ?? '', v.vpa ?? '', v.amount, v.remark].join(','));
    }
    writeFileSync(sheet, `${lines.join('\n')}\n`);
    expect(await createSubmitCommand().run([sheet, '--yes', '--json', ...conn()], io())).toBe(0);
    expect(await reconcileCommand.run(['--json', ...conn()], io())).toBe(0);

    const db = new Database(join(dir, 'data', DB_FILE), { readonly: true });
    const paid = db
      .prepare(
        "SELECT transaction_id AS id, amount_paise AS paise, utr FROM payouts WHERE state = 'SUCCESS' ORDER BY row_number",
      )
      .all() as { id: string; paise: number; utr: string | null }[];
    db.close();
    expect(paid).toHaveLength(5);

    const partyCsv = join(dir, 'parties.csv');
    writeFileSync(partyCsv, `Payee,Ledger\n${rows[0]!.values.name},Vendor One\n`);
    const file = join(dir, 'tally.xml');
    const out = io();
    const args = ['export', '--batch', '1', '--format', 'tally', '--out', file, '--data-dir', join(dir, 'data')];
    expect(
      await runCli([...args, '--bank-ledger', 'EnKash Payout A/c', '--party-ledgers', partyCsv], out, commands),
    ).toBe(0);
    expect(out.stdout.join('\n')).toMatch(/Wrote 5 payment and 0 reversal vouchers/);
    expect(out.stdout.join('\n')).toMatch(/Ledgers used/);
    expect(out.stdout).toContain('  EnKash Payout A/c');

    const check = (xml: string) => {
      const data = path(child(parseXml(xml), 'ENVELOPE'), 'BODY', 'IMPORTDATA', 'REQUESTDATA');
      const vouchers = children(data, 'TALLYMESSAGE').map((m) => child(m, 'VOUCHER'));
      expect(vouchers.map((v) => v.attrs.REMOTEID)).toEqual(paid.map((p) => p.id));
      vouchers.forEach((v, i) => {
        const [party, bank] = children(v, 'ALLLEDGERENTRIES.LIST');
        expect(textOf(party!, 'AMOUNT')).toBe(`-${paiseToDecimal(paid[i]!.paise)}`);
        expect(textOf(bank!, 'LEDGERNAME')).toBe('EnKash Payout A/c');
        const alloc = child(bank!, 'BANKALLOCATIONS.LIST');
        expect(textOf(alloc, 'UNIQUEREFERENCENUMBER')).toBe(paid[i]!.utr ?? '');
      });
      return vouchers;
    };
    const first = check(readFileSync(file, 'utf8'));
    expect(textOf(first[0]!, 'PARTYLEDGERNAME')).toBe('Vendor One');
    expect(paid.every((p) => p.utr)).toBe(true);

    // Second run, no ledger flags: both remembered; --all gives the same vouchers; a ledgers list names the missing.
    const list = join(dir, 'accounts.xml');
    writeFileSync(
      list,
      '<ENVELOPE><LEDGER NAME="EnKash Payout A/c"></LEDGER><LEDGER NAME="Vendor One"></LEDGER></ENVELOPE>',
    );
    const again = io();
    const file2 = join(dir, 'tally-all.xml');
    const args2 = [
      'export',
      '--all',
      '--format',
      'tally',
      '--out',
      file2,
      '--ledgers-list',
      list,
      '--data-dir',
      join(dir, 'data'),
    ];
    expect(await runCli(args2, again, commands)).toBe(0);
    check(readFileSync(file2, 'utf8'));
    expect(again.stdout.join('\n')).toMatch(/Create these ledgers in Tally before importing \(4\)/);
    expect(again.stdout).toContain(`  ${rows[1]!.values.name}`);
    expect(again.stdout).not.toContain('  Vendor One');

    const bad = io();
    expect(
      await runCli(['export', '--format', 'tally', '--out', file2, '--data-dir', join(dir, 'data')], bad, commands),
    ).toBe(2);
  });
});
