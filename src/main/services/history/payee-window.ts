import { all, type Ops } from '../../db/store/ops';
import { HISTORY_COLUMNS, SORT_COLUMN, sortValue, type CursorValue } from './columns';
import { buildPageQuery, historyQuery, type WhereOptions } from './query';
import type { HistoryFilters, HistoryRow, HistorySort } from './types';

/**
 * Broad payee words on SQLite ("kumar": one row in eight), in time order. Asking FTS5 for every match and checking
 * each row of the sort index against that list cost ~27 ms a page on 1,000,000 rows (80× an indexed page), nearly
 * all of it in FTS5 producing 100,000+ row ids for a page of 50. Instead the sort index is walked in windows, and
 * each window's rows are checked against the matches near it. Ids follow staging time, so a window of a few hundred
 * rows spans a few hundred ids, at the end of the id range the walk starts from (the newest ids, newest first).
 *
 * Which matches: FTS5 gives the first matches in rowid order from either end cheaply (it reads its doclists
 * incrementally: the newest 300 of 125,000 in ~0.4 ms), while a rowid range (`rowid >= ? AND rowid <= ?`) costs
 * ~6–8 ms per word on 1,000,000 rows whatever its width — FTS5 does not seek its detail=none doclists to the range.
 * So the walk keeps one list of the matches from its end inwards (a `Cover`), asks again for twice as many when a
 * window reaches past it, and only past COVER_MAX matches (a walk deep into a broad search) asks per window's
 * range. A page after a cursor starts its list at the first window's edge (`rowid <= ?`, about as dear as one range
 * query: what every window cost before); a first page, the common one, needs no bound at all. Where ids do not follow time (a clock that jumped, rows staged out of order), a sparse window falls back to
 * the per-row check for the rest of the page: the result is the same rows either way, only the cost differs.
 */

const FIRST_WINDOW = 64;
const MAX_WINDOW = 8192;
/** A window whose ids span more than this many times its rows is not in id order: check per row instead. */
const SPARSE = 32;
/** The most matches kept from the walk's end; a window beyond them asks FTS5 for its own id range. */
const COVER_MAX = 16_384;

/** The matches inside one window's id range (the fallback past COVER_MAX; its cost does not depend on the width). */
export const PAYEE_WINDOW_SQL =
  'SELECT rowid AS id FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ? AND rowid >= ? AND rowid <= ?';

/**
 * The first `limit` matches from one end of the id range: newest ids first (`desc`) or oldest first, optionally
 * only from `bound` inwards (a page after a cursor starts inside the range).
 */
function matchesFromEnd(desc: boolean, bounded: boolean): string {
  const bound = bounded ? (desc ? ' AND rowid <= ?' : ' AND rowid >= ?') : '';
  return `SELECT rowid AS id FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ?${bound} ORDER BY rowid ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
}

/**
 * The matches from the walk's end (`start`: the bound, or the end of the ids) inwards, as far as asked: every match
 * with an id between `start` and `reach` is in `ids`. `covers` says whether that decides a window's rows; if not,
 * `widens` says whether asking for more can, else the window takes its own range query.
 */
type Cover = {
  ids: Set<number>;
  bound: number | null;
  start: number;
  reach: number;
  complete: boolean;
  asked: number;
  /** Ids per match where the list starts (its first and last id over its length): how wide a window must be. */
  spread: number;
};

function* coverOps(match: string, desc: boolean, bound: number | null, asked: number): Ops<Cover> {
  const params: unknown[] = bound === null ? [match, asked] : [match, bound, asked];
  const hits = yield* all<{ id: number }>(
    historyQuery({ sql: matchesFromEnd(desc, bound !== null), params, engine: 'sqlite' }),
  );
  const complete = hits.length < asked;
  const last = hits.at(-1)?.id;
  return {
    ids: new Set(hits.map((h) => h.id)),
    bound,
    start: bound ?? (desc ? Number.MAX_SAFE_INTEGER : 0),
    // Every match between `start` and `reach` is in `ids` (all of them from `start` on when complete).
    reach: complete || last === undefined ? (desc ? 0 : Number.MAX_SAFE_INTEGER) : last,
    complete,
    asked,
    spread: hits.length > 1 ? Math.abs(hits[0]!.id - last!) / (hits.length - 1) : 1,
  };
}

const covers = (c: Cover, desc: boolean, lo: number, hi: number): boolean =>
  desc ? hi <= c.start && lo >= c.reach : lo >= c.start && hi <= c.reach;
/** More of the same list can cover the window: it lies on the inner side of the list's start. */
const widens = (c: Cover, desc: boolean, lo: number, hi: number): boolean =>
  !c.complete && c.asked < COVER_MAX && (desc ? hi <= c.start : lo >= c.start);

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
  const desc = sort.direction === 'desc';
  let cover: Cover | null = null;
  if (at === null) {
    // A first page starts at the end of the ids: the matches there say how many rows hold a page of them, so one
    // window usually does (a quarter more than the density says, as the density varies along the ids).
    cover = yield* coverOps(match, desc, null, size);
    if (!cover.complete) size = Math.min(MAX_WINDOW, Math.max(size, Math.ceil((limit + 1) * cover.spread * 1.25)));
  }
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
    // From the walk's end: unbounded on a first page, from the first window's edge after a cursor.
    cover ??= yield* coverOps(match, desc, at === null ? null : desc ? hi : lo, size);
    while (!covers(cover, desc, lo, hi) && widens(cover, desc, lo, hi)) {
      cover = yield* coverOps(match, desc, cover.bound, Math.min(cover.asked * 2, COVER_MAX));
    }
    let matched: ReadonlySet<number> = cover.ids;
    if (!covers(cover, desc, lo, hi)) {
      const hits = yield* all<{ id: number }>(
        historyQuery({ sql: PAYEE_WINDOW_SQL, params: [match, lo, hi], engine: 'sqlite' }),
      );
      matched = new Set(hits.map((h) => h.id));
    }
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
