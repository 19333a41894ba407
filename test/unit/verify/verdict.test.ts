import { describe, expect, it } from 'vitest';
import { verdictFor } from '../../../src/main/services/verification/verdict';
import { verificationRowFromDraft, type VerificationRowInput } from '../../../src/shared/verify/verification';

const row: VerificationRowInput = {
  row: 7,
  payeeName: 'Mohd. Imran Shaikh',
  accountNumber: '923456789012',
  ifsc: 'BARB0VJVASH',
  mode: 'NEFT',
};
const at = '2026-12-01T10:00:00.000Z';

describe('verdictFor: the one verdict for a row', () => {
  it('UPI → skipped, whatever the cache says', () => {
    const upi = { row: 3, payeeName: 'Meena', vpa: 'meena@okaxis', mode: 'UPI' as const };
    expect(verdictFor(upi, null)).toMatchObject({ row: 3, verdict: 'skipped', score: null, fromCache: false });
  });

  it('not in the cache → unverified; no account to check → unverified with its reason', () => {
    expect(verdictFor(row, null)).toMatchObject({ verdict: 'unverified', bankName: null, verifiedAt: null });
    expect(verdictFor({ ...row, ifsc: undefined }, null).reason).toBe('No account number and IFSC to check');
  });

  it('the bank could not verify → failed, with the date of the check', () => {
    const r = verdictFor(row, { status: 'failed', bankName: null, verifiedAt: at, pennyDrop: true });
    expect(r).toMatchObject({ verdict: 'failed', score: null, verifiedAt: at, fromCache: true, pennyDrop: true });
  });

  it('a verified account without a name is failed, not a mismatch to hold', () => {
    expect(verdictFor(row, { status: 'verified', bankName: '  ', verifiedAt: at, pennyDrop: false }).verdict).toBe(
      'failed',
    );
  });

  it("scores the sheet's current name against the bank's", () => {
    const cached = { status: 'verified' as const, bankName: 'MOHD IMRAN SHAIKH', verifiedAt: at, pennyDrop: false };
    const same = verdictFor(row, cached);
    expect(same).toMatchObject({ verdict: 'match', bankName: 'MOHD IMRAN SHAIKH', verifiedAt: at, fromCache: true });
    expect(same.score).toBeGreaterThanOrEqual(0.85);
    const other = verdictFor({ ...row, payeeName: 'Kavita Rao' }, cached);
    expect(other.verdict).toBe('mismatch');
    expect(other.score).toBeLessThan(0.5);
  });
});

describe('verificationRowFromDraft', () => {
  it('a beneficiary row (no mode) is UPI only when it has a VPA and no account', () => {
    expect(verificationRowFromDraft({ row: 2, name: 'A', vpa: 'a@ybl' }).mode).toBe('UPI');
    expect(verificationRowFromDraft({ row: 2, name: 'A', accountNumber: '12345678', ifsc: 'SBIN0001234' }).mode).toBe(
      'NEFT',
    );
    expect(verificationRowFromDraft({ row: 2, mode: 'IMPS', accountNumber: '12345678', ifsc: 'SBIN0001234' })).toEqual({
      row: 2,
      payeeName: '',
      mode: 'IMPS',
      accountNumber: '12345678',
      ifsc: 'SBIN0001234',
    });
  });
});
