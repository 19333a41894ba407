import { AppError } from '../../../shared/domain/errors';
import { sql } from 'kysely';
import type { Db } from '../../db/open';
import { all, get, q, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

/**
 * Timelines read from the hash-chained audit log: every state change of a payout (entity 'payout', keyed by its
 * transactionId) or a batch (entity 'batch', keyed by its id), oldest first. The audit log holds ids and codes,
 * never payee details, so a timeline is safe to show and export as it is.
 */

export type TimelineEntry = {
  auditId: number;
  at: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  /** The audit entry's data (EnKash status, UTR, reject code, route …). */
  data: Record<string, unknown>;
};

type RawEntry = Omit<TimelineEntry, 'data'> & { data: string };

function parseData(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    // An entry whose data is not JSON was edited by hand; verifyChain reports it. Show it as empty.
    return {};
  }
}

function toEntry(raw: RawEntry): TimelineEntry {
  return { ...raw, data: parseData(raw.data) };
}

type PayoutTimeline = { payoutId: number; transactionId: string; entries: TimelineEntry[] };

/** Every audited transition of one payout, oldest first. */
export function* payoutTimelineOps(payoutId: number): Ops<PayoutTimeline> {
  const row = yield* get<{ txn: string }>(q`SELECT transaction_id AS txn FROM payouts WHERE id = ${payoutId}`);
  if (!row) throw new AppError('not_found', 'No such payout.', { payoutId });
  const entries = (yield* all<RawEntry>(
    q`SELECT id AS "auditId", at, action, from_state AS "fromState", to_state AS "toState", data
        FROM audit_log WHERE entity = 'payout' AND entity_id = ${row.txn} ORDER BY id`,
  )).map(toEntry);
  return { payoutId, transactionId: row.txn, entries };
}

export function payoutTimeline(db: Db, payoutId: number): PayoutTimeline {
  return runSqlite(db, payoutTimelineOps(payoutId));
}

/** Timelines of several payouts at once (the rows of one page of a batch), keyed by payout id. */
export function* timelinesForOps(payoutIds: readonly number[]): Ops<Record<number, TimelineEntry[]>> {
  const out: Record<number, TimelineEntry[]> = {};
  if (payoutIds.length === 0) return out;
  for (const id of payoutIds) out[id] = [];
  // Two indexed reads for the page (at most 1000 ids): the rows' transactionIds, then their audit entries through
  // audit_entity — never a join whose order a planner could turn into a walk of the whole audit log.
  const txns = yield* all<{ id: number; txn: string }>(
    q`SELECT id, transaction_id AS txn FROM payouts WHERE id IN (${sql.join([...payoutIds])})`,
  );
  if (txns.length === 0) return out;
  const idOf = new Map(txns.map((t) => [t.txn, t.id]));
  const rows = yield* all<RawEntry & { txn: string }>(
    q`SELECT entity_id AS txn, id AS "auditId", at, action, from_state AS "fromState", to_state AS "toState", data
      FROM audit_log WHERE entity = 'payout' AND entity_id IN (${sql.join(txns.map((t) => t.txn))}) ORDER BY id`,
  );
  for (const { txn, ...entry } of rows) out[idOf.get(txn) as number]?.push(toEntry(entry));
  return out;
}

export function timelinesFor(db: Db, payoutIds: readonly number[]): Record<number, TimelineEntry[]> {
  return runSqlite(db, timelinesForOps(payoutIds));
}

/** The batch's own transitions (confirmed, sending, paused, sent, cancelled), oldest first. */
export function* batchEventsOps(batchId: number): Ops<TimelineEntry[]> {
  return (yield* all<RawEntry>(
    q`SELECT id AS "auditId", at, action, from_state AS "fromState", to_state AS "toState", data
        FROM audit_log WHERE entity = 'batch' AND entity_id = ${String(batchId)} ORDER BY id`,
  )).map(toEntry);
}

export function batchEvents(db: Db, batchId: number): TimelineEntry[] {
  return runSqlite(db, batchEventsOps(batchId));
}
