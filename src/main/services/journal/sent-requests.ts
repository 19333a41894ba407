import type { Db } from '../../db/open';
import { get, q, run, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import {
  type BatchPayoutInput,
  batchPayoutInputSchema,
  type PayoutInput,
  payoutInputSchema,
} from '../../enkash/inputs';

/**
 * The request each first departure sent (table sent_requests, migration 006), committed in the same
 * transaction as SENDING. A resend repeats it — same chunk, same ids, same amounts, payees and fund source —
 * whatever Settings say today (issue 9 point 1). Bodies hold payee data that already lives in the database; never a
 * secret or a token (those are added by the client on the wire).
 */

const norm = (t: string) => t.toUpperCase();

/** Stores a chunk's request. A first departure replaces an earlier one, which provably never left. */
export function* saveBatchRequestOps(chunkId: number, input: BatchPayoutInput, at: Date): Ops<void> {
  yield* run(q`DELETE FROM sent_requests WHERE kind = 'batch' AND chunk_id = ${chunkId}`);
  yield* run(
    q`INSERT INTO sent_requests (kind, chunk_id, body, created_at)
      VALUES ('batch', ${chunkId}, ${JSON.stringify(input)}, ${at.toISOString()})`,
  );
}

export function saveBatchRequest(db: Db, chunkId: number, input: BatchPayoutInput, at: Date): void {
  runSqlite(db, saveBatchRequestOps(chunkId, input, at));
}

/** A chunk's stored request; null when none was stored (a chunk first sent by an older version) or unreadable. */
export function* loadBatchRequestOps(chunkId: number): Ops<BatchPayoutInput | null> {
  const row = yield* get<{ body: string }>(
    q`SELECT body FROM sent_requests WHERE kind = 'batch' AND chunk_id = ${chunkId}`,
  );
  return row ? parse(row.body, batchPayoutInputSchema) : null;
}

export function loadBatchRequest(db: Db, chunkId: number): BatchPayoutInput | null {
  return runSqlite(db, loadBatchRequestOps(chunkId));
}

export function* saveSingleRequestOps(payoutId: number, input: PayoutInput, at: Date): Ops<void> {
  yield* run(
    q`INSERT INTO sent_requests (kind, payout_id, transaction_id, body, created_at)
      VALUES ('single', ${payoutId}, ${input.transactionId}, ${JSON.stringify(input)}, ${at.toISOString()})`,
  );
}

export function saveSingleRequest(db: Db, payoutId: number, input: PayoutInput, at: Date): void {
  runSqlite(db, saveSingleRequestOps(payoutId, input, at));
}

/**
 * The request a row last went out with under `transactionId`: its latest single request, else its transfer in
 * its chunk's batch request (a row of a landed chunk is resent alone). Matching the transactionId matters: a
 * row that got a new id ("not ours" on a CONFLICT) must not repeat a request made under the old one.
 */
export function* loadSingleRequestOps(
  payoutId: number,
  transactionId: string,
  chunkId: number | null,
): Ops<PayoutInput | null> {
  const single = yield* get<{ body: string }>(
    q`SELECT body FROM sent_requests WHERE kind = 'single' AND payout_id = ${payoutId}
        AND upper(transaction_id) = ${norm(transactionId)} ORDER BY id DESC LIMIT 1`,
  );
  if (single) return parse(single.body, payoutInputSchema);
  if (chunkId === null) return null;
  const batch = yield* loadBatchRequestOps(chunkId);
  return batch?.transfers.find((t) => norm(t.transactionId) === norm(transactionId)) ?? null;
}

export function loadSingleRequest(
  db: Db,
  payoutId: number,
  transactionId: string,
  chunkId: number | null,
): PayoutInput | null {
  return runSqlite(db, loadSingleRequestOps(payoutId, transactionId, chunkId));
}

/** Validated like any client input; a body that no longer parses is treated as absent (the caller rebuilds). */
function parse<T>(body: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) {
  try {
    const r = schema.safeParse(JSON.parse(body));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
