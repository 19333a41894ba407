import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/domain/errors';
import { chunksOfBatchOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import type { EnkashClient } from '../../src/main/enkash/client';
import { reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { sendChunk } from '../../src/main/services/journal/send';
import { ENGINES } from '../support/test-store';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  shaOf,
  stageConfirmed,
} from './support/journal-harness';
import { claimChunk, confirmedBatch } from './support/lost-answer';

/**
 * Issue 9 point 9: within a run the resend grace is measured on a monotonic clock too, so a wall clock set
 * forward by hours cannot make an UNKNOWN row look "not found long after sending" and get it resent early.
 */

const GRACE = 60_000;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** One payout EnKash accepted, so Search is proven in this environment and "not found" counts (point 5). */
async function landedPayout(hh: Harness): Promise<void> {
  const drafts = makeRows(1, 5, 50);
  const batchId = await stageConfirmed(hh, drafts, { fileName: 'l.csv', sha256: shaOf('l') });
  const { client } = await hh.deps.session();
  const [chunk] = await hh.store.run(chunksOfBatchOps(batchId));
  expect((await sendChunk(hh.deps, client, chunk!.id, 'first')).kind).toBe('answered');
}

/** Counts create calls; the first one times out before it reaches EnKash. */
function losingFirst(client: EnkashClient) {
  const calls = { batch: 0 };
  const wrapped: EnkashClient = {
    ...client,
    createBatchPayout: async (input, opts) => {
      calls.batch++;
      if (calls.batch === 1) throw new AppError('enkash_unknown_outcome', 'No answer in time.', { reason: 'timeout' });
      return client.createBatchPayout(input, opts);
    },
  };
  return { wrapped, calls };
}

describe.each(ENGINES)('a wall-clock jump cannot skip the resend grace (%s)', (engine) => {
  it('wall clock forward by hours, monotonic seconds: no resend; after the monotonic grace: resent once', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, timing: { unknownGraceMs: GRACE } });
    await landedPayout(h);
    const { chunkId } = await confirmedBatch(h, 3, 41);
    const { client } = await h.deps.session();
    const { wrapped, calls } = losingFirst(client);
    expect((await sendChunk(h.deps, wrapped, chunkId, 'first')).kind).toBe('unknown');
    // The user (or NTP) sets the clock three hours ahead; only five real seconds pass.
    clock.jump(3 * 3600_000);
    clock.advance(5_000);
    await reconcileTick(h.deps, wrapped);
    clock.advance(5_000);
    await reconcileTick(h.deps, wrapped);
    expect(calls.batch).toBe(1);
    expect((await h.store.run(payoutsOfChunkOps(chunkId))).every((r) => r.state === 'UNKNOWN')).toBe(true);
    // The grace really elapses: the next "not found" leads to one identical resend.
    clock.advance(GRACE);
    await reconcileTick(h.deps, wrapped);
    expect(calls.batch).toBe(2);
    await reconcileTick(h.deps, wrapped);
    expect(calls.batch).toBe(2);
    const rows = await h.store.run(payoutsOfChunkOps(chunkId));
    expect(rows.every((r) => r.attempts === 2 && h!.sandbox.paidCount(r.transactionId) === 1)).toBe(true);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });

  it('after a restart, a wall-clock jump does not shorten the grace counted from start-up', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, timing: { unknownGraceMs: GRACE } });
    await landedPayout(h);
    const { chunkId } = await confirmedBatch(h, 2, 43);
    await claimChunk(h, chunkId); // sent by the previous run, which died
    await reconcileOnStartup(h.deps);
    clock.jump(5 * 3600_000);
    clock.advance(1_000);
    const { client } = await h.deps.session();
    await reconcileTick(h.deps, client);
    expect(
      (await h.store.run(payoutsOfChunkOps(chunkId))).every((r) => r.state === 'UNKNOWN' && r.attempts === 1),
    ).toBe(true);
    clock.advance(GRACE);
    await reconcileTick(h.deps, client);
    expect(
      (await h.store.run(payoutsOfChunkOps(chunkId))).every((r) => r.attempts === 2 && r.state !== 'UNKNOWN'),
    ).toBe(true);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });
});
