import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { runCli } from '../../src/cli/main';
import { createEnkashClient } from '../../src/main/enkash/client';
import { get, q } from '../../src/main/db/store/ops';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { reconcileStatement } from '../../src/main/services/statement-recon/reconcile';
import { istDateOf } from '../../src/shared/domain/ist';
import { DEFAULT_SETTINGS, settingsSchema } from '../../src/shared/settings/settings';
import { captureIo } from '../support/cli-io';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { makeRows, rupees, sumPaise, writePayoutCsv } from './support/journal-harness';

/**
 * `export --recon RUN --server URL` (issue 14 point 5): a stored statement reconciliation of the team's database,
 * streamed by the Desk Server and written here — its dated statement lines travel as dates, so the file is the one
 * a local export of the same database writes, in CSV and in XLSX's cells.
 */

const PASSWORD = 'server recon pass phrase';
let team: TeamServer;
let runId = 0;

async function cli(args: string[], user: string) {
  const io = captureIo({ PAYOUT_DESK_USER: user, PAYOUT_DESK_PASSWORD: PASSWORD });
  const code = await runCli(args, io, commands);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

beforeAll(async () => {
  team = await startTeamServer({
    seed: 22,
    users: { maya: 'maker', chetan: 'checker', vimal: 'viewer' },
    password: PASSWORD,
  });
  const rows = makeRows(4, 22, 2200);
  const file = writePayoutCsv(join(team.dir, 'paid.csv'), rows);
  const server = ['--server', team.url];
  const submitted = await cli(['submit', file, '--yes', '--json', ...server], 'maya');
  expect(submitted.code, submitted.err).toBe(0);
  const { batchId } = JSON.parse(submitted.out) as { batchId: number };
  const approved = await cli(['approve', String(batchId), '--total', rupees(sumPaise(rows)), ...server], 'chetan');
  expect(approved.code, approved.err).toBe(0);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const open = await team.store.run(
      get<{ n: number }>(
        q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${batchId} AND state NOT IN ('SUCCESS', 'FAILED', 'REJECTED')`,
      ),
    );
    if (Number(open?.n) === 0) break;
    if (Date.now() > deadline) throw new Error('the batch did not settle');
    await cli(['reconcile', '--json', ...server], 'maya');
    await new Promise((r) => setTimeout(r, 200));
  }
  // The day's statement of the server's Sandbox, reconciled into the team's database (as the desk's screen does).
  const profile = settingsSchema.parse(DEFAULT_SETTINGS).apiProfile;
  const client = createEnkashClient({
    baseUrl: team.sandbox.url,
    profile,
    credentials: async () => ({ ...SANDBOX_DEMO }),
  });
  const today = istDateOf(Date.now());
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const defaults = { fundSourceId: SANDBOX_DEMO.fundSourceId };
  const deps = { store: team.store, now: () => new Date(), log, client, environment: 'sandbox', defaults };
  ({ runId } = await reconcileStatement(deps, { fromDate: today, toDate: today }));
}, 90_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

describe('export --recon --server', () => {
  it('a viewer exports the team’s reconciliation: the same file as a local export of the database', async () => {
    const remote = join(team.dir, 'recon-server.csv');
    const local = join(team.dir, 'recon-local.csv');
    const target = ['export', '--recon', String(runId), '--format', 'csv', '--json'];
    const r = await cli([...target, '--out', remote, '--server', team.url], 'vimal');
    expect(r.code, r.err).toBe(0);
    const l = await cli([...target, '--out', local, '--database-url', team.db.url], 'vimal');
    expect(l.code, l.err).toBe(0);
    const { path: _r, ...remoteJson } = JSON.parse(r.out) as Record<string, unknown>;
    const { path: _l, ...localJson } = JSON.parse(l.out) as Record<string, unknown>;
    expect(remoteJson).toEqual(localJson);
    expect(remoteJson.rows).toBeGreaterThan(0);
    const text = readFileSync(remote, 'utf8');
    expect(text).toBe(readFileSync(local, 'utf8'));
    expect(text).toContain('Statement line');
    // A dated line reads as an IST date, not an object or an ISO string.
    expect(text).not.toContain('$date');
    expect(text).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
  }, 60_000);
});
