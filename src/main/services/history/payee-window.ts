import { all, type Ops } from '../../db/store/ops';
import { HISTORY_COLUMNS, SORT_COLUMN, sortValue, type CursorValue } from './columns';
import { buildPageQuery, historyQuery, type WhereOptions } from './query';
import type { HistoryFilters, HistoryRow, HistorySort } from './types';

/**
 * Broad payee words on SQLite ("kumar": one row in eight), in time order. Asking FTS5 for every match and checking
 * each row of the sort index against that list cost ~27 ms a page on 1,000,000 rows (80× an indexed page), nearly
 * all of it in FTS5 producing 100,000+ row ids for a page of 50. Instead the sort index is walked in windows, and
 * FTS5 is asked only for matches inside each window's id range (a seek in its doclists). Ids follow staging time, so
 * a window of a few hundred rows spans a few hundred ids. Where they do not (a clock that jumped, or rows staged
 * out of order), a sparse window falls back to the per-row check for the rest of the page: the result is the same
 * rows either way, only the cost differs.
 */

const FIRST_WINDOW = 64;
const MAX_WINDOW = 8192;
/** A window whose ids span more than this many times its rows is not in id order: check per row instead. */
const SPARSE = 32;

/** The matches inside one window's id range: FTS5 seeks its doclists to the range instead of reading them whole. */
export const PAYEE_WINDOW_SQL =
  'SELECT rowid AS id FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ? AND rowid >= ? AND rowid <= ?';

type Page = { raw: HistoryRow[]; next: CursorValue | null };

export function* payeeWindowPageOps(
  filters: HistoryFilters,
  sort: HistorySort,
  limit: number,
  cursor: CursorValue | null,
  match: string,
  plan: WhereOptions,
): Ops<Page> {
  const rest: HistoryFilters = { ...filters, payee: undefined };
  const restPlan: WhereOptions = { ...plan, payeeWindow: false };
  const key = `p.id AS id, ${SORT_COLUMN[sort.key]} AS v`;
  const ids: number[] = [];
  let tail: HistoryRow[] = [];
  let at = cursor;
  let size = Math.max(FIRST_WINDOW, (limit + 1) * 4);
  for (;;) {
    const window = yield* all<{ id: number; v: string | number }>(
      historyQuery(buildPageQuery(rest, sort, size - 1, at, restPlan, 'sqlite', key)),
    );
    if (window.length === 0) break;
    let lo = Number.MAX_SAFE_INTEGER;
    let hi = 0;
    for (const r of window) {
      if (r.id < lo) lo = r.id;
      if (r.id > hi) hi = r.id;
    }
    if (hi - lo + 1 > SPARSE * window.length) {
      tail = yield* all<HistoryRow>(
        historyQuery(buildPageQuery(filters, sort, limit - ids.length, at, { ...restPlan, payeeResidual: true })),
      );
      break;
    }
    const hits = yield* all<{ id: number }>(
      historyQuery({ sql: PAYEE_WINDOW_SQL, params: [match, lo, hi], engine: 'sqlite' }),
    );
    const matched = new Set(hits.map((h) => h.id));
    for (const r of window) if (matched.has(r.id) && ids.push(r.id) > limit) break;
    if (ids.length > limit || window.length < size) break;
    const last = window.at(-1) as { id: number; v: string | number };
    at = { v: last.v, id: last.id };
    size = Math.min(size * 2, MAX_WINDOW);
  }
  const raw = [...(yield* rowsById(ids)), ...tail];
  const more = raw.length > limit;
  if (more) raw.length = limit;
  const last = raw.at(-1);
  return { raw, next: more && last ? { v: sortValue(sort, last), id: last.id } : null };
}

// One statement text for any number of ids (json_each: this path is SQLite's alone), so one prepared statement.
const BY_IDS = `SELECT ${HISTORY_COLUMNS} FROM payouts p CROSS JOIN batches b ON b.id = p.batch_id
  WHERE p.id IN (SELECT value FROM json_each(?))`;

/** History rows of `ids`, in that order. */
function* rowsById(ids: readonly number[]): Ops<HistoryRow[]> {
  if (ids.length === 0) return [];
  const rows = yield* all<HistoryRow>(historyQuery({ sql: BY_IDS, params: [JSON.stringify(ids)], engine: 'sqlite' }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A row deleted between the two statements (a discarded draft) is simply not shown.
  return ids.flatMap((id) => byId.get(id) ?? []);
}
