import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../../src/main/sandbox/config';
import { advance, schedulePayout, forcedOutcome, planLifecycle } from '../../../src/main/sandbox/lifecycle';
import { emptyState, type StoredPayout } from '../../../src/main/sandbox/state';

const timing = { ...DEFAULT_TIMING, pendingMs: 100, processingMs: 1000, reversalMs: 5000, failRate: 0, reverseRate: 0 };

describe('planLifecycle', () => {
  it('starts batch items PENDING and singles PROCESSING, then SUCCESS with a 12-digit UTR', () => {
    const batch = planLifecycle(1, timing, 'T1', 1, 'Asha', 0, true);
    expect(batch.steps).toEqual([
      { at: 0, status: 'PENDING' },
      { at: 100, status: 'PROCESSING' },
      { at: 1100, status: 'SUCCESS' },
    ]);
    expect(batch.plannedUtr).toMatch(/^\d{12}$/);
    expect(planLifecycle(1, timing, 'T1', 1, 'Asha', 0, false).steps.map((s) => s.status)).toEqual([
      'PROCESSING',
      'SUCCESS',
    ]);
  });

  it('is deterministic in seed + transactionId and differs across seeds', () => {
    const a = planLifecycle(7, timing, 'T1', 1, 'Asha', 0, false);
    expect(planLifecycle(7, timing, 'T1', 1, 'Asha', 0, false)).toEqual(a);
    const utrs = new Set(
      [1, 2, 3, 4, 5].map((seed) => planLifecycle(seed, timing, 'T1', 1, 'Asha', 0, false).plannedUtr),
    );
    expect(utrs.size).toBe(5);
  });

  it('honours the rates: failRate 1 fails everything, reverseRate 1 reverses every success', () => {
    const failing = planLifecycle(3, { ...timing, failRate: 1 }, 'T2', 1, 'Asha', 0, false);
    expect(failing.steps.at(-1)?.status).toBe('FAILED');
    expect(failing.plannedFailureReason).toEqual(expect.any(String));
    const reversing = planLifecycle(3, { ...timing, reverseRate: 1 }, 'T2', 1, 'Asha', 0, false);
    expect(reversing.steps.at(-1)).toEqual({ at: 6000, status: 'REVERSED' });
  });

  it('fails a small seeded fraction at the default rates', () => {
    const fails = Array.from({ length: 2000 }, (_, i) =>
      planLifecycle(11, DEFAULT_TIMING, `X${i}`, 1, 'Asha', 0, false),
    ).filter((p) => p.steps.at(-1)?.status === 'FAILED').length;
    expect(fails).toBeGreaterThan(40);
    expect(fails).toBeLessThan(200);
  });

  it('lets the payee name force an outcome (last word FAIL / REVERSE)', () => {
    expect(forcedOutcome('Ravi FAIL')).toBe('FAIL');
    expect(forcedOutcome('Ravi REVERSE')).toBe('REVERSE');
    expect(forcedOutcome('FAIL Ravi')).toBeNull();
    expect(forcedOutcome('Ravi Fail')).toBeNull();
    expect(planLifecycle(1, { ...timing, failRate: 0 }, 'T3', 1, 'Ravi FAIL', 0, false).steps.at(-1)?.status).toBe(
      'FAILED',
    );
    expect(planLifecycle(1, { ...timing, failRate: 1 }, 'T3', 1, 'Ravi REVERSE', 0, false).steps.at(-1)?.status).toBe(
      'REVERSED',
    );
  });
});

describe('advance', () => {
  function payout(id: string, seq: number, steps: StoredPayout['steps']): StoredPayout {
    return {
      seq,
      transactionId: id,
      enkashTransactionId: `EK${seq}`,
      amountPaise: 500,
      transferMode: 'NEFT',
      status: steps[0]!.status,
      steps,
      nextStep: 1,
      createdAt: steps[0]!.at,
      updatedAt: steps[0]!.at,
      attempts: 1,
      plannedUtr: '123456789012',
      plannedFailureReason: 'Beneficiary account closed',
    };
  }

  it('applies due steps in time order, credits failures and reversals, and is idempotent', () => {
    const state = emptyState();
    state.balancePaise = 0;
    state.payouts.set(
      'A',
      payout('A', 1, [
        { at: 0, status: 'PROCESSING' },
        { at: 30, status: 'FAILED' },
      ]),
    );
    state.payouts.set(
      'B',
      payout('B', 2, [
        { at: 0, status: 'PROCESSING' },
        { at: 10, status: 'SUCCESS' },
        { at: 20, status: 'REVERSED' },
      ]),
    );
    expect(advance(state, 9)).toBe(false);
    expect(advance(state, 15)).toBe(true);
    expect(state.payouts.get('B')).toMatchObject({ status: 'SUCCESS', utr: '123456789012', updatedAt: 10 });
    expect(advance(state, 100)).toBe(true);
    expect(state.payouts.get('A')).toMatchObject({ status: 'FAILED', failureReason: 'Beneficiary account closed' });
    expect(state.payouts.get('B')).toMatchObject({ status: 'REVERSED' });
    expect(state.statement.map((l) => [l.transactionId, l.at, l.type, l.balanceAfterPaise])).toEqual([
      ['B', 20, 'CREDIT', 500],
      ['A', 30, 'CREDIT', 1000],
    ]);
    expect(advance(state, 1000)).toBe(false);
    expect(state.balancePaise).toBe(1000);
  });
  it('advances a payout stored after the first advance (schedulePayout) and passes over a replaced one', () => {
    const state = emptyState();
    state.balancePaise = 0;
    expect(advance(state, 0)).toBe(false); // builds the empty queue
    const a = payout('A', 1, [
      { at: 0, status: 'PROCESSING' },
      { at: 10, status: 'FAILED' },
    ]);
    state.payouts.set('A', a);
    schedulePayout(state, a);
    // Re-initiated under the same id before its step was due: only the stored payout moves.
    const again = payout('A', 2, [
      { at: 0, status: 'PROCESSING' },
      { at: 20, status: 'SUCCESS' },
    ]);
    state.payouts.set('A', again);
    schedulePayout(state, again);
    expect(advance(state, 15)).toBe(false);
    expect(a.status).toBe('PROCESSING');
    expect(advance(state, 25)).toBe(true);
    expect(state.payouts.get('A')).toMatchObject({ status: 'SUCCESS', seq: 2 });
    expect(state.statement).toEqual([]);
  });

  it('applies the steps of many payouts in (time, seq) order whatever order they were stored in', () => {
    const state = emptyState();
    state.balancePaise = 0;
    const order: string[] = [];
    for (let i = 0; i < 200; i++) {
      const at = ((i * 37) % 50) + 1;
      state.payouts.set(
        `P${i}`,
        payout(`P${i}`, 1000 - i, [
          { at: 0, status: 'PROCESSING' },
          { at, status: 'FAILED' },
        ]),
      );
    }
    expect(advance(state, 100)).toBe(true);
    for (const line of state.statement) order.push(line.transactionId);
    const expected = [...state.payouts.values()]
      .sort((x, y) => x.steps[1]!.at - y.steps[1]!.at || x.seq - y.seq)
      .map((p) => p.transactionId);
    expect(order).toEqual(expected);
  });
});
