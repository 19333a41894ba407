import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, run } from '../../src/main/db/store/ops';
import { createHandlers } from '../../src/main/handlers/index';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatch';
import { createAppRuntime, journalDepsFromContext } from '../../src/main/services/lifecycle';
import { events as commandsEvents } from '../../src/shared/ipc/registry';
import { dispatchCalls } from '../support/dispatch-calls';
import { createTestContext, type TestContext } from '../support/test-context';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { makeRows, rupees, shaOf, sumPaise } from './support/journal-harness';

/**
 * Issue 14 point 4: a desk in Team mode routes the IPC registry to its Desk Server. A real desk context (its own
 * SQLite journal) and its real handlers talk to a real Desk Server on the throwaway PostgreSQL: a served command
 * goes to `POST /ipc/<command>` with the session's token, stageImport stages and submits for approval on the
 * server, desk-local commands stay local, an unserved journal command is refused, and a signed_out answer ends
 * the desk's session.
 */

const SENDER = 'app://payout-desk/index.html';
const PASSWORD = 'forwarding test pass phrase';
let team: TeamServer;
let ctx: TestContext;
let dispatch: Dispatch;
const seen: { path: string; bearer: boolean }[] = [];
let firstBatch = { id: 0, totalPaise: 0 };
const realFetch = globalThis.fetch;

beforeAll(async () => {
  team = await startTeamServer({ seed: 41, users: { mira: 'maker', kiran: 'checker' }, password: PASSWORD });
  ctx = createTestContext();
  const deps = journalDepsFromContext(ctx);
  const journal = createAppRuntime(deps);
  const handlers = createHandlers(ctx, { journal, deps, stop: () => journal.stop() }, { chooseSavePath: () => null });
  dispatch = createDispatcher(handlers, { isTrustedSender: (u) => u === SENDER, log: ctx.log });
  // Records where the desk's main calls the server and whether it sent a bearer token (never the token itself).
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin === new URL(team.url).origin) {
      const headers = new Headers(init?.headers);
      seen.push({ path: url.pathname, bearer: /^Bearer \S+$/.test(headers.get('authorization') ?? '') });
    }
    return realFetch(input, init);
  };
}, 60_000);

afterAll(async () => {
  globalThis.fetch = realFetch;
  await ctx?.cleanup();
  expect(await team.stop()).toBe(0);
});

const { ipc, ok } = dispatchCalls(() => dispatch, SENDER);

const localBatchCount = () => (ctx.db.prepare('SELECT COUNT(*) AS n FROM batches').get() as { n: number }).n;

describe('Team mode forwarding (desk handlers against a real Desk Server)', () => {
  it('on This computer every command runs locally, even while signed in', async () => {
    expect((await ok<{ connection: { mode: string } }>('getSettings')).connection.mode).toBe('local');
    await ok('teamSignIn', { serverUrl: team.url, name: 'mira', password: PASSWORD });
    seen.length = 0;
    expect(await ok<unknown[]>('listBatches', {})).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('Team server: the mode and URL are kept in the settings file, never the token or password', async () => {
    const settings = await ok<{ connection: { mode: string; serverUrl: string } }>('teamSetConnection', {
      mode: 'team',
      serverUrl: `${team.url}/some/path`,
    });
    expect(settings.connection).toEqual({ mode: 'team', serverUrl: new URL(team.url).origin });
    // The connection setting holds the mode and the address only: no token or password field exists to fill.
    expect(Object.keys(ctx.settings.get().connection).sort()).toEqual(['mode', 'serverUrl']);
    expect(JSON.stringify(ctx.settings.get())).not.toContain(PASSWORD);
    // The session with this same server survives the switch.
    expect((await ok<{ connected: boolean }>('teamStatus')).connected).toBe(true);
  });

  it('stageImport stages and submits for approval on the server; nothing lands in the local journal', async () => {
    const rows = makeRows(3, 7);
    seen.length = 0;
    const staged = await ok<{ batchId: number; importId: number; summary: { validRows: number; totalPaise: number } }>(
      'stageImport',
      { fileName: 'team-forward.csv', sha256: shaOf('team-forward'), kind: 'payouts', rows },
    );
    expect(staged.batchId).toBeGreaterThan(0);
    firstBatch = { id: staged.batchId, totalPaise: sumPaise(rows) };
    expect(staged.summary).toMatchObject({ validRows: 3, totalPaise: sumPaise(rows) });
    expect(seen).toEqual([{ path: '/api/batches', bearer: true }]);
    expect(localBatchCount()).toBe(0);

    // The import screen's own call says AWAITING_APPROVAL and how many checkers it needs.
    const submitted = await ok<{ batchId: number; approval: { state: string; required: number; stagedBy: string } }>(
      'teamSubmitImport',
      { fileName: 'team-forward-2.csv', sha256: shaOf('team-forward-2'), kind: 'payouts', rows: makeRows(2, 8) },
    );
    expect(submitted.approval).toMatchObject({ state: 'AWAITING_APPROVAL', required: 1, stagedBy: 'mira' });
    expect(localBatchCount()).toBe(0);
  });

  it('a served command goes to POST /ipc/<command> with the bearer token and answers the server’s data', async () => {
    seen.length = 0;
    const batches = await ok<{ id: number; state: string }[]>('listBatches', {});
    expect(batches.map((b) => b.state)).toEqual(['AWAITING_APPROVAL', 'AWAITING_APPROVAL']);
    expect(seen).toEqual([{ path: '/ipc/listBatches', bearer: true }]);
    const detail = await ok<{ batch: { id: number; state: string } }>('getBatch', { batchId: batches[0]!.id });
    expect(detail.batch.state).toBe('AWAITING_APPROVAL');
  });

  it('the server refuses by role: a maker may not approve', async () => {
    const [first] = await ok<{ id: number }[]>('listBatches', {});
    const reply = await ipc('teamApprove', { batchId: first!.id, total: '1.00' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('desk-local commands stay on the desk', async () => {
    seen.length = 0;
    await ok('getSettings');
    await ok('getAppInfo');
    await ok('updateUiPrefs', { pageSize: 25 });
    expect(await ok('getDraft', {})).toBeNull();
    expect(seen).toEqual([]);
    expect(ctx.settings.get().ui.pageSize).toBe(25);
  });

  it('an unserved journal command is refused as forbidden, with a clear message', async () => {
    seen.length = 0;
    const reply = await ipc('confirmBatch', { batchId: 1, typedTotal: '1.00' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('forbidden');
    expect(reply.error.message).toMatch(/^confirmBatch is not available in Team mode: .*approv/);
    expect(seen).toEqual([]);
  });

  it('a signed_out answer (the session ended on the server) clears the desk’s session', async () => {
    await team.store.run(run(q`UPDATE team_sessions SET ended = 1`));
    const reply = await ipc('listBatches', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'signed_out' } });
    expect(await ok('teamStatus')).toEqual({ connected: false });
    // Signed out in Team mode: served commands ask to sign in, they never fall back to the local journal.
    expect(await ipc('listBatches', {})).toMatchObject({ ok: false, error: { code: 'signed_out' } });
    // Signing in again resumes forwarding.
    await ok('teamSignIn', { serverUrl: team.url, name: 'kiran', password: PASSWORD });
    expect((await ok<unknown[]>('listBatches', {})).length).toBe(2);
  });

  it('the server’s batch progress reaches the window as the desk’s batchProgress event', async () => {
    const progress: { batchId: number; state: string }[] = [];
    const off = ctx.events.subscribe((channel, payload) => {
      if (channel === commandsEvents.batchProgress.channel)
        progress.push(payload as { batchId: number; state: string });
    });
    try {
      const approved = await ok<{ state: string }>('teamApprove', {
        batchId: firstBatch.id,
        total: rupees(firstBatch.totalPaise),
      });
      expect(['CONFIRMED', 'SENDING', 'SENT']).toContain(approved.state);
      await expect
        .poll(() => progress.some((p) => p.batchId === firstBatch.id && p.state === 'SENT'), { timeout: 30_000 })
        .toBe(true);
    } finally {
      off();
    }
  });

  it('back to This computer: signs out and the local journal answers again', async () => {
    const settings = await ok<{ connection: { mode: string } }>('teamSetConnection', { mode: 'local' });
    expect(settings.connection.mode).toBe('local');
    expect(await ok('teamStatus')).toEqual({ connected: false });
    seen.length = 0;
    expect(await ok<unknown[]>('listBatches', {})).toEqual([]);
    expect(seen).toEqual([]);
    expect(ctx.logLines.join('\n')).not.toContain(PASSWORD);
  });
});
