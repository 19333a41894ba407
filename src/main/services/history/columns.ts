import { AppError } from '../../../shared/domain/errors';
import type { HistoryFilters, HistoryRow, HistorySort } from './types';

/** The history row's SELECT list, sort columns and the keyset cursor. */

export const SORT_COLUMN: Record<HistorySort['key'], string> = {
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
  throw new AppError(
    'invalid_input',
    'The page cursor does not belong to this sort order; start from the first page.',
    {
      field: 'after',
    },
  );
}

/** The value of the sort key of a row, for its cursor. */
export function sortValue(
  sort: HistorySort,
  row: { createdAt: string; amountPaise: number; rowNumber: number },
): string | number {
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

/** The SELECT list of a history row, in a fixed order (exports read rows as arrays by these positions). */
const HISTORY_FIELDS = [
  ['p.id', 'id'],
  ['p.batch_id', 'batchId'],
  ['b.name', 'batchName'],
  ['b.environment', 'environment'],
  ['p.row_number', 'rowNumber'],
  ['p.transaction_id', 'transactionId'],
  ['p.enkash_transaction_id', 'enkashTransactionId'],
  ['p.beneficiary_id', 'beneficiaryId'],
  ['p.payee_name', 'payeeName'],
  ['p.account_number', 'account'],
  ['p.account_last4', 'accountLast4'],
  ['p.ifsc', 'ifsc'],
  ['p.vpa', 'vpa'],
  ['p.mode', 'mode'],
  ['p.amount_paise', 'amountPaise'],
  ['p.state', 'state'],
  ['p.enkash_status', 'enkashStatus'],
  ['p.reject_code', 'rejectCode'],
  ['p.failure_reason', 'failureReason'],
  ['p.utr', 'utr'],
  ['p.reference', 'reference'],
  ['p.remark', 'remark'],
  ['p.created_at', 'createdAt'],
  ['p.sent_at', 'sentAt'],
  ['p.accepted_at', 'acceptedAt'],
  ['p.final_at', 'finalAt'],
  ['p.attempts', 'attempts'],
  // Appended, never inserted: exports read raw rows by these positions.
  ['p.conflict', 'conflict'],
  ['p.flag', 'flag'],
  ['p.previous_transaction_ids', 'previousTransactionIds'],
] as const satisfies readonly (readonly [string, keyof HistoryRow])[];

// Quoted: PostgreSQL folds an unquoted alias to lower case (`batchid`); SQLite reads the quotes the same way.
export const HISTORY_COLUMNS = HISTORY_FIELDS.map(([expr, key]) => `${expr} AS "${key}"`).join(', ');

/** Position of each field in a raw (array) history row. */
export const FIELD = Object.fromEntries(HISTORY_FIELDS.map(([, key], i) => [key, i])) as Record<
  keyof HistoryRow,
  number
>;
