import { hashDigits, hashPick, hashUnit } from './rng';
import { postLine, type LifecycleStep, type SandboxState, type StoredPayout } from './state';
import type { SandboxTiming } from './types';

/**
 * The payout lifecycle. When a payout is accepted its whole future is planned at once — step times from the
 * timing options, outcome from seed + transactionId — and stored. Reads then "advance" the state to the
 * injected clock's now, applying every due step in time order, so status, balance and statement are a pure
 * function of (requests, seed, clock) and nothing runs in the background.
 */

export const FAILURE_REASONS = [
  'Beneficiary account closed',
  'Invalid beneficiary account number',
  'Beneficiary bank not reachable',
  'Beneficiary account frozen',
  'Transaction not permitted to beneficiary account',
] as const;

export const REVERSAL_REASON = 'Returned by beneficiary bank';

/**
 * Deterministic triggers for demos and tests, documented in the sandbox README section of the report:
 * a payee name whose last word is FAIL always fails at the bank; whose last word is REVERSE succeeds and is
 * then reversed. Names may only hold letters and spaces, so these are valid names.
 */
export function forcedOutcome(payeeName: string | undefined): 'FAIL' | 'REVERSE' | null {
  const last = payeeName?.trim().split(/\s+/).pop();
  if (last === 'FAIL') return 'FAIL';
  if (last === 'REVERSE') return 'REVERSE';
  return null;
}

export type Plan = {
  steps: LifecycleStep[];
  plannedUtr?: string;
  plannedFailureReason?: string;
};

/** Plans the accepted payout's status steps starting at `t0`; batch items start PENDING, singles PROCESSING. */
export function planLifecycle(
  seed: number,
  timing: SandboxTiming,
  transactionId: string,
  attempt: number,
  payeeName: string | undefined,
  t0: number,
  inBatch: boolean,
): Plan {
  const key = `${transactionId}#${attempt}`;
  const forced = forcedOutcome(payeeName);
  const steps: LifecycleStep[] = [];
  let processingAt = t0;
  if (inBatch) {
    steps.push({ at: t0, status: 'PENDING' });
    processingAt = t0 + timing.pendingMs;
  }
  steps.push({ at: processingAt, status: 'PROCESSING' });
  const finalAt = processingAt + timing.processingMs;
  const fails = forced === 'FAIL' || (forced === null && hashUnit(seed, key, 'fail') < timing.failRate);
  if (fails) {
    steps.push({ at: finalAt, status: 'FAILED' });
    return { steps, plannedFailureReason: hashPick(FAILURE_REASONS, seed, key, 'reason') };
  }
  steps.push({ at: finalAt, status: 'SUCCESS' });
  const reverses = forced === 'REVERSE' || (forced === null && hashUnit(seed, key, 'reverse') < timing.reverseRate);
  if (reverses) steps.push({ at: finalAt + timing.reversalMs, status: 'REVERSED' });
  return { steps, plannedUtr: hashDigits(seed, 12, key, 'utr') };
}

function applyStep(state: SandboxState, p: StoredPayout, step: LifecycleStep): void {
  p.status = step.status;
  p.updatedAt = step.at;
  const amount = p.amountPaise ?? 0;
  switch (step.status) {
    case 'SUCCESS':
      p.utr = p.plannedUtr;
      break;
    case 'FAILED':
      // The bank refused: the debit taken at acceptance comes back.
      p.failureReason = p.plannedFailureReason;
      postLine(state, {
        transactionId: p.transactionId,
        at: step.at,
        type: 'CREDIT',
        remarks: `Refund of failed payout ${p.transactionId}`,
        reference: p.enkashTransactionId,
        mode: p.transferMode ?? '',
        amountPaise: amount,
      });
      break;
    case 'REVERSED':
      p.failureReason = REVERSAL_REASON;
      postLine(state, {
        transactionId: p.transactionId,
        at: step.at,
        type: 'CREDIT',
        remarks: `Reversal of payout ${p.transactionId}`,
        reference: p.utr ?? p.enkashTransactionId,
        mode: p.transferMode ?? '',
        amountPaise: amount,
      });
      break;
    default:
      break;
  }
}

/**
 * Applies every step due at or before `now`, across all payouts, in time order (ties: acceptance order), so the
 * statement's running balance is chronological. Returns whether anything changed (i.e. state needs saving).
 */
export function advance(state: SandboxState, now: number): boolean {
  const due: { p: StoredPayout; step: LifecycleStep }[] = [];
  for (const p of state.payouts.values()) {
    for (let i = p.nextStep; i < p.steps.length; i++) {
      const step = p.steps[i] as LifecycleStep;
      if (step.at > now) break;
      due.push({ p, step });
    }
  }
  if (due.length === 0) return false;
  due.sort((a, b) => a.step.at - b.step.at || a.p.seq - b.p.seq);
  for (const { p, step } of due) {
    applyStep(state, p, step);
    p.nextStep += 1;
  }
  return true;
}
