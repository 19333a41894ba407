import { describe, expect, it } from 'vitest';
import { batchOutcome, type BatchOutcome } from '../../../src/shared/domain/batch-outcome';
import {
  BATCH_STATES,
  PAYOUT_STATES,
  type BatchState,
  type PayoutState,
} from '../../../src/shared/domain/payout-states';

type Rows = Partial<Record<PayoutState, number>>;
const outcome = (state: BatchState, rows: Rows): BatchOutcome => batchOutcome(state, rows).outcome;

describe('batchOutcome: the label derived from a batch’s rows (issue 17 point 5)', () => {
  it('100 % sent is not done: rows waiting for the bank keep the batch in progress', () => {
    expect(outcome('SENT', { PENDING: 2, SUCCESS: 3 })).toBe('inProgress');
    expect(outcome('SENT', { PROCESSING: 1 })).toBe('inProgress');
    expect(outcome('SENDING', { READY: 1, SENDING: 1, SUCCESS: 1 })).toBe('inProgress');
    expect(outcome('CONFIRMED', { READY: 4 })).toBe('inProgress');
    expect(outcome('PAUSED', { READY: 2, SUCCESS: 2 })).toBe('inProgress');
  });

  it.each(['UNKNOWN', 'CONFLICT'] as const)('any %s row needs attention, whatever else is true', (s) => {
    for (const state of BATCH_STATES) {
      expect(outcome(state, { [s]: 1, SUCCESS: 10 })).toBe('needsAttention');
      expect(outcome(state, { [s]: 1, PENDING: 3, FAILED: 2 })).toBe('needsAttention');
    }
  });

  it('every row paid is Completed', () => {
    expect(outcome('SENT', { SUCCESS: 4 })).toBe('completed');
    // Rows left out of a live batch (cancelled) do not make it fail.
    expect(outcome('SENT', { SUCCESS: 4, CANCELLED: 1 })).toBe('completed');
  });

  it.each(['REJECTED', 'FAILED', 'REVERSED'] as const)('a %s row makes it Completed with failures, counted', (s) => {
    const view = batchOutcome('SENT', { SUCCESS: 3, [s]: 2 });
    expect(view.outcome).toBe('completedWithFailures');
    expect(view.label).toBe('Completed with failures');
    expect(view.failures.total).toBe(2);
    expect(view.failures[s.toLowerCase() as 'rejected' | 'failed' | 'reversed']).toBe(2);
  });

  it('counts each failure kind separately', () => {
    expect(batchOutcome('SENT', { SUCCESS: 1, REJECTED: 1, FAILED: 2, REVERSED: 3 }).failures).toEqual({
      rejected: 1,
      failed: 2,
      reversed: 3,
      total: 6,
    });
  });

  it('a cancelled batch is Cancelled once nothing of it is still at the bank', () => {
    expect(outcome('CANCELLED', { CANCELLED: 5 })).toBe('cancelled');
    expect(outcome('CANCELLED', { CANCELLED: 3, SUCCESS: 2 })).toBe('cancelled');
    expect(outcome('CANCELLED', { CANCELLED: 3, READY: 1 })).toBe('cancelled');
    expect(outcome('CANCELLED', { CANCELLED: 3, PENDING: 1 })).toBe('inProgress');
  });

  it('a draft batch is not sent yet', () => {
    expect(outcome('DRAFT', { DRAFT: 4 })).toBe('notSent');
    expect(batchOutcome('DRAFT', { DRAFT: 4 }).label).toBe('Not sent yet');
  });

  it('counts sent and settled rows separately', () => {
    const view = batchOutcome('SENT', { SUCCESS: 2, FAILED: 1, PENDING: 3, UNKNOWN: 1, CANCELLED: 2 });
    expect(view.sentRows).toBe(7);
    expect(view.settledRows).toBe(3);
    expect(view.countedRows).toBe(7);
  });

  it('gives every batch state × row state a label (total, no throw)', () => {
    for (const b of BATCH_STATES) {
      for (const p of PAYOUT_STATES) {
        const view = batchOutcome(b, { [p]: 1 });
        expect(view.label.length).toBeGreaterThan(0);
      }
    }
  });
});
