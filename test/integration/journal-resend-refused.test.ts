import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/domain/errors';
import { chunksOfBatchOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { all, q } from '../../src/main/db/store/ops';
import type { EnkashClient } from '../../src/main/enkash/client';
import { reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { ENGINES } from '../support/test-store';
import { checkLedger, createHarness, type Harness, manualClock, seedSearchProof } from './support/journal-harness';
import { claimChunk, confirmedBatch } from './support/lost-answer';

/**
 * Issue 9 point 1: a resend of UNKNOWN rows that is refused (by our own client or by EnKash) must never make
 * them REJECTED — the first request may have paid them — and a resend repeats the original chunk even when
 * Settings now ask for smaller chunks.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A chunk whose request "left" and whose process died: SENDING committed, nothing reached EnKash. */
async function interruptedChunk(hh: Harness, rows: number): Promise<{ batchId: number; chunkId: number }> {
  const { batchId, chunkId } = await confirmedBatch(hh, rows, 91);
  await claimChunk(hh, chunkId);
  await reconcileOnStartup(hh.deps);
  return { batchId, chunkId };
}

describe.each(ENGINES)('a refused resend keeps the rows UNKNOWN (%s)', (engine) => {
  it('chunk size lowered in Settings while rows are UNKNOWN: the original chunk is resent whole, nothing REJECTED', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 6 }, timing: { unknownGraceMs: 60_000 } });
    await seedSearchProof(h); // a proven "not found" is the premise here (issue 9 point 5)
    const { chunkId } = await interruptedChunk(h, 6);
    expect((await h.store.run(payoutsOfChunkOps(chunkId))).every((p) => p.state === 'UNKNOWN')).toBe(true);
    // The user lowers the chunk size; the client and the journal read the same profile object.
    h.deps.profile().batchChunkSize = 2;
    clock.advance(60_001);
    const { client } = await h.deps.session();
    await reconcileTick(h.deps, client);
    const rows = await h.store.run(payoutsOfChunkOps(chunkId));
    expect(rows.map((r) => r.state).filter((s) => s === 'REJECTED')).toEqual([]);
    expect(rows.every((r) => r.state === 'PENDING' && r.attempts === 2)).toBe(true);
    const chunk = (await h.store.run(chunksOfBatchOps(rows[0]!.batchId))).find((c) => c.id === chunkId)!;
    expect(h.sandbox.payouts().filter((p) => p.batchTransactionId === chunk.batchTransactionId)).toHaveLength(6);
    expect((await checkLedger(h)).paidTwice).toEqual([]);
  });

  it('EnKash refusing the resend (insufficient balance, a WAF 400) leaves the rows UNKNOWN with the reason', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock, profile: { batchChunkSize: 4 }, timing: { unknownGraceMs: 60_000 } });
    await seedSearchProof(h); // a proven "not found" is the premise here (issue 9 point 5)
    const { chunkId } = await interruptedChunk(h, 4);
    const { client } = await h.deps.session();
    const refusing: EnkashClient = {
      ...client,
      createBatchPayout: async () => {
        throw new AppError('enkash_rejected', 'EnKash refused the request.', {
          httpStatus: 412,
          enkashCode: 412,
          enkashMessage: 'Insufficient balance',
        });
      },
      createPayout: async () => {
        throw new AppError('enkash_rejected', 'EnKash refused the request.', { httpStatus: 400, enkashCode: 400 });
      },
    };
    clock.advance(60_001);
    await reconcileTick(h.deps, refusing);
    const rows = await h.store.run(payoutsOfChunkOps(chunkId));
    expect(rows.every((r) => r.state === 'UNKNOWN')).toBe(true);
    const audit = await h.store.run(
      all<{ data: string }>(q`SELECT data FROM audit_log WHERE entity = 'payout' AND action = 'resend-refused'`),
    );
    expect(audit).toHaveLength(4);
    expect(JSON.parse(audit[0]!.data).reason).toMatch(/Insufficient balance/);
    // Still searched again later: the row is not final.
    expect(rows.every((r) => r.nextCheckAt !== null)).toBe(true);
  });
});
