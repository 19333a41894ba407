import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { all, engine, get, q, type Engine, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { maskAccount } from '../../../shared/domain/mask';
import { payoutHeadlineOps } from './headline';
import { payeeMatchQuery, payeeSearchOps, syncPayeeIndex } from './payee-index';
import { PAYEE_WINDOW_SQL, payeeWindowPageOps } from './payee-window';
import {
  buildPageQuery,
  buildProbeQuery,
  buildTotalQuery,
  decodeCursor,
  encodeCursor,
  historyQuery,
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
 * decide, since SQLite has no statistics unless someone runs ANALYZE. PostgreSQL keeps statistics: its own
 * planner decides, and nothing is probed there.
 */
export function* choosePlanOps(filters: HistoryFilters, sort: HistorySort): Ops<WhereOptions> {
  if ((yield* engine()) === 'pg') return {};
  const selective = selectiveFilters(filters);
  if (selective.ids) return {};
  const plan: WhereOptions = {};
  if (selective.payee !== null) {
    const counted = yield* get<{ n: number }>(
      q`SELECT count(*) AS n FROM (SELECT rowid FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ${selective.payee} LIMIT ${PAYEE_CAP + 1})`,
    );
    if ((counted?.n ?? 0) <= PAYEE_CAP) return plan;
    // In time order the sort index is walked in windows (payee-window.ts); by amount, ids say nothing about the
    // order, so each row is checked against the match list as before.
    if (sort.key === 'createdAt') plan.payeeWindow = true;
    else plan.payeeResidual = true;
  }
  if (rangeFiltersAligned(filters, sort)) return plan;
  const probeFilters = plan.payeeWindow ? { ...filters, payee: undefined } : filters;
  const probe = yield* get<{ n: number }>(historyQuery(buildProbeQuery(probeFilters, PROBE_CAP, plan)));
  return (probe?.n ?? 0) > PROBE_CAP ? { ...plan, semiResidual: true } : plan;
}

export function choosePlan(db: Db, filters: HistoryFilters, sort: HistorySort): WhereOptions {
  return runSqlite(db, choosePlanOps(filters, sort));
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
  const plan = choosePlan(db, filters, sort);
  // A windowed payee page walks the sort index without the payee words (then asks FTS5 per window): explain that.
  const q = buildPageQuery(plan.payeeWindow ? { ...filters, payee: undefined } : filters, sort, 50, cursor, plan);
  const explain = (text: string, params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const page = explain(q.sql, q.params);
  if (!plan.payeeWindow || !filters.payee) return page;
  return [...page, ...explain(PAYEE_WINDOW_SQL, [payeeMatchQuery(filters.payee), 1, 2])];
}

function* fetchPageOps(
  e: Engine,
  filters: HistoryFilters,
  sort: HistorySort,
  limit: number,
  cursor: CursorValue | null,
  plan: WhereOptions,
): Ops<{ raw: RawRow[]; next: CursorValue | null }> {
  if (plan.payeeWindow && filters.payee) {
    return yield* payeeWindowPageOps(filters, sort, limit, cursor, payeeMatchQuery(filters.payee), plan);
  }
  const raw = yield* all<RawRow>(historyQuery(buildPageQuery(filters, sort, limit, cursor, plan, e)));
  const more = raw.length > limit;
  if (more) raw.length = limit;
  const last = raw.at(-1);
  return { raw, next: more && last ? { v: sortValue(sort, last), id: last.id } : null };
}

/**
 * One page of payout history, on either engine (the desk's works offline). Filters combine with AND; pages follow
 * an index in `sort` order with a cursor, so page 1,000 costs what page 1 costs.
 */
export function* searchPayoutsOps(
  filters: HistoryFilters,
  sort: HistorySort = DEFAULT_SORT,
  page: PageRequest = { limit: 50 },
): Ops<HistoryPage> {
  checkLimit(page.limit);
  const e = yield* engine();
  if (filters.payee?.trim()) yield* payeeSearchOps(filters.payee);
  const cursor = page.after ? decodeCursor(sort, page.after) : null;
  const plan = yield* choosePlanOps(filters, sort);
  const { raw, next } = yield* fetchPageOps(e, filters, sort, page.limit, cursor, plan);
  const result: HistoryPage = {
    rows: raw.map((r) => toHistoryRow(r, page.revealAccounts === true)),
    nextCursor: next ? encodeCursor(sort, next.v, next.id) : null,
  };
  if (page.withTotal) {
    // One pass gives both: the total is the sum of the buckets, so the two can never disagree.
    const headline = yield* payoutHeadlineOps(filters);
    result.total = headline.total;
    result.headline = headline.buckets;
  }
  return result;
}

export function searchPayouts(
  db: Db,
  filters: HistoryFilters,
  sort: HistorySort = DEFAULT_SORT,
  page: PageRequest = { limit: 50 },
): HistoryPage {
  return runSqlite(db, searchPayoutsOps(filters, sort, page));
}

/** How many payouts `filters` matches and their amount (an integer sum in SQL). */
export function* totalPayoutsOps(filters: HistoryFilters): Ops<Totals> {
  if (filters.payee?.trim()) yield* payeeSearchOps(filters.payee);
  const totals = yield* get<Totals>(historyQuery(buildTotalQuery(filters, yield* engine())));
  return totals ?? { count: 0, amountPaise: 0 };
}

export function totalPayouts(db: Db, filters: HistoryFilters): Totals {
  return runSqlite(db, totalPayoutsOps(filters));
}
