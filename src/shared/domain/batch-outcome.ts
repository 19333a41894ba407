import type { BatchState, PayoutState } from './payout-states';

/**
 * What a batch's rows add up to, for the accountant (issue 17 point 5). Derived from the rows every time, never
 * stored: a batch state "SENT" only says every request has left, not that anyone was paid. The batches list and
 * the batch detail both call this one function, so they cannot disagree.
 */
export const BATCH_OUTCOMES = [
  'notSent',
  'inProgress',
  'needsAttention',
  'completed',
  'completedWithFailures',
  'cancelled',
] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

export const BATCH_OUTCOME_LABELS: Readonly<Record<BatchOutcome, string>> = {
  notSent: 'Not sent yet',
  inProgress: 'In progress',
  needsAttention: 'Needs attention',
  completed: 'Completed',
  completedWithFailures: 'Completed with failures',
  cancelled: 'Cancelled',
};

/** The rows that ended without paying the payee, as the label counts them. */
export type BatchFailureCounts = { rejected: number; failed: number; reversed: number; total: number };

export type BatchOutcomeView = {
  outcome: BatchOutcome;
  label: string;
  failures: BatchFailureCounts;
  /** Rows whose request has reached EnKash at least once and came back with an answer, or is waiting for one. */
  sentRows: number;
  /** Rows in a final state: nothing more happens to them on their own. */
  settledRows: number;
  /** Rows that count (a cancelled row in a live batch was left out of it). */
  countedRows: number;
};

// Rows not at EnKash yet, or at EnKash with no final answer yet: the batch is still moving.
const OPEN: readonly PayoutState[] = ['DRAFT', 'READY', 'SENDING', 'PENDING', 'PROCESSING'];
const SETTLED: readonly PayoutState[] = ['SUCCESS', 'FAILED', 'REVERSED', 'REJECTED'];

/**
 * The label for a batch from its state and its rows' counts by state (missing states count 0).
 * Precedence, most urgent first: an UNKNOWN or CONFLICT row needs a person whatever else is true (money may or
 * may not have left); a DRAFT batch is not sent; rows still moving mean in progress (even in a cancelled batch,
 * whose already-sent rows are followed to the end); then the batch is done — cancelled when a person cancelled it
 * (or no row ever settled), else completed, with failures when any row was REJECTED, FAILED or REVERSED.
 */
export function batchOutcome(
  batchState: BatchState,
  byState: Readonly<Partial<Record<PayoutState, number>>>,
): BatchOutcomeView {
  const n = (s: PayoutState) => byState[s] ?? 0;
  const sum = (states: readonly PayoutState[]) => states.reduce((t, s) => t + n(s), 0);
  const failures = {
    rejected: n('REJECTED'),
    failed: n('FAILED'),
    reversed: n('REVERSED'),
    total: n('REJECTED') + n('FAILED') + n('REVERSED'),
  };
  const settledRows = sum(SETTLED);
  const attention = n('UNKNOWN') + n('CONFLICT');
  const view = (outcome: BatchOutcome): BatchOutcomeView => ({
    outcome,
    label: BATCH_OUTCOME_LABELS[outcome],
    failures,
    sentRows: settledRows + attention + n('SENDING') + n('PENDING') + n('PROCESSING'),
    settledRows,
    countedRows: settledRows + attention + sum(OPEN),
  });
  if (attention > 0) return view('needsAttention');
  if (batchState === 'DRAFT') return view('notSent');
  // Not-yet-sent rows of a cancelled batch were cancelled with it; only rows at EnKash keep it moving.
  const moving = batchState === 'CANCELLED' ? n('SENDING') + n('PENDING') + n('PROCESSING') : sum(OPEN);
  if (moving > 0) return view('inProgress');
  // A person called the batch off: that is its name even when some rows had already been paid (the counts say so).
  if (batchState === 'CANCELLED' || settledRows === 0) return view('cancelled');
  return view(failures.total > 0 ? 'completedWithFailures' : 'completed');
}
