import { all } from '../../db/store/ops';
import type { Store } from '../../db/store/store';
import { payeeSearchOps } from '../history/payee-index';
import { buildPageQuery, checkSort, FIELD, historyQuery, type Built, type CursorValue } from '../history/query';
import { choosePlanOps } from '../history/search';
import { DEFAULT_SORT, type HistoryFilters, type HistorySort } from '../history/types';

/**
 * Every row `filters` matches, page by page, as arrays in HISTORY_COLUMNS order (`FIELD` gives the positions), on
 * either engine — what the payout exports stream. Each page is a separate short query, never one long-lived cursor:
 * better-sqlite3 refuses other statements on a connection while an iterator is open, and the journal shares that
 * connection while a long export is written; on PostgreSQL a page holds no connection between pages. Accounts are
 * whole numbers here: the export decides whether to mask them.
 */
export async function* payoutPages(
  store: Store,
  filters: HistoryFilters,
  sort: HistorySort = DEFAULT_SORT,
  opts: { pageSize?: number } = {},
): AsyncGenerator<unknown[][]> {
  const size = opts.pageSize ?? 2000;
  checkSort(sort, filters);
  const chosen = await store.run(
    (function* () {
      // Catches the SQLite payee index up first, as every payee search does.
      if (filters.payee?.trim()) yield* payeeSearchOps(filters.payee);
      return yield* choosePlanOps(filters, sort);
    })(),
  );
  // Export pages are large: the per-row check against the match list rather than windowed payee pages.
  const plan = chosen.payeeWindow ? { ...chosen, payeeWindow: false, payeeResidual: true } : chosen;
  const key = sort.key === 'createdAt' ? FIELD.createdAt : sort.key === 'amount' ? FIELD.amountPaise : FIELD.rowNumber;
  let cursor: CursorValue | null = null;
  for (;;) {
    const rows = await pageArrays(store, buildPageQuery(filters, sort, size, cursor, plan, store.engine));
    const more = rows.length > size;
    if (more) rows.length = size;
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (!more || !last) return;
    cursor = { v: last[key] as string | number, id: last[FIELD.id] as number };
  }
}

/**
 * One page as arrays. SQLite reads arrays straight off the statement (an object per row doubled an export's read
 * time there); PostgreSQL's rows come as objects whose keys keep the SELECT order, so their values are the array.
 */
async function pageArrays(store: Store, page: Built): Promise<unknown[][]> {
  if (store.sqlite) {
    return store.sqlite
      .prepare(page.sql)
      .raw(true)
      .all(...page.params) as unknown[][];
  }
  const rows = await store.run(all<Record<string, unknown>>(historyQuery(page)));
  return rows.map((r) => Object.values(r));
}
