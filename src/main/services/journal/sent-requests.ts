import type { Db } from '../../db/open';
import { stmt } from '../../db/prepared-cache';
import {
  type BatchPayoutInput,
  batchPayoutInputSchema,
  type PayoutInput,
  payoutInputSchema,
} from '../../enkash/inputs';

/**
 * The request each first departure sent (table sent_requests, migration 006), committed in the same
 * transaction as SENDING. A resend repeats it — same chunk, same ids, same amounts, payees and fund source —
 * whatever Settings say today (issue 9 point 1). Bodies hold payee data that already lives in SQLite; never a
 * secret or a token (those are added by the client on the wire).
 */

const norm = (t: string) => t.toUpperCase();

/** Stores a chunk's request. A first departure replaces an earlier one, which provably never left. */
export function saveBatchRequest(db: Db, chunkId: number, input: BatchPayoutInput, at: Date): void {
  stmt(db, "DELETE FROM sent_requests WHERE kind = 'batch' AND chunk_id = ?").run(chunkId);
  stmt(db, "INSERT INTO sent_requests (kind, chunk_id, body, created_at) VALUES ('batch', ?, ?, ?)").run(
    chunkId,
    JSON.stringify(input),
    at.toISOString(),
  );
}

/** A chunk's stored request; null when none was stored (a chunk first sent by an older version) or unreadable. */
export function loadBatchRequest(db: Db, chunkId: number): BatchPayoutInput | null {
  const row = stmt(db, "SELECT body FROM sent_requests WHERE kind = 'batch' AND chunk_id = ?").get(chunkId) as
    { body: string } | undefined;
  return row ? parse(row.body, batchPayoutInputSchema) : null;
}

export function saveSingleRequest(db: Db, payoutId: number, input: PayoutInput, at: Date): void {
  stmt(
    db,
    "INSERT INTO sent_requests (kind, payout_id, transaction_id, body, created_at) VALUES ('single', ?, ?, ?, ?)",
  ).run(payoutId, input.transactionId, JSON.stringify(input), at.toISOString());
}

/**
 * The request a row last went out with under `transactionId`: its latest single request, else its transfer in
 * its chunk's batch request (a row of a landed chunk is resent alone). Matching the transactionId matters: a
 * row that got a new id ("not ours" on a CONFLICT) must not repeat a request made under the old one.
 */
export function loadSingleRequest(
  db: Db,
  payoutId: number,
  transactionId: string,
  chunkId: number | null,
): PayoutInput | null {
  const single = stmt(
    db,
    "SELECT body FROM sent_requests WHERE kind = 'single' AND payout_id = ? AND upper(transaction_id) = ? ORDER BY id DESC LIMIT 1",
  ).get(payoutId, norm(transactionId)) as { body: string } | undefined;
  if (single) return parse(single.body, payoutInputSchema);
  if (chunkId === null) return null;
  const batch = loadBatchRequest(db, chunkId);
  return batch?.transfers.find((t) => norm(t.transactionId) === norm(transactionId)) ?? null;
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
