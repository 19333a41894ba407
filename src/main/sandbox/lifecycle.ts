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
/** A payout's next unapplied step, keyed for the queue. */
type Due = { at: number; seq: number; p: StoredPayout };

/**
 * Next steps in (time, payout seq) order, one queue per state object, built on first use from the stored
 * payouts. Scanning every payout on every request made each call O(payouts ever made): 10,000 payouts cost the
 * simulator about half a second per run of the submit bench, time a real EnKash does not spend on our clock.
 */
const queues = new WeakMap<SandboxState, Due[]>();

const before = (x: Due, y: Due) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

function push(q: Due[], d: Due): void {
  let i = q.push(d) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(q[i]!, q[parent]!)) break;
    [q[i], q[parent]] = [q[parent]!, q[i]!];
    i = parent;
  }
}

function pop(q: Due[]): Due {
  const top = q[0]!;
  const last = q.pop()!;
  if (q.length) {
    q[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < q.length && before(q[l]!, q[m]!)) m = l;
      if (r < q.length && before(q[r]!, q[m]!)) m = r;
      if (m === i) break;
      [q[i], q[m]] = [q[m]!, q[i]!];
      i = m;
    }
  }
  return top;
}

function pushNext(q: Due[], p: StoredPayout): void {
  const step = p.steps[p.nextStep];
  if (step) push(q, { at: step.at, seq: p.seq, p });
}

function queueOf(state: SandboxState): Due[] {
  let q = queues.get(state);
  if (!q) {
    q = [];
    for (const p of state.payouts.values()) pushNext(q, p);
    queues.set(state, q);
  }
  return q;
}

/** Call after storing a payout in `state.payouts`, so its planned steps are applied when due. */
export function schedulePayout(state: SandboxState, p: StoredPayout): void {
  const q = queues.get(state);
  if (q) pushNext(q, p); // without a queue yet, the first advance builds it from the map, this payout included
}

/**
 * Applies every step due by `now`, in time order (ties by payout seq, a payout's own steps in order). A queued
 * payout that was since replaced in the map (re-initiated under its transactionId) is no longer the stored one
 * and is passed over, as a scan of the map would.
 */
export function advance(state: SandboxState, now: number): boolean {
  const q = queueOf(state);
  let applied = false;
  while (q.length && q[0]!.at <= now) {
    const { p } = pop(q);
    if (state.payouts.get(p.transactionId) !== p) continue;
    applyStep(state, p, p.steps[p.nextStep] as LifecycleStep);
    p.nextStep += 1;
    applied = true;
    pushNext(q, p);
  }
  return applied;
}
