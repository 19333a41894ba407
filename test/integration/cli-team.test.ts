import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { runCli } from '../../src/cli/main';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { openPgStore, type Store } from '../../src/main/db/store/store';
import { get, q } from '../../src/main/db/store/ops';
import { addUserOps, prepareUser } from '../../src/main/services/team/users';
import { captureIo } from '../support/cli-io';
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg-database';
import { makeRows, rupees, sumPaise, writePayoutCsv } from './support/journal-harness';

/**
 * Issue 14 point 5 on a team's PostgreSQL database (through --database-url; the Desk Server's --server is still to
 * come): `submit --yes --json` by a maker stages and submits for approval without sending; `approve` and `reject`
 * by checkers; refusals by role or self-approval exit 3, a wrong typed total exits 2, a missing sign-in says so.
 */

const PASSWORD = 'team member pass phrase';
let dir = '';
let sandbox: SandboxHandle;
let db: FreshPgDatabase;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-team-'));
  sandbox = await startSandbox({ seed: 14, initialBalancePaise: 1_000_000_000_00 });
  db = await freshPgDatabase();
  store = await openPgStore({ connectionString: db.url });
  for (const [name, role] of [
    ['maya', 'maker'],
    ['chetan', 'checker'],
    ['vimal', 'viewer'],
  ] as const) {
    await store.run(addUserOps(await prepareUser(name, role, PASSWORD), { by: 'test', at: new Date() }));
  }
});
afterAll(async () => {
  await store.close();
  await db.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function sheet(name: string, seed: number, n = 4): { file: string; totalPaise: number } {
  const rows = makeRows(n, seed, seed * 100);
  return { file: writePayoutCsv(join(dir, name), rows), totalPaise: sumPaise(rows) };
}

async function cli(args: string[], user?: string, password = PASSWORD) {
  const env: NodeJS.ProcessEnv = user ? { PAYOUT_DESK_USER: user, PAYOUT_DESK_PASSWORD: password } : {};
  const io = captureIo(env);
  const common = [
    '--env',
    'sandbox',
    '--base-url',
    sandbox.url,
    '--data-dir',
    join(dir, 'data'),
    '--database-url',
    db.url,
  ];
  const code = await runCli([...args, ...common], io, commands);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

const createdAtEnkash = () => sandbox.stats().byOperation.createBatchPayout ?? 0;

describe('the CLI on a team database', () => {
  it('a maker submits for approval without sending; a checker approves with the typed total; the maker cannot', async () => {
    const { file, totalPaise } = sheet('a.csv', 1);
    const sentBefore = createdAtEnkash();
    const submitted = await cli(['submit', file, '--yes', '--json'], 'maya');
    expect(submitted.code, submitted.err).toBe(0);
    const json = JSON.parse(submitted.out);
    expect(json).toMatchObject({ state: 'AWAITING_APPROVAL', totalPaise, required: 1, stagedBy: 'maya' });
    expect(createdAtEnkash()).toBe(sentBefore);

    const self = await cli(['approve', String(json.batchId), '--total', rupees(totalPaise)], 'maya');
    expect(self.code).toBe(3);
    expect(self.err).toMatch(/maker may not approve batches/);
    const viewer = await cli(['approve', '--batch', String(json.batchId), '--total', rupees(totalPaise)], 'vimal');
    expect(viewer.code).toBe(3);
    const wrong = await cli(['approve', String(json.batchId), '--total', rupees(totalPaise + 100)], 'chetan');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('does not match');

    const ok = await cli(['approve', String(json.batchId), '--total', rupees(totalPaise), '--json'], 'chetan');
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ batchId: json.batchId, state: 'CONFIRMED', required: 1 });
    const ready = await store.run(
      get<{ n: number }>(q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${json.batchId} AND state = 'READY'`),
    );
    expect(Number(ready?.n)).toBe(4);
  });

  it('a checker rejects with a reason; without a sign-in or with a wrong password nothing is staged', async () => {
    const { file } = sheet('b.csv', 2);
    const submitted = await cli(['submit', file, '--yes', '--json'], 'maya');
    const { batchId } = JSON.parse(submitted.out);
    expect((await cli(['reject', String(batchId)], 'chetan')).code).toBe(2);
    const rejected = await cli(['reject', String(batchId), '--reason', 'Wrong month', '--json'], 'chetan');
    expect(rejected.code, rejected.err).toBe(0);
    expect(JSON.parse(rejected.out)).toMatchObject({ state: 'DRAFT', rejectedReason: 'Wrong month' });

    const batches = async () => Number((await store.run(get<{ n: number }>(q`SELECT count(*) AS n FROM batches`)))?.n);
    const before = await batches();
    const anonymous = await cli(['submit', sheet('c.csv', 3).file, '--yes', '--json']);
    expect(anonymous.code).toBe(1);
    expect(anonymous.out).toContain('PAYOUT_DESK_USER');
    const wrong = await cli(['submit', sheet('d.csv', 4).file, '--yes'], 'maya', 'not the password');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('The user name or password is wrong.');
    expect(wrong.err).not.toContain('not the password');
    expect(await batches()).toBe(before);
  });
});
