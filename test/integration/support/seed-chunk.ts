import { get, type Ops, q } from '../../../src/main/db/store/ops';

/**
 * One CONFIRMED batch with one READY chunk of `rows` READY payouts (T1…Tn, ₹1 each), written straight through
 * storage work on either engine: the starting point of the journal-writer tests, with no staging in between.
 */
export function* seedReadyChunkOps(rows: number, at: Date): Ops<{ batchId: number; chunkId: number; ids: number[] }> {
  const batch = yield* get<{ id: number }>(
    q`INSERT INTO batches (name, environment, state, row_count, total_paise, created_at)
      VALUES ('t', 'sandbox', 'CONFIRMED', ${rows}, ${rows * 100}, ${at.toISOString()}) RETURNING id`,
  );
  const chunk = yield* get<{ id: number }>(
    q`INSERT INTO chunks (batch_id, seq, batch_transaction_id, state) VALUES (${batch!.id}, 1, 'BT1', 'READY') RETURNING id`,
  );
  const ids: number[] = [];
  for (let i = 1; i <= rows; i++) {
    const row = yield* get<{ id: number }>(
      q`INSERT INTO payouts (batch_id, chunk_id, row_number, transaction_id, payee_name, account_number, ifsc,
          amount_paise, mode, state, created_at, updated_at)
        VALUES (${batch!.id}, ${chunk!.id}, ${i}, ${`T${i}`}, 'Ravi Kumar', '1234567890', 'HDFC0000001', 100, 'IMPS',
          'READY', ${at.toISOString()}, ${at.toISOString()}) RETURNING id`,
    );
    ids.push(row!.id);
  }
  return { batchId: batch!.id, chunkId: chunk!.id, ids };
}
