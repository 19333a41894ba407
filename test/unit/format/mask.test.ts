import { describe, expect, it } from 'vitest';
import { maskAccount as maskForLogs } from '../../../src/main/enkash/redact';
import { maskAccount as maskForScreens } from '../../../src/renderer/components/format';
import { MASKED, maskAccount } from '../../../src/shared/domain/mask';

describe('maskAccount (the one account masker)', () => {
  it('masks a short number completely, with the same mask as a long one so the length does not leak', () => {
    expect(maskAccount('12')).toBe(MASKED);
    expect(maskAccount('1234')).toBe('********');
  });

  it('never shows most of a number: 5 to 7 digits stay fully masked', () => {
    expect(maskAccount('12345')).toBe('********');
    expect(maskAccount('1234567')).toBe('********');
  });

  it('shows the last four of an 8+ digit number behind a fixed eight stars', () => {
    expect(maskAccount('12345678')).toBe('********5678');
    expect(maskAccount('1234567890')).toBe('********7890');
    expect(maskAccount('501000123456789012345')).toBe('********2345');
  });

  it('ignores spaces inside and around the number', () => {
    expect(maskAccount(' 5010 0123 4567 89 ')).toBe('********6789');
  });

  it('shows an empty or missing number as a dash', () => {
    expect(maskAccount('')).toBe('—');
    expect(maskAccount('   ')).toBe('—');
    expect(maskAccount(null)).toBe('—');
    expect(maskAccount(undefined)).toBe('—');
  });

  it('is what the screens and the logs both show', () => {
    for (const n of ['1234', '12345', '1234567890', '5010 0123 4567 89']) {
      expect(maskForScreens(n)).toBe(maskAccount(n));
      expect(maskForLogs(n)).toBe(maskAccount(n));
    }
  });
});
