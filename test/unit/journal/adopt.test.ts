import { describe, expect, it } from 'vitest';
import type { PayoutRecord } from '../../../src/main/enkash/payout-outputs';
import { samePayout } from '../../../src/main/services/journal/adopt';

const row = {
  amountPaise: 123450,
  beneficiaryId: 'BEN1',
  accountNumber: '123456789012',
  ifsc: 'HDFC0000001',
  vpa: null,
  mode: 'IMPS' as const,
};

const rec = (over: Partial<PayoutRecord> & Record<string, unknown>): PayoutRecord => ({
  transactionId: 'T1',
  enkashTransactionId: 'EK1',
  status: 'SUCCESS',
  amountPaise: 123450,
  mode: 'IMPS',
  utr: null,
  rejectCode: null,
  message: null,
  batchTransactionId: null,
  beneficiaryId: 'BEN1',
  createdOn: null,
  updatedOn: null,
  ...over,
});

// Issue 9 point 3: a record is adopted only when it is the same payout.
describe('samePayout', () => {
  it('adopts a record whose amount (to the paisa) and every payee/mode field it carries match', () => {
    expect(samePayout(row, rec({})).kind).toBe('same');
    expect(samePayout(row, rec({ beneficiaryId: null, mode: null })).kind).toBe('same');
    expect(samePayout(row, rec({ mode: 'imps' })).kind).toBe('same');
  });

  it('a different amount by one paisa is a conflict', () => {
    const v = samePayout(row, rec({ amountPaise: 123451 }));
    expect(v).toMatchObject({ kind: 'different', fields: ['amount'] });
  });

  it('a different beneficiary, account, IFSC, VPA or mode is a conflict', () => {
    expect(samePayout(row, rec({ beneficiaryId: 'BEN2' }))).toMatchObject({
      kind: 'different',
      fields: ['beneficiaryId'],
    });
    expect(samePayout(row, rec({ mode: 'NEFT' }))).toMatchObject({ kind: 'different', fields: ['mode'] });
    expect(samePayout(row, rec({ accountNumber: '999999999999' }))).toMatchObject({
      kind: 'different',
      fields: ['accountNumber'],
    });
    expect(samePayout(row, rec({ ifsc: 'ICIC0000001' }))).toMatchObject({ kind: 'different', fields: ['ifsc'] });
    expect(samePayout(row, rec({ vpa: 'x@okaxis' }))).toMatchObject({ kind: 'different', fields: ['vpa'] });
  });

  it('a record without an amount is never "same" by id alone', () => {
    expect(samePayout(row, rec({ amountPaise: null })).kind).toBe('no-amount');
    // …but a mismatch it does show is still a conflict.
    expect(samePayout(row, rec({ amountPaise: null, mode: 'NEFT' })).kind).toBe('different');
  });
});
