import { z } from 'zod';
import type { SearchPayoutsShape } from '../../shared/settings/api-profile';
import {
  canonical,
  isObject,
  listFrom,
  optionalRupeesAsPaise,
  optionalText,
  optionalTimestamp,
  parseShape,
  textId,
  timestampText,
} from './wire-read';
import { decimalToPaise } from './decimal-json';

/**
 * Payouts as the rest of the app sees them, read from EnKash's partly undocumented responses
 * (enkash-api.md §5.4–5.6, §15.3/5/6). Statuses are kept verbatim — an unknown one is data, not an error.
 */

export type PayoutRecord = {
  transactionId: string;
  enkashTransactionId: string | null;
  /** EnKash's payoutStatus verbatim (may be outside shared ENKASH_PAYOUT_STATUSES); null when not reported. */
  status: string | null;
  amountPaise: number | null;
  mode: string | null;
  /** Bank reference (UTR/RRN) when EnKash reports one. */
  utr: string | null;
  /** REJECT_* code or failure reason, verbatim. */
  rejectCode: string | null;
  message: string | null;
  batchTransactionId: string | null;
  beneficiaryId: string | null;
  createdOn: string | null;
  updatedOn: string | null;
};

export type BatchItemFailure = {
  transactionId: string | null;
  status: string | null;
  code: string | null;
  message: string | null;
};

export type BatchPayoutResult = {
  batchTransactionId: string;
  accepted: PayoutRecord[];
  failed: BatchItemFailure[];
  /** Submitted transactionIds in neither list: not known to be created — confirm by Search before resending. */
  missing: string[];
};

export type PayoutSearchResult = { items: PayoutRecord[]; total: number | null };

const PAYOUT_ALIASES = {
  transactionId: ['transactionId', 'transaction_id', 'clientTransactionId', 'txnId'],
  enkashTransactionId: ['enkashTransactionId', 'enkash_transaction_id', 'enkashTxnId', 'payoutTransactionId'],
  status: ['payoutStatus', 'payout_status', 'transactionStatus', 'status'],
  amount: ['transferAmount', 'transfer_amount', 'amount'],
  mode: ['transferMode', 'transfer_mode', 'mode'],
  utr: ['utr', 'UTR', 'bankReferenceNumber', 'bankRefNo', 'rrn', 'RRN', 'utrNumber', 'bankReferenceNo'],
  rejectCode: ['rejectCode', 'rejectReason', 'failureReason', 'statusCode', 'reject_code', 'failureCode'],
  message: [
    'statusMessage',
    'statusDescription',
    'rejectReason',
    'failureReason',
    'failureMessage',
    'errorMessage',
    'message',
  ],
  batchTransactionId: ['batchTransactionId', 'batch_transaction_id'],
  beneficiaryId: ['beneficiaryId', 'beneficiary_id'],
  createdOn: ['createdOn', 'createdAt', 'created_on', 'createdDate'],
  updatedOn: ['updatedOn', 'updatedAt', 'updated_on', 'lastModifiedOn', 'modifiedOn'],
} as const;

const payoutSchema = z.object({
  transactionId: textId,
  enkashTransactionId: optionalText,
  status: optionalText,
  amount: optionalRupeesAsPaise,
  mode: optionalText,
  utr: optionalText,
  rejectCode: optionalText,
  message: optionalText,
  batchTransactionId: optionalText,
  beneficiaryId: optionalText,
  createdOn: optionalTimestamp,
  updatedOn: optionalTimestamp,
});

function looksLikePayout(o: Record<string, unknown>): boolean {
  return PAYOUT_ALIASES.transactionId.some((k) => o[k] !== undefined);
}

/**
 * What the schemas above make of an item whose every field is plain (text, finite numbers, booleans, absent),
 * without zod: a batch answer is 100 items, and zod's unions and transforms per field cost more than the rest of
 * reading it. Anything else gives OTHER and goes through the schema, which alone decides and words the issues.
 */
const OTHER = Symbol('not plain');

function plainText(v: unknown): string | null | typeof OTHER {
  if (v === undefined) return null;
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    ? String(v)
    : OTHER;
}

function plainPayout(c: Record<keyof typeof PAYOUT_ALIASES, unknown>): PayoutRecord | null {
  const id = c.transactionId;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return null;
  const amount = c.amount === undefined || c.amount === null || c.amount === '' ? null : decimalToPaise(c.amount);
  if (amount === null && c.amount !== undefined && c.amount !== null && c.amount !== '') return null;
  const text = [
    c.enkashTransactionId,
    c.status,
    c.mode,
    c.utr,
    c.rejectCode,
    c.message,
    c.batchTransactionId,
    c.beneficiaryId,
  ].map(plainText);
  if (text.includes(OTHER)) return null;
  const [enkashTransactionId, status, mode, utr, rejectCode, message, batchTransactionId, beneficiaryId] = text as (
    string | null
  )[];
  // The schema's member order, then amountPaise, as readPayout has always built it.
  return {
    transactionId: String(id),
    enkashTransactionId: enkashTransactionId!,
    status: status!,
    mode: mode!,
    utr: utr!,
    rejectCode: rejectCode!,
    message: message!,
    batchTransactionId: batchTransactionId!,
    beneficiaryId: beneficiaryId!,
    createdOn: timestampText(c.createdOn),
    updatedOn: timestampText(c.updatedOn),
    amountPaise: amount,
  };
}

/** One payout item → PayoutRecord; throws bad_shape (e.g. no transactionId, an amount with 3 decimals). */
export function readPayout(item: unknown, httpStatus: number, where = 'payout'): PayoutRecord {
  return plainPayout(canonical(item, PAYOUT_ALIASES)) ?? readPayoutBySchema(item, httpStatus, where);
}

/** {@link readPayout} through the zod schema alone: what the plain path must always agree with. */
export function readPayoutBySchema(item: unknown, httpStatus: number, where = 'payout'): PayoutRecord {
  const { amount, ...rest } = parseShape(payoutSchema, canonical(item, PAYOUT_ALIASES), httpStatus, where);
  return { ...rest, amountPaise: amount };
}

const SEARCH_LIST_KEYS = [
  'content',
  'items',
  'payouts',
  'transactions',
  'payoutTransactions',
  'results',
  'records',
  'data',
  'payload',
];

/**
 * Search Payouts data, read in the profile's `searchPayoutsShape`. `page`: an array, `{content|items|payouts|
 * transactions: [...]}`, or a lone payout. `transaction-list`: `{payoutTransactionList: [...], totalCount}` only.
 * An answer in a shape we do not read is bad_shape — never "no payouts" (§15.18).
 */
export function readPayoutSearch(
  data: unknown,
  httpStatus: number,
  shape: SearchPayoutsShape = 'page',
): PayoutSearchResult {
  if (data === null || data === undefined) return { items: [], total: 0 };
  if (shape === 'transaction-list') return readTransactionList(data, httpStatus);
  const list = listFrom(data, SEARCH_LIST_KEYS, looksLikePayout);
  if (!list) {
    // `{totalElements: 0}` with no list at all is an empty page, not a puzzle.
    if (readTotal(data) === 0) return { items: [], total: 0 };
    return parseShape(z.never(), data, httpStatus, 'searchPayouts');
  }
  const items = list.map((item, i) => readPayout(item, httpStatus, `items.${i}`));
  return { items, total: readTotal(data) };
}

function readTransactionList(data: unknown, httpStatus: number): PayoutSearchResult {
  const list = isObject(data) ? data.payoutTransactionList : undefined;
  if (!Array.isArray(list)) return parseShape(z.never(), data, httpStatus, 'searchPayouts.payoutTransactionList');
  const total = isObject(data) ? data.totalCount : undefined;
  return {
    items: list.map((item, i) => readPayout(item, httpStatus, `payoutTransactionList.${i}`)),
    total: typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : null,
  };
}

/** Page totals as Spring and others name them; null when absent. */
export function readTotal(data: unknown): number | null {
  if (!isObject(data)) return null;
  for (const key of ['totalElements', 'total', 'totalCount', 'count', 'totalRecords']) {
    const v = data[key];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  }
  return null;
}

const SUCCESS_KEYS = [
  'successfulPayoutTransactionCreateResponses',
  'successfulPayoutTransactionResponses',
  'successfulTransactions',
  'successful',
  'success',
  'accepted',
  'payoutTransactionCreateResponses',
];
const FAILED_KEYS = [
  'failedPayoutTransactionCreateResponses',
  'failedPayoutTransactionResponses',
  'unsuccessfulPayoutTransactionCreateResponses',
  'rejectedPayoutTransactionCreateResponses',
  'failedTransactions',
  'failed',
  'failures',
  'rejected',
  'errors',
];

const FAILURE_ALIASES = {
  transactionId: ['transactionId', 'transaction_id', 'txnId'],
  status: ['payoutStatus', 'status'],
  code: ['rejectCode', 'errorCode', 'code', 'response_code', 'statusCode', 'failureCode'],
  message: ['message', 'errorMessage', 'response_message', 'rejectReason', 'failureReason', 'reason'],
} as const;

const failureSchema = z.object({
  transactionId: optionalText,
  status: optionalText,
  code: optionalText,
  message: optionalText,
});

/**
 * Batch response → accepted / failed / missing. The failed list's name is undocumented (§15.6), so any
 * array under a fail/reject/error-like key counts; an id in neither list is "missing", not "failed".
 */
export function readBatchResult(
  data: unknown,
  submitted: { batchTransactionId: string; transactionIds: string[] },
  httpStatus: number,
): BatchPayoutResult {
  let acceptedRaw: unknown[] = [];
  let failedRaw: unknown[] = [];
  let batchTransactionId = submitted.batchTransactionId;
  if (Array.isArray(data)) {
    acceptedRaw = data;
  } else if (isObject(data)) {
    // "unsuccessful…" also contains "success": it must never be read as the accepted list.
    acceptedRaw = firstArray(data, SUCCESS_KEYS, /success|accepted/i, /unsuccess|fail|reject/i) ?? [];
    failedRaw = firstArray(data, FAILED_KEYS, /fail|reject|error|unsuccess/i) ?? [];
    if (typeof data.batchTransactionId === 'string' && data.batchTransactionId)
      batchTransactionId = data.batchTransactionId;
  } else {
    parseShape(z.object({}), data, httpStatus, 'batch');
  }
  const accepted = acceptedRaw.map((item, i) => readPayout(item, httpStatus, `accepted.${i}`));
  const failed = failedRaw.map((item, i) => readFailure(item, httpStatus, `failed.${i}`));
  const seen = new Set<string>([
    ...accepted.map((a) => a.transactionId),
    ...failed.flatMap((f) => (f.transactionId ? [f.transactionId] : [])),
  ]);
  const missing = submitted.transactionIds.filter((id) => !seen.has(id));
  return { batchTransactionId, accepted, failed, missing };
}

/** One failed batch item; like {@link readPayout}, plain fields skip zod. */
function readFailure(item: unknown, httpStatus: number, where: string): BatchItemFailure {
  const fields = canonical(item, FAILURE_ALIASES);
  const text = [fields.transactionId, fields.status, fields.code, fields.message].map(plainText);
  if (text.includes(OTHER)) return readFailureBySchema(item, httpStatus, where);
  const [transactionId, status, code, message] = text as (string | null)[];
  return { transactionId: transactionId!, status: status!, code: code!, message: message! };
}

/** A failed batch item through the zod schema alone (see {@link readPayoutBySchema}). */
export function readFailureBySchema(item: unknown, httpStatus: number, where: string): BatchItemFailure {
  return parseShape(failureSchema, canonical(item, FAILURE_ALIASES), httpStatus, where);
}

function firstArray(obj: Record<string, unknown>, keys: string[], pattern: RegExp, exclude?: RegExp): unknown[] | null {
  for (const key of keys) if (Array.isArray(obj[key])) return obj[key] as unknown[];
  const key = Object.keys(obj).find((k) => Array.isArray(obj[k]) && pattern.test(k) && !exclude?.test(k));
  return key ? (obj[key] as unknown[]) : null;
}
