import type { PayoutState } from '../journal/states';

/** Types of the bank-statement reconciliation (issue 6 §4). Money in integer paise; times ISO-8601 UTC. */

export type Direction = 'DEBIT' | 'CREDIT' | 'UNKNOWN';

/** How a statement line was tied to a payout, strongest first. */
export type MatchMethod = 'utr' | 'transaction_id' | 'enkash_id' | 'remarks' | 'reference' | 'amount_date';

/** What the line is for the payout: the money leaving, coming back after a failure, or after a reversal. */
export type LineRole = 'payment' | 'refund' | 'reversal';

/**
 * Why a line needs a person's eye, most serious first (a line shows its most serious flag; `note` lists all).
 * - debit_for_unpaid: money left for a payout we hold as REJECTED/CANCELLED/not sent.
 * - duplicate_debit: a second, different debit for one payout — possibly paid twice.
 * - unknown_debit: money left that no payout of ours explains (another tool, the portal, a charge).
 * - reversal_not_recorded: the bank returned a payout we still hold as SUCCESS.
 * - amount_mismatch: tied by id, but the amounts differ.
 * - outcome_unknown: EnKash debited a payout we still hold as UNKNOWN/SENDING ("check now" settles it).
 * - credit_before_outcome: money came back for a payout not yet final here.
 * - duplicate_credit / duplicate_line: a second credit; the same line listed twice by the statement.
 * - ambiguous: matched by amount and date among several candidates.
 * - reversal: a reversal credit (always shown to the auditor).
 * - other_credit: a credit that is not ours (funding the account, interest).
 * - unknown_line / unknown_direction: the type was neither debit nor credit.
 */
export const LINE_FLAGS = [
  'debit_for_unpaid',
  'duplicate_debit',
  'unknown_debit',
  'reversal_not_recorded',
  'amount_mismatch',
  'outcome_unknown',
  'credit_before_outcome',
  'duplicate_credit',
  'duplicate_line',
  'ambiguous',
  'reversal',
  'other_credit',
  'unknown_line',
  'unknown_direction',
] as const;
export type LineFlag = (typeof LINE_FLAGS)[number];

/**
 * Payout-side findings.
 * - no_debit: EnKash accepted it in the range, but the statement shows no debit for it.
 * - refund_missing: FAILED, debited, and no refund credit on the statement.
 * - reversal_credit_missing: REVERSED here, but no reversal credit on the statement.
 * - reversal_not_recorded: SUCCESS here, but the statement shows it came back.
 */
export type PayoutIssueKind = 'no_debit' | 'refund_missing' | 'reversal_credit_missing' | 'reversal_not_recorded';

/** One statement line as normalised from EnKash's answer. */
export type StatementLine = {
  seq: number;
  transactionId: string | null;
  transactionDate: string | null;
  valueDate: string | null;
  transactionType: string | null;
  direction: Direction;
  remarks: string | null;
  referenceNumber: string | null;
  mode: string | null;
  amountPaise: number;
  runningBalancePaise: number | null;
  /** The line's time in ms (transaction date, else value date), null when unreadable. */
  at: number | null;
  inRange: boolean;
};

/** What matching needs of a payout. */
export type PayoutLite = {
  id: number;
  transactionId: string;
  enkashTransactionId: string | null;
  utr: string | null;
  reference: string | null;
  amountPaise: number;
  state: PayoutState;
  createdAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  finalAt: string | null;
};

export type LineMatch = {
  payout: PayoutLite;
  method: MatchMethod;
  /** 0–100. */
  confidence: number;
  role: LineRole;
};

export type MatchedLine = StatementLine & { match: LineMatch | null; flags: LineFlag[] };

export type PayoutIssue = { payout: PayoutLite; issue: PayoutIssueKind; note: string };

export type ReconSummary = {
  lines: { total: number; inRange: number; matched: number; unmatched: number };
  debitPaise: number;
  creditPaise: number;
  matchedDebitPaise: number;
  unmatchedDebitPaise: number;
  unmatchedCreditPaise: number;
  byMethod: Partial<Record<MatchMethod, number>>;
  byFlag: Partial<Record<LineFlag, number>>;
  issues: Partial<Record<PayoutIssueKind, number>>;
  reversals: number;
  expectedPayouts: number;
};
