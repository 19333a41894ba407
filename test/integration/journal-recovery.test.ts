import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { chunksOfBatchOps, getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps, payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { get, q } from '../../src/main/db/store/ops';
import type { EnkashClient } from '../../src/main/enkash/client';
import { createEnkashClient } from '../../src/main/enkash/client';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { ACCEPTED_STATES, type PayoutState } from '../../src/main/services/journal/states';
import { reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { toPayoutInput } from '../../src/main/services/journal/request';
import { ENGINES } from '../support/test-store';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  settle,
  SHA,
  seedSearchProof,
  stageConfirmed,
} from './support/journal-harness';
import { claimChunk } from './support/lost-answer';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function confirmed(hh: Harness, n: number, seed: number): Promise<number> {
  return stageConfirmed(hh, makeRows(n, seed), { fileName: 'c.csv', sha256: SHA });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (polling) until at least `n` rows have left — a point in the run, not a wall-clock guess. */
async function untilSent(hh: Harness, batchId: number, n: number): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    const row = await hh.store.run(
      get<{ n: number | string }>(q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${batchId} AND attempts > 0`),
    );
    const sent = Number(row?.n ?? 0);
    if (sent >= n) return;
    await sleep(2);
  }
  throw new Error('the engine did not start sending');
}

const chunksOf = (batchId: number) => h!.store.run(chunksOfBatchOps(batchId));
const chunkRows = (chunkId: number) => h!.store.run(payoutsOfChunkOps(chunkId));
const rowsOf = (batchId: number, states?: PayoutState[]) =>
  h!.store.run(payoutsOfBatchOps(batchId, states ? { states } : {}));
const batchOf = async (batchId: number) => (await h!.store.run(getBatchRowOps(batchId)))!;

describe.each(ENGINES)('start-up recovery (%s)', (engine) => {
  it('SENDING becomes UNKNOWN; what landed is found, what never left is resent with the same ids', async () => {
    // The journal's clock is manual: the grace period passes exactly when the test says so.
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 10 }, timing: { unknownGraceMs: 60_000 } });
    const batchId = await confirmed(h, 30, 31);
    const [c1, c2] = await chunksOf(batchId);
    // Crash 1: SENDING committed and the request reached EnKash, the answer was lost.
    await claimChunk(h, c1!.id);
    const { client } = await h.deps.session();
    await client.createBatchPayout({
      batchTransactionId: c1!.batchTransactionId,
      transfers: (await chunkRows(c1!.id)).map(toPayoutInput),
    });
    // Crash 2: SENDING committed, the process died before the request left.
    await claimChunk(h, c2!.id);

    const report = await reconcileOnStartup(h.deps);
    expect(report.interrupted).toBe(20);
    expect((await chunkRows(c1!.id)).every((p) => p.state === 'PENDING')).toBe(true);
    expect((await chunksOf(batchId)).find((c) => c.id === c1!.id)?.landed).toBe(true);
    // Not found, but within the grace period: not resent yet.
    expect((await chunkRows(c2!.id)).every((p) => p.state === 'UNKNOWN' && p.attempts === 1)).toBe(true);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(1);
    clock.advance(30_000);
    await reconcileTick(h.deps, client); // searched again, still inside the grace period: no resend
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(1);
    clock.advance(30_001);
    await reconcileTick(h.deps, client); // search after the grace period → not found → identical resend
    expect((await chunkRows(c2!.id)).every((p) => p.state === 'PENDING' && p.attempts === 2)).toBe(true);
    expect(h.sandbox.payouts().filter((p) => p.batchTransactionId === c2!.batchTransactionId)).toHaveLength(10);
    // The untouched third chunk is sent by the engine afterwards.
    await settle(h, batchId, createSubmissionEngine(h.deps));
    const check = await checkLedger(h);
    expect(check.paidTwice).toEqual([]);
    expect(check.ledgerPaise).toBe(check.dbAcceptedPaise);
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });

  it('a 409 on a resend proves the batch landed: search again, never a new id', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 10 }, timing: { unknownGraceMs: 60_000 } });
    await seedSearchProof(h); // a proven "not found" is the premise here (issue 9 point 5)
    const batchId = await confirmed(h, 10, 32);
    const [c1] = await chunksOf(batchId);
    const { client } = await h.deps.session();
    await claimChunk(h, c1!.id);
    await client.createBatchPayout({
      batchTransactionId: c1!.batchTransactionId,
      transfers: (await chunkRows(c1!.id)).map(toPayoutInput),
    });
    // EnKash's search lags behind: for a while it finds nothing.
    // Blind for two rounds, however many searches a round makes (a chunk's misses are asked row by row).
    let blind = true;
    const lagging: EnkashClient = {
      ...client,
      searchPayouts: async (input) => (blind ? { items: [], total: 0 } : client.searchPayouts(input)),
    };
    h.deps.session = async () => ({ client: lagging, environment: 'sandbox', profile: h!.deps.profile() });
    await reconcileOnStartup(h.deps); // blind search 1: not found
    clock.advance(60_000);
    await reconcileTick(h.deps, lagging); // blind search 2 after grace → resend → 409
    const chunk = (await chunksOf(batchId))[0]!;
    expect(chunk.landed).toBe(true);
    expect((await chunkRows(c1!.id)).every((p) => p.state === 'UNKNOWN')).toBe(true);
    const dup = await h.store.run(
      get<{ n: number | string }>(
        q`SELECT count(*) AS n FROM audit_log WHERE action = 'unknown' AND data LIKE ${'%"duplicate":true%'}`,
      ),
    );
    expect(Number(dup!.n)).toBe(10);
    blind = false;
    await reconcileTick(h.deps, lagging); // the search works again → found (the sandbox moved on meanwhile)
    expect((await chunkRows(c1!.id)).every((p) => ACCEPTED_STATES.includes(p.state))).toBe(true);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
    expect(h.sandbox.payouts()).toHaveLength(10);
  });
});

describe.each(ENGINES)('pause, resume, cancel, unreachable (%s)', (engine) => {
  it('pause stops between chunks and resume finishes the batch', async () => {
    h = await createHarness({
      engine,
      profile: { batchChunkSize: 5 },
      sandbox: { latencyMs: 15 },
      timing: { concurrency: 1 },
    });
    const batchId = await confirmed(h, 40, 33);
    const submission = createSubmissionEngine(h.deps);
    const run = submission.start(batchId);
    await untilSent(h, batchId, 5);
    expect(await submission.pause(batchId)).toBe(true);
    expect((await run).state).toBe('PAUSED');
    const ready = (await rowsOf(batchId, ['READY'])).length;
    expect(ready).toBeGreaterThan(0);
    expect(ready).toBeLessThan(40);
    await sleep(30);
    expect((await rowsOf(batchId, ['READY'])).length).toBe(ready);
    expect((await submission.resume(batchId)).state).toBe('SENT');
    expect((await checkLedger(h)).dbAcceptedPaise).toBe((await batchOf(batchId)).totalPaise);
  });

  it('cancel stops unsent rows only and says which had already left', async () => {
    h = await createHarness({
      engine,
      profile: { batchChunkSize: 5 },
      sandbox: { latencyMs: 15 },
      timing: { concurrency: 1 },
    });
    const batchId = await confirmed(h, 40, 34);
    const submission = createSubmissionEngine(h.deps);
    const run = submission.start(batchId);
    await untilSent(h, batchId, 5);
    const result = await submission.cancel(batchId);
    await run;
    expect(result.cancelledRows).toBeGreaterThan(0);
    expect(result.cancelledRows + result.alreadySent.count).toBe(40);
    const sentIds = new Set(result.alreadySent.rows.map((r) => r.transactionId));
    await settle(h, batchId, submission);
    const rows = await rowsOf(batchId);
    // Cancelled rows never reached the sandbox; every row that had left is paid exactly once.
    for (const r of rows) {
      if (r.state === 'CANCELLED') expect(h.sandbox.paidCount(r.transactionId)).toBe(0);
      else expect(sentIds.has(r.transactionId) && h.sandbox.paidCount(r.transactionId) === 1).toBe(true);
    }
    expect((await batchOf(batchId)).state).toBe('CANCELLED');
  });

  it('EnKash unreachable: nothing is marked sent, retries back off, then the batch pauses with the reason', async () => {
    h = await createHarness({ engine });
    const batchId = await confirmed(h, 12, 35);
    const deadProfile = { ...h.deps.profile() };
    const dead = createEnkashClient({
      baseUrl: 'http://127.0.0.1:9',
      profile: deadProfile,
      credentials: async () => ({ ...SANDBOX_DEMO }),
    });
    h.deps.session = async () => ({ client: dead, environment: 'sandbox', profile: deadProfile });
    const run = await createSubmissionEngine(h.deps).start(batchId);
    expect(run.state).toBe('PAUSED');
    const batch = await batchOf(batchId);
    expect(batch.lastError).toMatch(/could not be reached/i);
    const rows = await rowsOf(batchId);
    expect(rows.every((r) => r.state === 'READY' && r.attempts === 0)).toBe(true);
    expect(h.events.some((e) => e.type === 'batch-state' && e.state === 'PAUSED')).toBe(true);
  });
});

describe.each(ENGINES)('reading answers (%s)', (engine) => {
  it('a row missing from the batch answer is UNKNOWN, then settled by search — never assumed failed', async () => {
    h = await createHarness({ engine, profile: { batchChunkSize: 10 } });
    const batchId = await confirmed(h, 10, 36);
    const { client } = await h.deps.session();
    let dropped: string | null = null;
    const forgetful: EnkashClient = {
      ...client,
      createBatchPayout: async (input) => {
        const r = await client.createBatchPayout(input);
        dropped = r.accepted[3]!.transactionId;
        return { ...r, accepted: r.accepted.filter((a) => a.transactionId !== dropped), missing: [dropped] };
      },
    };
    h.deps.session = async () => ({ client: forgetful, environment: 'sandbox', profile: h!.deps.profile() });
    await createSubmissionEngine(h.deps).start(batchId);
    const rows = await rowsOf(batchId);
    expect(rows.filter((r) => r.state === 'UNKNOWN').map((r) => r.transactionId)).toEqual([dropped]);
    await reconcileTick(h.deps, forgetful);
    expect((await rowsOf(batchId)).every((r) => r.state === 'PENDING')).toBe(true);
    expect(h.sandbox.paidCount(dropped!)).toBe(1);
  });

  it('a whole batch refused with a 4xx: every row REJECTED with the code, nothing paid, fixable', async () => {
    h = await createHarness({ engine, profile: { batchChunkSize: 10 }, sandbox: { maxBatchSize: 5 } });
    const batchId = await confirmed(h, 8, 37);
    expect((await createSubmissionEngine(h.deps).start(batchId)).state).toBe('SENT');
    const rows = await rowsOf(batchId);
    expect(rows.every((r) => r.state === 'REJECTED' && r.rejectCode === 'HTTP_422')).toBe(true);
    expect(h.sandbox.ledger()).toEqual([]);
  });
});
