import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DB_FILE } from '../../../src/main/context';
import { openDatabase } from '../../../src/main/db/open';
import { addBatch, addPayout } from '../history/seed';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

const THEIRS = JSON.stringify({
  amountPaise: 999_00,
  beneficiaryId: null,
  accountNumber: '99887766554433',
  ifsc: 'SBIN0000001',
  vpa: null,
  mode: 'NEFT',
  status: 'SUCCESS',
  enkashTransactionId: 'EK9',
  createdOn: null,
  fields: ['amount', 'accountNumber'],
});

// Issue 9 points 3 and 5: `settle` records a person's decision, offline, audited with the reason.
describe('cli settle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'payout-settle-cli-'));
    const db = openDatabase({ file: join(dir, DB_FILE) });
    const batchId = addBatch(db, { name: 'Settle batch' });
    const id = addPayout(db, { batchId, transactionId: 'CONF1', amountPaise: 100_00, state: 'CONFLICT' });
    db.prepare('UPDATE payouts SET conflict = ? WHERE id = ?').run(THEIRS, id);
    addPayout(db, { batchId, transactionId: 'UNK1', amountPaise: 200_00, state: 'UNKNOWN' });
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const c = capture();
    return runCli(args, c.io, commands).then((code) => ({ code, ...c }));
  };

  it('history shows EnKash’s side of a CONFLICT row, account by its last four digits', async () => {
    const { code, out } = await run(['history', '--data-dir', dir]);
    expect(code).toBe(0);
    const line = out.find((l) => l.includes('EnKash holds under this id'))!;
    expect(line).toContain('999.00');
    expect(line).toContain('********4433');
    expect(line).toContain('NEFT');
    expect(line).not.toContain('99887766554433');
  });

  it('not-ours gives the row a new id and READY; --json says so', async () => {
    const { code, out } = await run([
      'settle',
      '--id',
      'CONF1',
      '--action',
      'not-ours',
      '--reason',
      'Another payee',
      '--data-dir',
      dir,
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out[0]!) as { state: string; transactionId: string; previousTransactionId: string };
    expect(result.state).toBe('READY');
    expect(result.previousTransactionId).toBe('CONF1');
    expect(result.transactionId).not.toBe('CONF1');
    const db = openDatabase({ file: join(dir, DB_FILE) });
    const audit = db.prepare("SELECT data FROM audit_log WHERE action = 'settle' AND entity_id = 'CONF1'").get() as {
      data: string;
    };
    db.close();
    expect(JSON.parse(audit.data)).toMatchObject({ settle: 'not-ours', reason: 'Another payee', actor: 'cli' });
  });

  it('paid on an UNKNOWN row settles it; a wrong state or missing reason is refused', async () => {
    expect(
      (await run(['settle', '--id', 'UNK1', '--action', 'paid', '--reason', 'Portal: paid', '--data-dir', dir])).code,
    ).toBe(0);
    const wrong = await run([
      'settle',
      '--id',
      'CONF1',
      '--action',
      'paid',
      '--reason',
      'Portal: paid',
      '--data-dir',
      dir,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.err.join()).toContain('CONFLICT');
    expect((await run(['settle', '--id', 'CONF1', '--action', 'adopt', '--data-dir', dir])).code).toBe(2);
    expect(
      (await run(['settle', '--id', 'CONF1', '--action', 'maybe', '--reason', 'xyz', '--data-dir', dir])).code,
    ).toBe(2);
  });
});
