import type { TransferMode } from '../../../shared/domain/payout';
import type { PayoutState } from '../journal/states';
import type { MoneyBucket } from '../../../shared/domain/payout-states';

/**
 * Filters of the history view. Every one is optional and they combine with AND. Dates are IST calendar days
 * (YYYY-MM-DD, inclusive) on the row's creation time; amounts are integer paise.
 */
export type HistoryFilters = {
  /** `sandbox`, `uat`, `production`, `custom` — batches are tagged with the environment they were made for. */
  environment?: string;
  batchId?: number;
  /** Start of any word of the payee name, a beneficiary id or a VPA ("kum" finds "Ravi Kumar"); words AND. */
  payee?: string;
  /** Exactly 4 digits: the account's last four; more: the whole account number. */
  account?: string;
  /** Our transactionId (case-insensitive) or EnKash's id for the payout. */
  transactionId?: string;
  utr?: string;
  /** Exact amount. */
  amountPaise?: number;
  minAmountPaise?: number;
  maxAmountPaise?: number;
  /** IST day, inclusive. */
  from?: string;
  /** IST day, inclusive. */
  to?: string;
  states?: readonly PayoutState[];
  modes?: readonly TransferMode[];
};

/**
 * Sort orders with an index behind them, so every page comes off the index in order (keyset pagination).
 * `row` is the sheet order inside one batch and needs `filters.batchId`.
 */
export type HistorySortKey = 'createdAt' | 'amount' | 'row';
export type HistorySort = { key: HistorySortKey; direction: 'asc' | 'desc' };

export const DEFAULT_SORT: HistorySort = { key: 'createdAt', direction: 'desc' };

export type PageRequest = {
  /** 1 … 1000. */
  limit: number;
  /** `nextCursor` of the previous page; omitted for the first page. */
  after?: string | null;
  /** Also count the whole match set and sum its amounts (costs a pass over the matches; ask once, not per page). */
  withTotal?: boolean;
  /** Return whole account numbers instead of masked ones (the history grid shows masked ones). */
  revealAccounts?: boolean;
};

/** One payout as history shows it. Money in paise; times ISO-8601 UTC (show them in IST). */
export type HistoryRow = {
  id: number;
  batchId: number;
  batchName: string;
  environment: string;
  rowNumber: number;
  transactionId: string;
  enkashTransactionId: string | null;
  beneficiaryId: string | null;
  payeeName: string | null;
  /** Masked (`********9012`) unless `revealAccounts`. */
  account: string | null;
  accountLast4: string | null;
  ifsc: string | null;
  vpa: string | null;
  mode: TransferMode;
  amountPaise: number;
  state: PayoutState;
  enkashStatus: string | null;
  rejectCode: string | null;
  failureReason: string | null;
  utr: string | null;
  reference: string | null;
  remark: string | null;
  createdAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  finalAt: string | null;
  attempts: number;
  /** EnKash's side of a CONFLICT as stored (JSON of ConflictSide); null otherwise. */
  conflict: string | null;
  flag: string | null;
  /** JSON array of earlier transactionIds of this row. */
  previousTransactionIds: string | null;
};

export type Totals = { count: number; amountPaise: number };

export type HistoryPage = {
  rows: HistoryRow[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
  total?: Totals;
  /** With `withTotal`: the same matches split by what happened to the money (MONEY_BUCKET_OF). */
  headline?: Record<MoneyBucket, Totals>;
};
