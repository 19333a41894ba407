import { CompiledQuery } from 'kysely';
import type { Engine, Query } from '../../db/store/ops';
import { checkSort, HISTORY_COLUMNS, SORT_COLUMN, type CursorValue } from './columns';
import { normalise } from './filters';
import { payeeSearchFor } from './payee-index';
import type { HistoryFilters, HistorySort } from './types';

export { selectiveFilters, rangeFiltersAligned } from './filters';
export { checkSort, decodeCursor, encodeCursor, sortValue, HISTORY_COLUMNS, FIELD, type CursorValue } from './columns';

/**
 * SQL for the history search. Rules that keep every page on an index (checked by EXPLAIN QUERY PLAN tests):
 *
 * - Payouts are always the outer loop (`CROSS JOIN` fixes SQLite's join order); the batch (name, environment) is a
 *   primary-key lookup per row. Otherwise an environment filter could make SQLite walk batches and sort every
 *   payout of the environment for each page.
 * - A selective filter (transactionId, UTR, account, payee words, batch, exact amount) drives the query through
 *   its own index; the other filters are then written with a unary `+` so SQLite cannot switch to a worse
 *   index for them, and the (small) match set is sorted.
 * - With no selective filter the sort key's index drives: rows come off it in order and the first `limit`
 *   matches end the page — keyset pagination, never OFFSET.
 *
 * On PostgreSQL (`engine: 'pg'`) the same queries are written without those SQLite planner hints (the unary `+`
 * would not even parse on text there, and `CROSS JOIN … ON` is SQLite-only syntax): PostgreSQL keeps statistics and
 * picks its own plan. Aliases are quoted, so both engines answer the same camelCase keys.
 */

/** SQL text with `?` parameters, written for one engine. */
export type Built = { sql: string; params: unknown[]; engine?: Engine };

/** `built` as storage work's Query: PostgreSQL gets `$n` placeholders (the texts hold no `?` outside them). */
export function historyQuery<R>(b: Built): Query<R> {
  return {
    compile(engine) {
      if ((b.engine ?? 'sqlite') !== engine) throw new Error(`history query written for ${b.engine}, run on ${engine}`);
      let i = 0;
      return CompiledQuery.raw(engine === 'pg' ? b.sql.replace(/\?/g, () => `$${++i}`) : b.sql, b.params);
    },
  };
}

/** `JOIN` for the batch of each payout: `CROSS JOIN` fixes SQLite's join order (payouts outer). */
export function batchJoin(engine: Engine): string {
  return engine === 'sqlite' ? 'CROSS JOIN batches b ON b.id = p.batch_id' : 'JOIN batches b ON b.id = p.batch_id';
}

/** How the filters that only narrow a range (status, dates, amount bounds) take part in the plan. */
export type WhereOptions = {
  /** Write them with a unary + so the sort key's index drives (their match set is too large to sort). */
  semiResidual?: boolean;
  /** For a count: nothing to order, so mode and environment may use their indexes too. */
  forTotal?: boolean;
  /**
   * The payee words match many rows ("kumar"): check them per row while the sort index drives, instead of
   * sorting every match. Their row ids are gathered once per query (SQLite's IN-list), so each check is cheap.
   */
  payeeResidual?: boolean;
  /**
   * The payee words match many rows and the page is newest/oldest first: the page is found by walking the sort
   * index in windows and asking FTS5 only about each window's id range (payee-window.ts), never for every match.
   */
  payeeWindow?: boolean;
};

type Where = { clauses: string[]; params: unknown[]; driven: boolean; needsBatch: boolean };

/** The WHERE clauses for `filters`; `driven` tells whether a selective index leads the query. */
export function buildWhere(filters: HistoryFilters, opts: WhereOptions = {}, engine: Engine = 'sqlite'): Where {
  const n = normalise(filters);
  // SQLite's "do not use an index for this term" hint; PostgreSQL plans from statistics and needs none.
  const plus = engine === 'sqlite' ? '+' : '';
  const clauses: string[] = [];
  const params: unknown[] = [];
  // The first selective filter present leads; everything after it is residual (prefixed with +).
  let driven = false;
  const lead = (indexed: string, residual: string): string => {
    if (driven) return residual;
    driven = true;
    return indexed;
  };
  if (n.txn !== undefined) {
    clauses.push(
      lead(
        '(upper(p.transaction_id) = upper(?) OR p.enkash_transaction_id = ?)',
        `(upper(${plus}p.transaction_id) = upper(?) OR ${plus}p.enkash_transaction_id = ?)`,
      ),
    );
    params.push(n.txn, n.txn);
  }
  if (n.utr !== undefined) {
    clauses.push(lead('p.utr = ?', `${plus}p.utr = ?`));
    params.push(n.utr);
  }
  if (n.account !== undefined) {
    if (n.account.length === 4) clauses.push(lead('p.account_last4 = ?', `${plus}p.account_last4 = ?`));
    else clauses.push(lead('p.account_number = ?', `${plus}p.account_number = ?`));
    params.push(n.account);
  }
  if (n.payee !== undefined) {
    const payee = payeeSearchFor(engine, n.payee);
    clauses.push(opts.payeeResidual ? `${plus}${payee.clause}` : lead(payee.clause, `${plus}${payee.clause}`));
    params.push(payee.param);
  }
  if (n.batchId !== undefined) {
    clauses.push(lead('p.batch_id = ?', `${plus}p.batch_id = ?`));
    params.push(n.batchId);
  }
  if (n.amount !== undefined) {
    clauses.push(lead('p.amount_paise = ?', `${plus}p.amount_paise = ?`));
    params.push(n.amount);
  }
  const r = driven || opts.semiResidual ? plus : '';
  if (n.min !== undefined) {
    clauses.push(`${r}p.amount_paise >= ?`);
    params.push(n.min);
  }
  if (n.max !== undefined) {
    clauses.push(`${r}p.amount_paise <= ?`);
    params.push(n.max);
  }
  if (n.start) {
    clauses.push(`${r}p.created_at >= ?`);
    params.push(n.start);
  }
  if (n.end) {
    clauses.push(`${r}p.created_at < ?`);
    params.push(n.end);
  }
  if (n.states.length) {
    clauses.push(`${r}p.state IN (${n.states.map(() => '?').join(', ')})`);
    params.push(...n.states);
  }
  if (n.modes.length) {
    // Four values: a page is found quickly by reading the sort index and skipping other modes.
    const m = opts.forTotal && !driven ? '' : plus;
    clauses.push(`${m}p.mode IN (${n.modes.map(() => '?').join(', ')})`);
    params.push(...n.modes);
  }
  if (n.env !== undefined) {
    if (opts.forTotal) {
      // A count has no order to keep: the environment's batches lead through payouts_batch.
      clauses.push('p.batch_id IN (SELECT id FROM batches WHERE environment = ?)');
    } else {
      clauses.push('b.environment = ?');
    }
    params.push(n.env);
  }
  return { clauses, params, driven, needsBatch: n.env !== undefined && !opts.forTotal };
}

/** One page: rows after `cursor` in `sort` order, `limit` of them (+1 to know whether there is a next page). */
export function buildPageQuery(
  filters: HistoryFilters,
  sort: HistorySort,
  limit: number,
  cursor: CursorValue | null,
  opts: WhereOptions = {},
  engine: Engine = 'sqlite',
  columns: string = HISTORY_COLUMNS,
): Built {
  checkSort(sort, filters);
  const where = buildWhere(filters, opts, engine);
  const col = SORT_COLUMN[sort.key];
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
  const clauses = [...where.clauses];
  const params = [...where.params];
  if (cursor) {
    // (col, id) past the cursor, written so the range on `col` itself can seek the index.
    // Not prefixed with +: when the driving index ends in the sort column (batch + row, last4 + created) the
    // cursor seeks inside it; SQLite still prefers an equality on the driving index over this range.
    const cmp = sort.direction === 'desc' ? '<' : '>';
    clauses.push(`${col} ${cmp}= ? AND (${col} ${cmp} ? OR p.id ${cmp} ?)`);
    params.push(cursor.v, cursor.v, cursor.id);
  }
  const sql = `SELECT ${columns}
    FROM payouts p ${batchJoin(engine)}
    ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
    ORDER BY ${col} ${dir}, p.id ${dir} LIMIT ?`;
  params.push(limit + 1);
  return { sql, params, engine };
}

/**
 * Counts matches of the range filters alone, stopping at `cap` — how the search decides whether they may drive
 * (a small set, sorted) or must ride along the sort index (a large one). Costs at most `cap` index steps.
 */
export function buildProbeQuery(filters: HistoryFilters, cap: number, opts: WhereOptions = {}): Built {
  const where = buildWhere(filters, opts);
  const join = where.needsBatch ? 'CROSS JOIN batches b ON b.id = p.batch_id' : '';
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM payouts p ${join}
      ${where.clauses.length ? `WHERE ${where.clauses.join(' AND ')}` : ''} LIMIT ?)`,
    params: [...where.params, cap + 1],
  };
}

/** Count and amount of everything `filters` matches (integer sum in SQL). */
export function buildTotalQuery(filters: HistoryFilters, engine: Engine = 'sqlite'): Built {
  const where = buildWhere(filters, { forTotal: true }, engine);
  const join = where.needsBatch ? batchJoin(engine) : '';
  return {
    sql: `SELECT count(*) AS count, coalesce(sum(p.amount_paise), 0) AS "amountPaise" FROM payouts p ${join}
      ${where.clauses.length ? `WHERE ${where.clauses.join(' AND ')}` : ''}`,
    params: where.params,
    engine,
  };
}
