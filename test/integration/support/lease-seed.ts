import { insertBatchOps, insertChunkOps } from '../../../src/main/db/repos/batches-repo';
import { insertPayoutOps } from '../../../src/main/db/repos/payouts-repo';
import { openDatabase } from '../../../src/main/db/open';
import { type Ops, q, run, transaction } from '../../../src/main/db/store/ops';
import { openPgStore, sqliteStore, type Store } from '../../../src/main/db/store/store';
import type { TestStore } from '../../support/test-store';

/** A second process on the same journal database: its own SQLite connection, or its own PostgreSQL pool. */
export async function secondStore(t: TestStore): Promise<{ store: Store; close(): Promise<void> }> {
  if (t.file) {
    const db = openDatabase({ file: t.file });
    return {
      store: sqliteStore(db),
      close: async () => {
        db.close();
      },
    };
  }
  const store = await openPgStore({ connectionString: t.url!, max: 4 });
  return { store, close: () => store.close() };
}

export type SeededBatch = { batchId: number; chunkIds: number[]; payoutIds: number[][] };

let serial = 0;

/**
 * A SENDING batch of `chunks` chunks of `perChunk` READY rows each, written directly (the lease tests need rows in
 * place, not the staging rules). Ids are unique per test process.
 */
export function* seedSendingBatchOps(chunks: number, perChunk = 2): Ops<SeededBatch> {
  return yield* transaction(function* () {
    const tag = `${process.pid}x${++serial}`;
    const createdAt = '2026-12-03T10:00:00.000Z';
    const batchId = yield* insertBatchOps({
      importId: null,
      parentBatchId: null,
      name: `lease ${tag}`,
      environment: 'sandbox',
      kind: 'sheet',
      createdAt,
    });
    const chunkIds: number[] = [];
    const payoutIds: number[][] = [];
    for (let seq = 0; seq < chunks; seq++) {
      const chunkId = yield* insertChunkOps({ batchId, seq, batchTransactionId: `L${tag}C${seq}` });
      chunkIds.push(chunkId);
      const ids: number[] = [];
      for (let i = 0; i < perChunk; i++) {
        ids.push(
          yield* insertPayoutOps({
            batchId,
            chunkId,
            rowNumber: seq * perChunk + i + 2,
            transactionId: `L${tag}C${seq}R${i}`,
            payeeName: 'Asha Rao',
            accountNumber: '000123456789',
            ifsc: 'HDFC0000001',
            amountPaise: 100_00,
            mode: 'IMPS',
            state: 'DRAFT',
            createdAt,
          }),
        );
      }
      payoutIds.push(ids);
    }
    yield* run(q`UPDATE payouts SET state = 'READY' WHERE batch_id = ${batchId}`);
    yield* run(q`UPDATE batches SET state = 'SENDING' WHERE id = ${batchId}`);
    return { batchId, chunkIds, payoutIds };
  });
}
