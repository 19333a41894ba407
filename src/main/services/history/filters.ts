import { AppError } from '../../../shared/domain/errors';
import { TRANSFER_MODES } from '../../../shared/domain/payout';
import { PAYOUT_STATES } from '../journal/states';
import { istRange } from '../../../shared/domain/ist';
import { payeeMatchQuery } from './payee-index';
import type { HistoryFilters, HistorySort } from './types';

/** History filters checked and normalised once; invalid input is an AppError('invalid_input'). */

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

export type Normal = {
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

export function normalise(filters: HistoryFilters): Normal {
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
