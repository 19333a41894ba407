import { chunksOfBatch } from '../../../src/main/db/repos/batches-repo';
import { payoutsOfChunk } from '../../../src/main/db/repos/payouts-repo';
import { transitionChunk, transitionPayouts } from '../../../src/main/services/journal/transition';
import { confirmBatch } from '../../../src/main/services/submission/confirm';
import { stageBatch } from '../../../src/main/services/submission/stage';
import { type Harness, makeRows, rupees, SHA, sumPaise } from './journal-harness';

/** Stages and confirms `n` generated rows as one batch; returns its id and first chunk. */
export async function confirmedBatch(
  h: Harness,
  n: number,
  seed: number,
): Promise<{ batchId: number; chunkId: number }> {
  const drafts = makeRows(n, seed);
  const { batchId } = stageBatch(h.deps, { fileName: `b${seed}.csv`, sha256: SHA, kind: 'payouts', rows: drafts });
  await confirmBatch(h.deps, batchId!, rupees(sumPaise(drafts)));
  const [chunk] = chunksOfBatch(h.db, batchId!);
  return { batchId: batchId!, chunkId: chunk!.id };
}

/**
 * Commits SENDING for a chunk's READY rows exactly as the engine does just before the request leaves — then
 * nothing: the test decides whether the request reached EnKash (the answer is lost either way).
 */
export function claimChunk(h: Harness, chunkId: number): void {
  const at = h.deps.now();
  transitionChunk(h.db, chunkId, ['READY'], 'SENDING', { at, action: 'send' });
  transitionPayouts(
    h.db,
    payoutsOfChunk(h.db, chunkId, ['READY']).map((r) => ({
      id: r.id,
      from: 'READY' as const,
      to: 'SENDING' as const,
      action: 'send',
      set: { lastRoute: 'batch' as const },
    })),
    { at },
  );
}
