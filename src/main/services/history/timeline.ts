import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { stmt } from '../../db/prepared-cache';

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

const ENTRY_COLUMNS = 'id AS auditId, at, action, from_state AS fromState, to_state AS toState, data';
const A_ENTRY_COLUMNS = 'a.id AS auditId, a.at, a.action, a.from_state AS fromState, a.to_state AS toState, a.data';

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

/** Every audited transition of one payout, oldest first. */
export function payoutTimeline(
  db: Db,
  payoutId: number,
): { payoutId: number; transactionId: string; entries: TimelineEntry[] } {
  const row = stmt(db, 'SELECT transaction_id AS txn FROM payouts WHERE id = ?').get(payoutId) as
    { txn: string } | undefined;
  if (!row) throw new AppError('not_found', 'No such payout.', { payoutId });
  const entries = (
    stmt(db, `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE entity = 'payout' AND entity_id = ? ORDER BY id`).all(
      row.txn,
    ) as RawEntry[]
  ).map(toEntry);
  return { payoutId, transactionId: row.txn, entries };
}

/** Timelines of several payouts at once (the rows of one page of a batch), keyed by payout id. */
export function timelinesFor(db: Db, payoutIds: readonly number[]): Record<number, TimelineEntry[]> {
  const out: Record<number, TimelineEntry[]> = {};
  if (payoutIds.length === 0) return out;
  const query = stmt(
    db,
    `SELECT ${A_ENTRY_COLUMNS}
     FROM payouts p CROSS JOIN audit_log a ON a.entity = 'payout' AND a.entity_id = p.transaction_id
     WHERE p.id = ? ORDER BY a.id`,
  );
  for (const id of payoutIds) {
    out[id] = (query.all(id) as RawEntry[]).map(toEntry);
  }
  return out;
}

/** The batch's own transitions (confirmed, sending, paused, sent, cancelled), oldest first. */
export function batchEvents(db: Db, batchId: number): TimelineEntry[] {
  return (
    stmt(db, `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE entity = 'batch' AND entity_id = ? ORDER BY id`).all(
      String(batchId),
    ) as RawEntry[]
  ).map(toEntry);
}
