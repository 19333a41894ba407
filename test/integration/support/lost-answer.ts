import { chunksOfBatchOps } from '../../../src/main/db/repos/batches-repo';
import { payoutsOfChunkOps } from '../../../src/main/db/repos/payouts-repo';
import { engine, q, run, transaction } from '../../../src/main/db/store/ops';
import { declareOwnerOps } from '../../../src/main/services/journal/chunk-leases';
import { transitionChunkOps, transitionPayoutsOps } from '../../../src/main/services/journal/transition';
import { type Harness, makeRows, SHA, stageConfirmed } from './journal-harness';

/** Stages and confirms `n` generated rows as one batch, on the harness's engine; returns its id and first chunk. */
export async function confirmedBatch(
  h: Harness,
  n: number,
  seed: number,
): Promise<{ batchId: number; chunkId: number }> {
  const batchId = await stageConfirmed(h, makeRows(n, seed), { fileName: `b${seed}.csv`, sha256: SHA });
  const [chunk] = await h.store.run(chunksOfBatchOps(batchId));
  return { batchId, chunkId: chunk!.id };
}

/** The sender that "died" holding the chunk: on PostgreSQL its chunk lease is over at the claim's instant. */
const LOST_SENDER = 'lost-answer-sender';

/**
 * Commits SENDING for a chunk's READY rows exactly as the engine does just before the request leaves — then
 * nothing: the test decides whether the request reached EnKash (the answer is lost either way). On PostgreSQL the
 * departure happens under a chunk lease (migration 011 refuses any other), held by a sender that is never heard
 * from again, so recovery finds the chunk as a dead server leaves it.
 */
export function claimChunk(h: Harness, chunkId: number): Promise<void> {
  const at = h.deps.now();
  return h.store.run(
    transaction(function* () {
      if ((yield* engine()) === 'pg') {
        yield* run(
          q`UPDATE chunks SET lease_owner = ${LOST_SENDER}, lease_expires_at_ms = ${at.getTime()}
            WHERE id = ${chunkId}`,
        );
        // Live for the departure (declared a millisecond earlier), over by the claim's own instant.
        yield* declareOwnerOps(LOST_SENDER, at.getTime() - 1);
      }
      yield* transitionChunkOps(chunkId, ['READY'], 'SENDING', { at, action: 'send' });
      const ready = yield* payoutsOfChunkOps(chunkId, ['READY']);
      yield* transitionPayoutsOps(
        ready.map((r) => ({
          id: r.id,
          from: 'READY' as const,
          to: 'SENDING' as const,
          action: 'send',
          set: { lastRoute: 'batch' as const },
        })),
        { at },
      );
    }),
  );
}
