import { afterEach, describe, expect, it } from 'vitest';
import { payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, manualClock, seedSearchProof } from './support/journal-harness';
import { claimChunk, confirmedBatch } from './support/lost-answer';

/**
 * Issue 9 point 9: after a restart every UNKNOWN row waits a full grace period from start-up before any resend.
 * The computer may have been off (or its clock set forward) for hours: EnKash may not have indexed the first
 * request yet when we come back, so "sent long ago" must not count as "searched long after sending".
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(ENGINES)('grace after a restart (%s)', (engine) => {
  it('a row interrupted long ago is not resent until a full grace has passed since start-up', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 4 }, timing: { unknownGraceMs: 60_000 } });
    await seedSearchProof(h); // a proven "not found" is the premise here (issue 9 point 5)
    const { chunkId } = await confirmedBatch(h, 4, 61);
    await claimChunk(h, chunkId);
    // The machine was off for three hours (or its clock jumped forward).
    clock.advance(3 * 3600_000);
    await reconcileOnStartup(h.deps);
    const { client } = await h.deps.session();
    clock.advance(30_000);
    await reconcileTick(h.deps, client);
    expect(h.sandbox.stats().byOperation.createBatchPayout ?? 0).toBe(0);
    expect((await h.store.run(payoutsOfChunkOps(chunkId))).every((r) => r.state === 'UNKNOWN')).toBe(true);
    // A full grace after start-up, still not found: now the identical request goes again.
    clock.advance(30_001);
    await reconcileTick(h.deps, client);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(1);
    const after = await h.store.run(payoutsOfChunkOps(chunkId));
    expect(after.every((r) => r.state === 'PENDING' && r.attempts === 2)).toBe(true);
  });
});
