import { AppError } from '../../../shared/domain/errors';
import type { TransferMode } from '../../../shared/domain/payout';
import { sql } from 'kysely';
import type { Db } from '../../db/open';
import { getBatchRowOps, type BatchRow } from '../../db/repos/batches-repo';
import { all, q, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import type { PayoutState } from '../journal/states';
import { searchPayoutsOps } from './search';
import { batchEventsOps, timelinesForOps, type TimelineEntry } from './timeline';
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

type BatchTotals = { byStatus: StateTotals[]; byMode: ModeTotals[]; total: Totals };

/** Totals of one batch by state and by mode, summed in SQL as integers (payouts_batch index). */
export function* batchTotalsOps(batchId: number): Ops<BatchTotals> {
  // States and modes are ASCII upper case: `ORDER BY` gives the same order under SQLite's BINARY and the C collation.
  const byStatus = yield* all<StateTotals>(
    q`SELECT state, count(*) AS count, coalesce(sum(amount_paise), 0) AS "amountPaise"
     FROM payouts WHERE batch_id = ${batchId} GROUP BY state ORDER BY state`,
  );
  const byMode = yield* all<ModeTotals>(
    q`SELECT mode, count(*) AS count, coalesce(sum(amount_paise), 0) AS "amountPaise"
     FROM payouts WHERE batch_id = ${batchId} AND state != 'CANCELLED' GROUP BY mode ORDER BY mode`,
  );
  const total = byStatus
    .filter((s) => s.state !== 'CANCELLED')
    .reduce((t, s) => ({ count: t.count + s.count, amountPaise: t.amountPaise + s.amountPaise }), {
      count: 0,
      amountPaise: 0,
    });
  return { byStatus, byMode, total };
}

export function batchTotals(db: Db, batchId: number): BatchTotals {
  return runSqlite(db, batchTotalsOps(batchId));
}

type DetailOptions = {
  limit?: number;
  after?: string | null;
  states?: readonly PayoutState[];
  sort?: HistorySort;
  withTimelines?: boolean;
  revealAccounts?: boolean;
};

/**
 * A batch with totals by status and mode, its own events and one page of its rows in sheet order (or any
 * other order and status filter), optionally with each row's timeline from the audit log.
 */
export function* getBatchDetailOps(batchId: number, opts: DetailOptions = {}): Ops<BatchDetail> {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', 'No such batch.', { batchId });
  const totals = yield* batchTotalsOps(batchId);
  const rows = yield* searchPayoutsOps(
    { batchId, states: opts.states },
    opts.sort ?? { key: 'row', direction: 'asc' },
    { limit: opts.limit ?? 100, after: opts.after, revealAccounts: opts.revealAccounts },
  );
  const detail: BatchDetail = {
    batch,
    totalsByStatus: totals.byStatus,
    totalsByMode: totals.byMode,
    total: totals.total,
    events: yield* batchEventsOps(batchId),
    rows,
  };
  if (opts.withTimelines) detail.timelines = yield* timelinesForOps(rows.rows.map((r) => r.id));
  return detail;
}

export function getBatchDetail(db: Db, batchId: number, opts: DetailOptions = {}): BatchDetail {
  return runSqlite(db, getBatchDetailOps(batchId, opts));
}

type BatchList = { batches: BatchListItem[]; nextBeforeId: number | null };
type ListOptions = { environment?: string; limit?: number; beforeId?: number };

/** Batches newest first (keyset on id), each with its row counts by state. */
export function* listBatchesOps(opts: ListOptions = {}): Ops<BatchList> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const where = [sql`1 = 1`];
  if (opts.environment) where.push(sql`environment = ${opts.environment}`);
  if (opts.beforeId !== undefined) where.push(sql`id < ${opts.beforeId}`);
  const rows = yield* all<{ id: number }>(
    q`SELECT id FROM batches WHERE ${sql.join(where, sql` AND `)} ORDER BY id DESC LIMIT ${limit + 1}`,
  );
  const more = rows.length > limit;
  const ids = rows.slice(0, limit).map((r) => r.id);
  const counts = new Map<number, Partial<Record<PayoutState, number>>>();
  const batchRows = new Map<number, BatchRow>();
  if (ids.length) {
    const grouped = yield* all<{ batchId: number; state: PayoutState; n: number }>(
      q`SELECT batch_id AS "batchId", state, count(*) AS n FROM payouts WHERE batch_id IN (${sql.join(ids)})
         GROUP BY batch_id, state`,
    );
    for (const g of grouped) {
      const m = counts.get(g.batchId) ?? {};
      m[g.state] = g.n;
      counts.set(g.batchId, m);
    }
  }
  for (const id of ids) batchRows.set(id, (yield* getBatchRowOps(id)) as BatchRow);
  const batches = ids.map((id) => ({ ...(batchRows.get(id) as BatchRow), countsByState: counts.get(id) ?? {} }));
  return { batches, nextBeforeId: more ? (ids.at(-1) ?? null) : null };
}

/** Batches newest first (keyset on id), each with its row counts by state. */
export function listBatches(db: Db, opts: ListOptions = {}): BatchList {
  return runSqlite(db, listBatchesOps(opts));
}
