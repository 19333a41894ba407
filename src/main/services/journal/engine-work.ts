import { all, get, q, type Ops } from '../../db/store/ops';

/**
 * The engine's storage work besides the chunk claims (chunk-leases.ts): the loose rows to send and what is left.
 */

/**
 * The first READY row sent alone, not excluded: a row without a chunk (single payouts, a "not ours" row with a new
 * id) or whose chunk has left already (a fixed REJECTED row). Loose rows are sent by the journal lease's holder.
 */
export function* nextLooseOps(batchId: number, exclude: readonly number[]): Ops<number | null> {
  const look = exclude.length + 1;
  const rows = yield* all<{ id: number }>(
    q`SELECT p.id FROM payouts p LEFT JOIN chunks c ON c.id = p.chunk_id
      WHERE p.batch_id = ${batchId} AND p.state = 'READY' AND (p.chunk_id IS NULL OR c.state != 'READY')
      ORDER BY p.row_number, p.id LIMIT ${look}`,
  );
  return rows.find((r) => !exclude.includes(r.id))?.id ?? null;
}

export function* readyCountOps(batchId: number): Ops<number> {
  const row = yield* get<{ n: number }>(
    q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${batchId} AND state = 'READY'`,
  );
  return Number(row?.n ?? 0);
}
