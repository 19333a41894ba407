import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCliApp } from '../../src/cli/app-context';
import { reconcileCommand } from '../../src/cli/commands/reconcile';
import { createSubmitCommand } from '../../src/cli/commands/submit';
import { DB_FILE } from '../../src/main/context';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { stageBatch } from '../../src/main/services/submission/stage';
import { makeRows, rupees, SHA, sumPaise } from './support/journal-harness';
import { ACCEPTED_STATES, type PayoutState } from '../../src/shared/domain/payout-states';
import { captureIo as io } from '../support/cli-io';
import { useCliSandbox } from '../support/cli-sandbox';

const cli = useCliSandbox({ seed: 5, prefix: 'payout-cli-' });
const { flags } = cli;

function csv(name: string, rows: ReturnType<typeof makeRows>, extra: string[] = []): string {
  const file = cli.path(name);
  const lines = ['Beneficiary Name,A/c No,IFSC Code,UPI ID,Amount (Rs),Narration', ...extra];
  for (const r of rows) {
    const v = r.values;
    lines.push([v.name, v.accountNumber ?? '', v.ifsc ?? '', v.vpa ?? '', v.amount, v.remark].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('npm run cli -- submit', () => {
  it('validates, stages, confirms with --yes, sends and prints the final JSON; progress goes to stderr', async () => {
    const rows = makeRows(60, 61);
    const file = csv('a.csv', rows);
    const out = io();
    const code = await createSubmitCommand().run([file, '--yes', '--json', ...flags('d1')], out);
    expect(code).toBe(0);
    expect(out.stdout).toHaveLength(1);
    const json = JSON.parse(out.stdout[0]!);
    expect(json).toEqual({
      batchId: 1,
      rows: 60,
      accepted: 60,
      rejected: 0,
      unknown: 0,
      failed: 0,
      succeeded: 0,
      totalPaise: sumPaise(rows),
    });
    expect(out.stderr.join('\n')).toMatch(/Pre-flight: 60 rows/);
    expect(out.stderr.join('\n')).toMatch(/sent 60\/60/);
    // The same file again: blocked as a re-import of a paid sheet (exit 1), unless explicitly allowed.
    const again = io();
    expect(await createSubmitCommand().run([file, '--yes', '--json', ...flags('d1')], again)).toBe(1);
    expect(JSON.parse(again.stdout[0]!).error.code).toBe('conflict');
    expect(again.stderr.join('\n')).toContain('same_file_paid');
    const allowed = io();
    expect(
      await createSubmitCommand().run([file, '--yes', '--json', '--allow-same-file', ...flags('d1')], allowed),
    ).toBe(0);
  });

  it('without --yes the typed total is asked for; a wrong one sends nothing', async () => {
    const rows = makeRows(5, 62, 1000);
    const file = csv('b.csv', rows);
    const before = cli.sandbox.stats().byOperation.createBatchPayout ?? 0;
    const wrong = io();
    const code = await createSubmitCommand({ prompt: async () => '1.00' }).run([file, '--json', ...flags('d2')], wrong);
    expect(code).toBe(2);
    expect(JSON.parse(wrong.stdout[0]!).error.message).toContain('does not match');
    expect(cli.sandbox.stats().byOperation.createBatchPayout ?? 0).toBe(before);
    const right = io();
    const total = rupees(sumPaise(rows)).replace(/^(\d+)(\d{3})\./, '$1,$2.');
    expect(await createSubmitCommand({ prompt: async () => total }).run([file, '--json', ...flags('d3')], right)).toBe(
      0,
    );
  });

  it('a sheet with errors stages nothing (exit 1) unless --skip-invalid pays the valid rows', async () => {
    const rows = makeRows(4, 63, 2000);
    const file = csv('c.csv', rows, ['Bad Payee,123456789,HDFCO000001,,100.00,Rent']);
    const bad = io();
    expect(await createSubmitCommand().run([file, '--yes', '--json', ...flags('d4')], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toContain('row 2 error ifsc_invalid');
    const skip = io();
    expect(await createSubmitCommand().run([file, '--yes', '--json', '--skip-invalid', ...flags('d4')], skip)).toBe(0);
    expect(JSON.parse(skip.stdout[0]!).rows).toBe(4);
  });

  it('production without credentials in the environment is a usage error; nothing is opened', async () => {
    const out = io();
    const file = csv('d.csv', makeRows(1, 64, 3000));
    expect(
      await createSubmitCommand().run([file, '--yes', '--env', 'production', '--data-dir', cli.path('d5')], out),
    ).toBe(2);
    expect(out.stderr.join('\n')).toContain('ENKASH_CLIENT_ID');
  });
});

describe('npm run cli -- reconcile', () => {
  it('sends the READY rows of a confirmed batch left by a crashed run and reports nothing unknown', async () => {
    // A run that confirmed a batch and died before sending anything.
    const out0 = io();
    const app = await openCliApp({ env: 'sandbox', 'base-url': cli.sandbox.url, 'data-dir': cli.path('d6') }, out0);
    const rows = makeRows(30, 65, 4000);
    const { batchId } = stageBatch(app.deps, { fileName: 'e.csv', sha256: SHA, kind: 'payouts', rows });
    await confirmBatch(app.deps, batchId!, rupees(sumPaise(rows)));
    await app.close();

    const out = io();
    expect(await reconcileCommand.run(['--json', ...flags('d6')], out)).toBe(0);
    const json = JSON.parse(out.stdout[0]!);
    expect(json).toMatchObject({ environment: 'sandbox', batchesResumed: 1, unknown: 0, unsent: 0 });
    const db = new Database(cli.path('d6', DB_FILE), { readonly: true });
    const states = db.prepare('SELECT state, count(*) AS n FROM payouts GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    db.close();
    expect(states.reduce((s, r) => s + r.n, 0)).toBe(30);
    expect(states.every((r) => ACCEPTED_STATES.includes(r.state as PayoutState))).toBe(true);
  });
});
