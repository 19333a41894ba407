import { describe, expect, it } from 'vitest';
import type { PayoutRecord } from '../../../src/main/enkash/payout-outputs';
import {
  canTransition,
  isKnownEnkashStatus,
  nextStateFor,
  pickNewest,
  stateForEnkashStatus,
} from '../../../src/main/services/journal/states';

// Issue 9 point 6: every status EnKash can say maps to a move.
describe('the state machine is total over what EnKash can say', () => {
  it('REJECTED or FAILED after PROCESSING are taken (an unknown status left the row PROCESSING)', () => {
    const observed = stateForEnkashStatus('ON_HOLD');
    expect(observed).toBe('PROCESSING');
    expect(nextStateFor('PROCESSING', stateForEnkashStatus('REJECTED'))).toBe('REJECTED');
    expect(nextStateFor('PROCESSING', stateForEnkashStatus('FAILED'))).toBe('FAILED');
    expect(canTransition('PROCESSING', 'REJECTED')).toBe(true);
  });

  it('FAILED or REVERSED after SUCCESS become REVERSED (the money came back)', () => {
    expect(nextStateFor('SUCCESS', 'FAILED')).toBe('REVERSED');
    expect(nextStateFor('SUCCESS', 'REVERSED')).toBe('REVERSED');
    expect(nextStateFor('SUCCESS', 'PROCESSING')).toBeNull();
  });

  it('unknown strings are recognised as unknown so they can be flagged', () => {
    expect(isKnownEnkashStatus('SUCCESS')).toBe(true);
    expect(isKnownEnkashStatus(' processing ')).toBe(true);
    expect(isKnownEnkashStatus('ON_HOLD')).toBe(false);
    expect(isKnownEnkashStatus(null)).toBe(true);
  });

  it('CONFLICT is reachable from SENDING, UNKNOWN and accepted states, never from final negatives', () => {
    for (const from of ['SENDING', 'UNKNOWN', 'PENDING', 'PROCESSING', 'SUCCESS'] as const) {
      expect(canTransition(from, 'CONFLICT')).toBe(true);
    }
    expect(canTransition('READY', 'CONFLICT')).toBe(false);
    expect(canTransition('CONFLICT', 'SUCCESS')).toBe(true); // "this is our payout"
    expect(canTransition('CONFLICT', 'READY')).toBe(true); // "not ours", with a new transactionId
  });
});

const rec = (over: Partial<PayoutRecord>): PayoutRecord => ({
  transactionId: 'T1',
  enkashTransactionId: null,
  status: null,
  amountPaise: 100,
  mode: null,
  utr: null,
  rejectCode: null,
  message: null,
  batchTransactionId: null,
  beneficiaryId: null,
  createdOn: null,
  updatedOn: null,
  ...over,
});

describe('pickNewest', () => {
  it('compares parsed timestamps, not strings', () => {
    // As strings "2026-11-26T09:00:00+05:30" > "2026-11-26T05:00:00Z", but it is 03:30Z: older.
    const older = rec({ status: 'REJECTED', updatedOn: '2026-11-26T09:00:00+05:30' });
    const newer = rec({ status: 'SUCCESS', updatedOn: '2026-11-26T05:00:00Z' });
    expect(pickNewest([newer, older]).status).toBe('SUCCESS');
    expect(pickNewest([older, newer]).status).toBe('SUCCESS');
  });

  it('breaks a tie by attempt (the later item of the answer), and a record with a time beats one without', () => {
    const a = rec({ status: 'REJECTED', updatedOn: '2026-11-26T05:00:00Z' });
    const b = rec({ status: 'PENDING', updatedOn: '2026-11-26T05:00:00Z' });
    expect(pickNewest([a, b]).status).toBe('PENDING');
    const untimed = rec({ status: 'PROCESSING' });
    expect(pickNewest([a, untimed]).status).toBe('REJECTED');
  });
});
