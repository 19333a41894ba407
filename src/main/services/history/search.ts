import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { maskAccount } from '../../../shared/domain/mask';
import { payoutHeadline } from './headline';
import { syncPayeeIndex } from './payee-index';
import {
  buildPageQuery,
  buildProbeQuery,
  buildTotalQuery,
  checkSort,
  decodeCursor,
  FIELD,
  encodeCursor,
  rangeFiltersAligned,
  selectiveFilters,
  sortValue,
  type CursorValue,
  type WhereOptions,
} from './query';
import {
  DEFAULT_SORT,
  type HistoryFilters,
  type HistoryPage,
  type HistoryRow,
  type HistorySort,
  type PageRequest,
  type Totals,
} from './types';

export const MAX_PAGE = 1000;

/** A SELECT row of HISTORY_COLUMNS: `account` still holds the whole number. */
type RawRow = HistoryRow;

/** A raw SELECT row as history shows it: the account masked unless asked for in full (in place: exports read
 * hundreds of thousands of rows, and a copy per row is a measurable share of an export). */
export function toHistoryRow(raw: RawRow, reveal: boolean): HistoryRow {
  if (!reveal && raw.account !== null) raw.account = maskAccount(raw.account);
  return raw;
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new AppError('invalid_input', `A page holds 1 to ${MAX_PAGE} rows.`, { field: 'limit' });
  }
}

/** Above this many matches, status/date/amount-range filters ride along the sort index instead of driving. */
export const PROBE_CAP = 5000;
/** Above this many rows matching the payee words, they are checked per row instead of sorted. */
export const PAYEE_CAP = 2000;

/**
 * Picks the plan. Id-like filters always drive. Payee words drive when they match few rows; "kumar" (one row
 * in eight) is checked per row while the sort index drives. Range filters: "FAILED, by amount" drives through
 * the status index and sorts the few FAILED rows; "SUCCESS, by amount" (most of the table) walks the amount
 * index and skips the rest — sorting 900,000 rows for a page of 50 would be the slow path. Capped counts
 * decide, since SQLite has no statistics unless someone runs ANALYZE.
 */
export function choosePlan(db: Db, filters: HistoryFilters, sort: HistorySort): WhereOptions {
  const selective = selectiveFilters(filters);
  if (selective.ids) return {};
  const plan: WhereOptions = {};
  if (selective.payee !== null) {
    const { n } = db
      .prepare(
        'SELECT count(*) AS n FROM (SELECT rowid FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ? LIMIT ?)',
      )
      .get(selective.payee, PAYEE_CAP + 1) as { n: number };
    if (n <= PAYEE_CAP) return plan;
    plan.payeeResidual = true;
  }
  if (rangeFiltersAligned(filters, sort)) return plan;
  const probe = buildProbeQuery(filters, PROBE_CAP, plan);
  const { n } = db.prepare(probe.sql).get(...probe.params) as { n: number };
  return n > PROBE_CAP ? { ...plan, semiResidual: true } : plan;
}

/** The query plan SQLite will use for a page (EXPLAIN QUERY PLAN details), for tests and the benchmark. */
export function explainPage(
  db: Db,
  filters: HistoryFilters,
  sort: HistorySort = DEFAULT_SORT,
  after?: string | null,
): string[] {
  if (filters.payee?.trim()) syncPayeeIndex(db);
  const cursor = after ? decodeCursor(sort, after) : null;
  const q = buildPageQuery(filters, sort, 50, cursor, choosePlan(db, filters, sort));
  return (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail);
}

function fetchPage(
  db: Db,
  filters: HistoryFilters,
  sort: HistorySort,
  limit: number,
  cursor: CursorValue | null,
  plan: WhereOptions,
): { raw: RawRow[]; next: CursorValue | null } {
  const q = buildPageQuery(filters, sort, limit, cursor, plan);
  const raw = db.prepare(q.sql).all(...q.params) as RawRow[];
  const more = raw.length > limit;
  if (more) raw.length = limit;
  const last = raw.at(-1);
  return { raw, next: more && last ? { v: sortValue(sort, last), id: last.id } : null };
}

/**
 * One page of payout history (SQLite only; works offline). Filters combine with AND; pages follow an index in
 * `sort` order with a cursor, so page 1,000 costs what page 1 costs.
 */
export function searchPayouts(
  db: Db,
  filters: HistoryFilters,
  sort: HistorySort = DEFAULT_SORT,
  page: PageRequest = { limit: 50 },
): HistoryPage {
  checkLimit(page.limit);
  if (filters.payee?.trim()) syncPayeeIndex(db);
  const cursor = page.after ? decodeCursor(sort, page.after) : null;
  const { raw, next } = fetchPage(db, filters, sort, page.limit, cursor, choosePlan(db, filters, sort));
  const result: HistoryPage = {
    rows: raw.map((r) => toHistoryRow(r, page.revealAccounts === true)),
    nextCursor: next ? encodeCursor(sort, next.v, next.id) : null,
  };
  if (page.withTotal) {
    // One pass gives both: the total is the sum of the buckets, so the two can never disagree.
    const headline = payoutHeadline(db, filters);
    result.total = headline.total;
    result.headline = headline.buckets;
  }
  return result;
}

/** How many payouts `filters` matches and their amount (an integer sum in SQL). */
export function totalPayouts(db: Db, filters: HistoryFilters): Totals {
  if (filters.payee?.trim()) syncPayeeIndex(db);
  const q = buildTotalQuery(filters);
  return db.prepare(q.sql).get(...q.params) as Totals;
}

/**
 * Every matching row, page by page, as arrays in HISTORY_COLUMNS order (`FIELD` gives the positions) — for
 * exports, where building an object per row doubled the read time. Each page is a separate short query, never
 * one long-lived cursor: better-sqlite3 refuses other statements on a connection while an iterator is open,
 * and the journal shares this connection while a long export is written. Accounts are whole numbers here:
 * the export decides whether to mask them.
 */
export function* iteratePayoutArrays(
  db: Db,
  filters: HistoryFilters,
  sort: HistorySort = DEFAULT_SORT,
  opts: { pageSize?: number } = {},
): Generator<unknown[][]> {
  const size = opts.pageSize ?? 2000;
  checkSort(sort, filters);
  if (filters.payee?.trim()) syncPayeeIndex(db);
  const plan = choosePlan(db, filters, sort);
  const key = sort.key === 'createdAt' ? FIELD.createdAt : sort.key === 'amount' ? FIELD.amountPaise : FIELD.rowNumber;
  let cursor: CursorValue | null = null;
  for (;;) {
    const q = buildPageQuery(filters, sort, size, cursor, plan);
    const rows = db
      .prepare(q.sql)
      .raw(true)
      .all(...q.params) as unknown[][];
    const more = rows.length > size;
    if (more) rows.length = size;
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (!more || !last) return;
    cursor = { v: last[key] as string | number, id: last[FIELD.id] as number };
  }
}
