import { AppError } from '../../../shared/ipc/errors';
import { PAYOUT_STATES } from '../journal/states';
import { TRANSFER_MODES } from '../../../shared/domain/payout';
import { istRange } from './ist';
import { payeeMatchQuery } from './payee-index';
import type { HistoryFilters, HistorySort } from './types';

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
 */

export type Built = { sql: string; params: unknown[] };

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
};

type Where = { clauses: string[]; params: unknown[]; driven: boolean; needsBatch: boolean };

const MAX_IN = 20;

function checkList<T extends string>(values: readonly T[] | undefined, allowed: readonly string[], field: string): T[] {
  if (!values || values.length === 0) return [];
  if (values.length > MAX_IN || values.some((v) => !allowed.includes(v))) {
    throw new AppError('invalid_input', `Unknown ${field} in the filter.`, { field });
  }
  return [...new Set(values)];
}

function checkPaise(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AppError('invalid_input', `${field} must be a whole number of paise.`, { field });
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** Filters checked and normalised once; invalid input is an AppError('invalid_input'). */
type Normal = {
  txn?: string;
  utr?: string;
  account?: string;
  payee?: string;
  batchId?: number;
  amount?: number;
  min?: number;
  max?: number;
  start: string | null;
  end: string | null;
  states: string[];
  modes: string[];
  env?: string;
};

function normalise(filters: HistoryFilters): Normal {
  const account = nonEmpty(filters.account)?.replace(/\s+/g, '');
  if (account !== undefined && !/^[A-Za-z0-9]{4,36}$/.test(account)) {
    throw new AppError('invalid_input', 'Account must be its last 4 digits or the whole number.', { field: 'account' });
  }
  if (filters.batchId !== undefined && (!Number.isSafeInteger(filters.batchId) || filters.batchId < 1)) {
    throw new AppError('invalid_input', 'batchId must be a batch number.', { field: 'batchId' });
  }
  const range = istRange(nonEmpty(filters.from), nonEmpty(filters.to));
  return {
    txn: nonEmpty(filters.transactionId),
    utr: nonEmpty(filters.utr),
    account,
    payee: nonEmpty(filters.payee),
    batchId: filters.batchId,
    amount: checkPaise(filters.amountPaise, 'amountPaise'),
    min: checkPaise(filters.minAmountPaise, 'minAmountPaise'),
    max: checkPaise(filters.maxAmountPaise, 'maxAmountPaise'),
    start: range.start,
    end: range.end,
    states: checkList(filters.states, PAYOUT_STATES, 'status'),
    modes: checkList(filters.modes, TRANSFER_MODES, 'mode'),
    env: nonEmpty(filters.environment),
  };
}

/**
 * Which selective filters are present: an id-like one (transactionId, UTR, account, batch, exact amount)
 * always drives; payee words drive only when they match few rows (the search counts them first).
 */
export function selectiveFilters(filters: HistoryFilters): { ids: boolean; payee: string | null } {
  const n = normalise(filters);
  return {
    ids: [n.txn, n.utr, n.account, n.batchId, n.amount].some((v) => v !== undefined),
    payee: n.payee === undefined ? null : payeeMatchQuery(n.payee),
  };
}

/**
 * Whether the range filters already come off an index in the sort order (no probe needed): "newest first" with
 * one status and/or a date range (payouts_state_created / payouts_created), or "by amount" with amount bounds.
 */
export function rangeFiltersAligned(filters: HistoryFilters, sort: HistorySort): boolean {
  const n = normalise(filters);
  const bounds = n.min !== undefined || n.max !== undefined;
  const dates = n.start !== null || n.end !== null;
  if (!bounds && !dates && n.states.length === 0) return true;
  if (sort.key === 'createdAt') return n.states.length <= 1 && !bounds;
  if (sort.key === 'amount') return n.states.length === 0 && !dates;
  return true;
}

/** The WHERE clauses for `filters`; `driven` tells whether a selective index leads the query. */
export function buildWhere(filters: HistoryFilters, opts: WhereOptions = {}): Where {
  const n = normalise(filters);
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
        '(upper(+p.transaction_id) = upper(?) OR +p.enkash_transaction_id = ?)',
      ),
    );
    params.push(n.txn, n.txn);
  }
  if (n.utr !== undefined) {
    clauses.push(lead('p.utr = ?', '+p.utr = ?'));
    params.push(n.utr);
  }
  if (n.account !== undefined) {
    if (n.account.length === 4) clauses.push(lead('p.account_last4 = ?', '+p.account_last4 = ?'));
    else clauses.push(lead('p.account_number = ?', '+p.account_number = ?'));
    params.push(n.account);
  }
  if (n.payee !== undefined) {
    const sub = 'p.id IN (SELECT rowid FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ?)';
    clauses.push(opts.payeeResidual ? `+${sub}` : lead(sub, `+${sub}`));
    params.push(payeeMatchQuery(n.payee));
  }
  if (n.batchId !== undefined) {
    clauses.push(lead('p.batch_id = ?', '+p.batch_id = ?'));
    params.push(n.batchId);
  }
  if (n.amount !== undefined) {
    clauses.push(lead('p.amount_paise = ?', '+p.amount_paise = ?'));
    params.push(n.amount);
  }
  const r = driven || opts.semiResidual ? '+' : '';
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
    const m = opts.forTotal && !driven ? '' : '+';
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

const SORT_COLUMN: Record<HistorySort['key'], string> = {
  createdAt: 'p.created_at',
  amount: 'p.amount_paise',
  row: 'p.row_number',
};

export type CursorValue = { v: string | number; id: number };

/** Opaque page cursor: the last row's sort value and id, tied to the sort it was made for. */
export function encodeCursor(sort: HistorySort, value: string | number, id: number): string {
  return Buffer.from(JSON.stringify([sort.key, sort.direction, value, id]), 'utf8').toString('base64url');
}

export function decodeCursor(sort: HistorySort, cursor: string): CursorValue {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 4 && parsed[0] === sort.key && parsed[1] === sort.direction) {
      const [, , v, id] = parsed as [string, string, unknown, unknown];
      if ((typeof v === 'string' || typeof v === 'number') && Number.isSafeInteger(id)) return { v, id: id as number };
    }
  } catch {
    // fall through
  }
  throw new AppError('invalid_input', 'The page cursor does not belong to this sort order; start from the first page.', {
    field: 'after',
  });
}

/** The value of the sort key of a row, for its cursor. */
export function sortValue(sort: HistorySort, row: { createdAt: string; amountPaise: number; rowNumber: number }): string | number {
  return sort.key === 'createdAt' ? row.createdAt : sort.key === 'amount' ? row.amountPaise : row.rowNumber;
}

export function checkSort(sort: HistorySort, filters: HistoryFilters): void {
  if (!(sort.key in SORT_COLUMN) || (sort.direction !== 'asc' && sort.direction !== 'desc')) {
    throw new AppError('invalid_input', 'Unknown sort order.', { field: 'sort' });
  }
  if (sort.key === 'row' && filters.batchId === undefined) {
    throw new AppError('invalid_input', 'Sheet-row order needs a batch.', { field: 'sort' });
  }
}

export const HISTORY_COLUMNS = `p.id, p.batch_id AS batchId, b.name AS batchName, b.environment, p.row_number AS rowNumber,
  p.transaction_id AS transactionId, p.enkash_transaction_id AS enkashTransactionId, p.beneficiary_id AS beneficiaryId,
  p.payee_name AS payeeName, p.account_number AS account, p.account_last4 AS accountLast4, p.ifsc, p.vpa,
  p.mode, p.amount_paise AS amountPaise, p.state, p.enkash_status AS enkashStatus, p.reject_code AS rejectCode,
  p.failure_reason AS failureReason, p.utr, p.reference, p.remark, p.created_at AS createdAt, p.sent_at AS sentAt,
  p.accepted_at AS acceptedAt, p.final_at AS finalAt, p.attempts`;

/** One page: rows after `cursor` in `sort` order, `limit` of them (+1 to know whether there is a next page). */
export function buildPageQuery(
  filters: HistoryFilters,
  sort: HistorySort,
  limit: number,
  cursor: CursorValue | null,
  opts: WhereOptions = {},
): Built {
  checkSort(sort, filters);
  const where = buildWhere(filters, opts);
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
  const sql = `SELECT ${HISTORY_COLUMNS}
    FROM payouts p CROSS JOIN batches b ON b.id = p.batch_id
    ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
    ORDER BY ${col} ${dir}, p.id ${dir} LIMIT ?`;
  params.push(limit + 1);
  return { sql, params };
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
export function buildTotalQuery(filters: HistoryFilters): Built {
  const where = buildWhere(filters, { forTotal: true });
  const join = where.needsBatch ? 'CROSS JOIN batches b ON b.id = p.batch_id' : '';
  return {
    sql: `SELECT count(*) AS count, coalesce(sum(p.amount_paise), 0) AS amountPaise FROM payouts p ${join}
      ${where.clauses.length ? `WHERE ${where.clauses.join(' AND ')}` : ''}`,
    params: where.params,
  };
}
