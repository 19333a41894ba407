import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/handlers/index';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatch';
import { exportBatchOn, exportHistoryOn } from '../../src/main/services/exports/jobs';
import { createAppRuntime, journalDepsFromContext } from '../../src/main/services/lifecycle';
import { dispatchCalls } from '../support/dispatch-calls';
import { createTestContext, type TestContext } from '../support/test-context';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { exportTallyOn } from '../../src/main/services/accounting/tally-export';
import { makeRows, rupees, shaOf, sumPaise } from './support/journal-harness';

/**
 * Issue 14 point 4: exports from a desk in Team mode. The desk's real handlers, signed in to a real Desk Server
 * on the throwaway PostgreSQL, write the team's rows through the desk's save dialog with the same writers as a
 * local export: the file is byte for byte what a local export of the team's database writes. A viewer may export.
 */

const SENDER = 'app://payout-desk/index.html';
const PASSWORD = 'desk exports test pass phrase';
let team: TeamServer;
let ctx: TestContext;
let dispatch: Dispatch;
let dir: string;
let nextPath = '';
let batchId = 0;
let totalPaise = 0;

beforeAll(async () => {
  team = await startTeamServer({
    seed: 43,
    users: { mira: 'maker', kiran: 'checker', vera: 'viewer' },
    password: PASSWORD,
  });
  dir = mkdtempSync(join(tmpdir(), 'team-desk-exports-'));
  ctx = createTestContext();
  const deps = journalDepsFromContext(ctx);
  const journal = createAppRuntime(deps);
  // The save dialog answers the path the test set for the next save.
  const handlers = createHandlers(
    ctx,
    { journal, deps, stop: () => journal.stop() },
    { chooseSavePath: () => nextPath },
  );
  dispatch = createDispatcher(handlers, { isTrustedSender: (u) => u === SENDER, log: ctx.log });
  await ok('teamSetConnection', { mode: 'team', serverUrl: team.url });
  await ok('teamSignIn', { serverUrl: team.url, name: 'mira', password: PASSWORD });
  const rows = makeRows(4, 11);
  totalPaise = sumPaise(rows);
  ({ batchId } = await ok<{ batchId: number }>('stageImport', {
    fileName: 'team-export.csv',
    sha256: shaOf('team-export'),
    kind: 'payouts',
    rows,
  }));
  // A checker approves it and the server sends it to the Sandbox, so the exports carry paid rows with UTRs.
  await ok('teamSignIn', { serverUrl: team.url, name: 'kiran', password: PASSWORD });
  await ok('teamApprove', { batchId, total: rupees(totalPaise) });
  await ok('teamSignIn', { serverUrl: team.url, name: 'vera', password: PASSWORD });
  const deadline = Date.now() + 45_000;
  for (;;) {
    const detail = await ok<{ batch: { state: string }; progress: { byState: Record<string, number> } }>('getBatch', {
      batchId,
    });
    if (detail.batch.state === 'SENT' && (detail.progress.byState.SUCCESS ?? 0) > 0) break;
    if (Date.now() > deadline) throw new Error(`batch not paid in time: ${JSON.stringify(detail.progress)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  await ctx?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  expect(await team.stop()).toBe(0);
});

const { ipc, ok } = dispatchCalls(() => dispatch, SENDER);

const localBatchCount = () => (ctx.db.prepare('SELECT COUNT(*) AS n FROM batches').get() as { n: number }).n;

describe('exports from a Team-mode desk (real Desk Server)', () => {
  it('a viewer exports a batch: the same file as a local export of the team’s database', async () => {
    expect(await ok('teamStatus')).toMatchObject({ connected: true, user: { name: 'vera', role: 'viewer' } });
    nextPath = join(dir, 'desk-batch.csv');
    const saved = await ok<{ status: string; path: string; rows: number; totalPaise: number }>('startExport', {
      jobId: 'team-export-batch-1',
      what: { kind: 'batch', batchId },
      format: 'csv',
      fullAccount: false,
    });
    expect(saved).toMatchObject({ status: 'saved', path: nextPath, rows: 4, totalPaise });
    const local = join(dir, 'local-batch.csv');
    await exportBatchOn(team.store, batchId, { format: 'csv', path: local, fullAccount: false });
    expect(readFileSync(nextPath).equals(readFileSync(local))).toBe(true);
    // Nothing of the team's was read from, or written to, this desk's own journal.
    expect(localBatchCount()).toBe(0);
  });

  it('the filtered history as CSV matches the local export too', async () => {
    nextPath = join(dir, 'desk-history.csv');
    const filters = { batchId };
    const saved = await ok<{ status: string; rows: number }>('startExport', {
      jobId: 'team-export-history-1',
      what: { kind: 'history', filters },
      format: 'csv',
      fullAccount: false,
    });
    expect(saved).toMatchObject({ status: 'saved', rows: 4 });
    const local = join(dir, 'local-history.csv');
    await exportHistoryOn(team.store, { filters }, { format: 'csv', path: local, fullAccount: false });
    expect(readFileSync(nextPath).equals(readFileSync(local))).toBe(true);
  });

  it('whole account numbers are refused plainly: they do not leave the Desk Server', async () => {
    nextPath = join(dir, 'full.csv');
    const reply = await ipc('startExport', {
      jobId: 'team-export-full-1',
      what: { kind: 'batch', batchId },
      format: 'csv',
      fullAccount: true,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/Desk Server/);
  });

  it('an unknown batch is the server’s not_found, and the dialog’s cancel is a plain answer', async () => {
    nextPath = join(dir, 'missing.csv');
    const missing = await ipc('startExport', {
      jobId: 'team-export-missing-1',
      what: { kind: 'batch', batchId: 999_999 },
      format: 'csv',
      fullAccount: false,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    nextPath = '';
    expect(
      await ok('startExport', {
        jobId: 'team-export-cancel-1',
        what: { kind: 'batch', batchId },
        format: 'csv',
        fullAccount: false,
      }),
    ).toEqual({ status: 'cancelled' });
  });

  it('a viewer saves the Tally file: the same XML as a local Tally export of the team’s database', async () => {
    nextPath = join(dir, 'desk-tally.xml');
    const saved = await ok<{ status: string; payments: number; ledgers: string[] }>('saveTally', {
      scope: { kind: 'batch', batchId },
      bankLedger: 'HDFC Current',
    });
    expect(saved).toMatchObject({ status: 'saved' });
    expect(saved.payments).toBeGreaterThan(0);
    expect(saved.ledgers).toContain('HDFC Current');
    const local = join(dir, 'local-tally.xml');
    await exportTallyOn(team.store, { batchId }, { path: local, bankLedger: 'HDFC Current' });
    expect(readFileSync(nextPath, 'utf8')).toBe(readFileSync(local, 'utf8'));
    // Files read on the desk (party ledgers, a List of Accounts) are not taken by the server's Tally route yet.
    const refused = await ipc('saveTally', { scope: { kind: 'batch', batchId }, partyLedgers: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
