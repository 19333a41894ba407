import { AppError } from '../../../shared/domain/errors';
import type { TransferMode } from '../../../shared/domain/payout';
import type { Db } from '../../db/open';
import { getBatchRow, type BatchRow } from '../../db/repos/batches-repo';
import { stmt } from '../../db/prepared-cache';
import { placeholders } from '../../db/sql-in';
import type { PayoutState } from '../journal/states';
import { searchPayouts } from './search';
import { batchEvents, timelinesFor, type TimelineEntry } from './timeline';
import type { HistoryPage, HistorySort, Totals } from './types';

export type StateTotals = { state: PayoutState; count: number; amountPaise: number };
export type ModeTotals = { mode: TransferMode; count: number; amountPaise: number };

export type BatchListItem = BatchRow & { countsByState: Partial<Record<PayoutState, number>> };

export type BatchDetail = {
  batch: BatchRow;
  /** Every state present in the batch, with integer sums; CANCELLED rows included (they are listed apart). */
  totalsByStatus: StateTotals[];
  totalsByMode: ModeTotals[];
  /** Rows that are or will be paid (everything but CANCELLED). */
  total: Totals;
  /** The batch's own transitions (confirm, send, pause …). */
  events: TimelineEntry[];
  rows: HistoryPage;
  /** Per row of `rows`, its audited transitions (when asked for). */
  timelines?: Record<number, TimelineEntry[]>;
};

/** Totals of one batch by state and by mode, summed in SQL as integers (payouts_batch index). */
export function batchTotals(db: Db, batchId: number): { byStatus: StateTotals[]; byMode: ModeTotals[]; total: Totals } {
  const byStatus = stmt(
    db,
    `SELECT state, count(*) AS count, coalesce(sum(amount_paise), 0) AS amountPaise
     FROM payouts WHERE batch_id = ? GROUP BY state ORDER BY state`,
  ).all(batchId) as StateTotals[];
  const byMode = stmt(
    db,
    `SELECT mode, count(*) AS count, coalesce(sum(amount_paise), 0) AS amountPaise
     FROM payouts WHERE batch_id = ? AND state != 'CANCELLED' GROUP BY mode ORDER BY mode`,
  ).all(batchId) as ModeTotals[];
  const total = byStatus
    .filter((s) => s.state !== 'CANCELLED')
    .reduce((t, s) => ({ count: t.count + s.count, amountPaise: t.amountPaise + s.amountPaise }), {
      count: 0,
      amountPaise: 0,
    });
  return { byStatus, byMode, total };
}

/**
 * A batch with totals by status and mode, its own events and one page of its rows in sheet order (or any
 * other order and status filter), optionally with each row's timeline from the audit log.
 */
export function getBatchDetail(
  db: Db,
  batchId: number,
  opts: {
    limit?: number;
    after?: string | null;
    states?: readonly PayoutState[];
    sort?: HistorySort;
    withTimelines?: boolean;
    revealAccounts?: boolean;
  } = {},
): BatchDetail {
  const batch = getBatchRow(db, batchId);
  if (!batch) throw new AppError('not_found', 'No such batch.', { batchId });
  const totals = batchTotals(db, batchId);
  const rows = searchPayouts(db, { batchId, states: opts.states }, opts.sort ?? { key: 'row', direction: 'asc' }, {
    limit: opts.limit ?? 100,
    after: opts.after,
    revealAccounts: opts.revealAccounts,
  });
  const detail: BatchDetail = {
    batch,
    totalsByStatus: totals.byStatus,
    totalsByMode: totals.byMode,
    total: totals.total,
    events: batchEvents(db, batchId),
    rows,
  };
  if (opts.withTimelines)
    detail.timelines = timelinesFor(
      db,
      rows.rows.map((r) => r.id),
    );
  return detail;
}

/** Batches newest first (keyset on id), each with its row counts by state. */
export function listBatches(
  db: Db,
  opts: { environment?: string; limit?: number; beforeId?: number } = {},
): { batches: BatchListItem[]; nextBeforeId: number | null } {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.environment) {
    where.push('environment = ?');
    args.push(opts.environment);
  }
  if (opts.beforeId !== undefined) {
    where.push('id < ?');
    args.push(opts.beforeId);
  }
  const rows = db
    .prepare(`SELECT id FROM batches ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
    .all(...args, limit + 1) as { id: number }[];
  const more = rows.length > limit;
  const ids = rows.slice(0, limit).map((r) => r.id);
  const counts = new Map<number, Partial<Record<PayoutState, number>>>();
  if (ids.length) {
    const grouped = db
      .prepare(
        `SELECT batch_id AS batchId, state, count(*) AS n FROM payouts WHERE batch_id IN (${placeholders(ids.length)})
         GROUP BY batch_id, state`,
      )
      .all(...ids) as { batchId: number; state: PayoutState; n: number }[];
    for (const g of grouped) {
      const m = counts.get(g.batchId) ?? {};
      m[g.state] = g.n;
      counts.set(g.batchId, m);
    }
  }
  const batches = ids.map((id) => ({ ...(getBatchRow(db, id) as BatchRow), countsByState: counts.get(id) ?? {} }));
  return { batches, nextBeforeId: more ? (ids.at(-1) ?? null) : null };
}
