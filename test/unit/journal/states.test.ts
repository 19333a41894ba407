import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_STATES,
  canTransition,
  canTransitionBatch,
  canTransitionChunk,
  FINAL_STATES,
  nextStateFor,
  PAYOUT_STATES,
  type PayoutState,
  stateForEnkashStatus,
} from '../../../src/main/services/journal/states';

describe('payout state machine', () => {
  it('an unknown outcome can never be written off as FAILED, REJECTED or READY without a search', () => {
    // SENDING may go back to READY only because "not sent" is proven; UNKNOWN never goes back to READY.
    expect(canTransition('UNKNOWN', 'READY')).toBe(false);
    expect(canTransition('UNKNOWN', 'CANCELLED')).toBe(false);
    expect(canTransition('UNKNOWN', 'SENDING')).toBe(true); // the identical resend
    expect(canTransition('SENDING', 'UNKNOWN')).toBe(true);
    expect(canTransition('READY', 'UNKNOWN')).toBe(false);
  });

  it('final states stay final, except SUCCESS → REVERSED', () => {
    for (const from of ['FAILED', 'REVERSED', 'CANCELLED'] as PayoutState[]) {
      for (const to of PAYOUT_STATES) expect(canTransition(from, to)).toBe(false);
    }
    expect(PAYOUT_STATES.filter((to) => canTransition('SUCCESS', to))).toEqual(['REVERSED', 'CONFLICT']);
  });

  it('REJECTED is fixed and re-initiated (READY) or abandoned, never sent directly', () => {
    expect(PAYOUT_STATES.filter((to) => canTransition('REJECTED', to))).toEqual(['READY', 'CANCELLED']);
  });

  it('cancellation only reaches rows that have not left', () => {
    const cancellable = PAYOUT_STATES.filter((from) => canTransition(from, 'CANCELLED'));
    expect(cancellable.sort()).toEqual(['DRAFT', 'READY', 'REJECTED'].sort());
  });

  it('every accepted state is reachable from SENDING and UNKNOWN (answers and searches)', () => {
    for (const to of ACCEPTED_STATES) {
      expect(canTransition('SENDING', to)).toBe(true);
      expect(canTransition('UNKNOWN', to)).toBe(true);
    }
    expect(FINAL_STATES).not.toContain('UNKNOWN');
  });

  it('batch and chunk machines', () => {
    expect(canTransitionBatch('DRAFT', 'SENDING')).toBe(false);
    expect(canTransitionBatch('CANCELLED', 'SENDING')).toBe(false);
    expect(canTransitionBatch('SENT', 'SENDING')).toBe(true);
    expect(canTransitionChunk('SENT', 'SENDING')).toBe(false);
    expect(canTransitionChunk('UNKNOWN', 'SENDING')).toBe(true);
  });
});

describe('EnKash status mapping', () => {
  it('maps documented statuses and keeps unknown ones in progress (never final)', () => {
    expect(stateForEnkashStatus('SUCCESS')).toBe('SUCCESS');
    expect(stateForEnkashStatus('rejected')).toBe('REJECTED');
    expect(stateForEnkashStatus(null)).toBe('PENDING');
    expect(stateForEnkashStatus('ON_HOLD')).toBe('PROCESSING');
    expect(stateForEnkashStatus('INITIATED')).toBe('PROCESSING');
  });

  it('ignores stale answers that would move a row backwards', () => {
    expect(nextStateFor('SUCCESS', 'PROCESSING')).toBeNull();
    expect(nextStateFor('PROCESSING', 'PENDING')).toBeNull();
    expect(nextStateFor('PROCESSING', 'PROCESSING')).toBeNull();
    expect(nextStateFor('PENDING', 'SUCCESS')).toBe('SUCCESS');
    expect(nextStateFor('SUCCESS', 'REVERSED')).toBe('REVERSED');
    expect(nextStateFor('SUCCESS', 'FAILED')).toBe('REVERSED'); // issue 9 point 6: the money came back
    expect(nextStateFor('UNKNOWN', 'REJECTED')).toBe('REJECTED');
  });
});
