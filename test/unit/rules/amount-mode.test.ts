import { describe, expect, it } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import type { ModeLimits } from '../../../src/shared/domain/payout';
import { checkAmount } from '../../../src/shared/rules/amount';
import { checkMode, checkModeLimits, checkModeMatchesPayee, defaultMode } from '../../../src/shared/rules/mode';

const limits: ModeLimits = DEFAULT_API_PROFILE.modeLimits;
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('amount rule', () => {
  it('accepts valid amounts and returns paise', () => {
    expect(checkAmount('₹1,23,456.50')).toEqual({ value: 12345650, problems: [] });
    expect(checkAmount('1.00')).toEqual({ value: 100, problems: [] });
  });

  it('reports amount_invalid with the reason, and amount_below_minimum under ₹1', () => {
    expect(codes(checkAmount('12.345').problems)).toEqual(['amount_invalid']);
    expect(checkAmount('12.345').problems[0]!.message).toMatch(/never round/);
    expect(codes(checkAmount('').problems)).toEqual(['amount_invalid']);
    expect(checkAmount('').problems[0]!.message).toMatch(/blank/);
    expect(codes(checkAmount('-100').problems)).toEqual(['amount_invalid']);
    expect(checkAmount('0.99')).toEqual({
      value: 99,
      problems: [expect.objectContaining({ code: 'amount_below_minimum' })],
    });
    expect(codes(checkAmount('0').problems)).toEqual(['amount_below_minimum']);
  });

  it('explains float artefacts from numeric Excel cells', () => {
    expect(checkAmount('1180.0000000000002', true).problems[0]!.message).toMatch(/ROUND/);
    expect(checkAmount('1180.0000000000002', false).problems[0]!.message).not.toMatch(/ROUND/);
  });
});

describe('mode rule', () => {
  it('accepts the four modes case-insensitively', () => {
    expect(checkMode(' neft ').value).toBe('NEFT');
    expect(checkMode('Upi').value).toBe('UPI');
    expect(checkMode('RTGS').problems).toEqual([]);
  });

  it('rejects anything else', () => {
    for (const bad of ['CHEQUE', 'NEFT/RTGS', 'bank transfer', 'IMPS2', 'N E F T']) {
      expect(codes(checkMode(bad).problems), bad).toEqual(['mode_invalid']);
    }
  });

  it('defaults to UPI for a VPA, IMPS up to the IMPS limit, NEFT above it', () => {
    expect(defaultMode(true, 50_000_00, limits)).toBe('UPI');
    expect(defaultMode(false, 2_00_000_00, limits)).toBe('IMPS');
    expect(defaultMode(false, 2_00_000_01, limits)).toBe('NEFT');
    expect(defaultMode(false, null, limits)).toBe('IMPS');
    expect(defaultMode(false, 10 ** 12, { ...limits, IMPS: { minPaise: null, maxPaise: null } })).toBe('IMPS');
  });

  it('flags UPI without a VPA and bank modes with only a VPA', () => {
    expect(codes(checkModeMatchesPayee('UPI', 'bank'))).toEqual(['mode_mismatch']);
    expect(codes(checkModeMatchesPayee('NEFT', 'vpa'))).toEqual(['mode_mismatch']);
    expect(checkModeMatchesPayee('UPI', 'vpa')).toEqual([]);
    expect(checkModeMatchesPayee('IMPS', 'bank')).toEqual([]);
    expect(checkModeMatchesPayee('IMPS', 'id-only')).toEqual([]);
  });

  it('checks the API profile limits, inclusive at the edge', () => {
    expect(checkModeLimits('IMPS', 2_00_000_00, limits)).toEqual([]);
    expect(codes(checkModeLimits('IMPS', 2_00_000_01, limits))).toEqual(['amount_above_mode_limit']);
    expect(codes(checkModeLimits('UPI', 1_00_000_01, limits))).toEqual(['amount_above_mode_limit']);
    expect(codes(checkModeLimits('RTGS', 1_99_999_99, limits))).toEqual(['amount_below_mode_minimum']);
    expect(checkModeLimits('RTGS', 2_00_000_00, limits)).toEqual([]);
    expect(checkModeLimits('NEFT', 10 ** 12, limits)).toEqual([]);
    const custom: ModeLimits = { ...limits, NEFT: { minPaise: 100_00, maxPaise: 500_00 } };
    expect(codes(checkModeLimits('NEFT', 99_99, custom))).toEqual(['amount_below_mode_minimum']);
    expect(codes(checkModeLimits('NEFT', 500_01, custom))).toEqual(['amount_above_mode_limit']);
    expect(checkModeLimits('IMPS', 2_00_000_01, limits)[0]!.message).toBe(
      '₹2,00,000.01 is above the IMPS limit of ₹2,00,000.00. Use NEFT or RTGS for larger amounts.',
    );
  });
});
