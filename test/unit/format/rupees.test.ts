import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPaise as formatFromMoney } from '../../../src/shared/domain/money';
import { formatPaise, groupIndian } from '../../../src/shared/format/rupees';

const intlCurrency = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

describe('formatPaise through Intl.NumberFormat en-IN', () => {
  it('is the one formatter: the money module hands out this very function', () => {
    expect(formatFromMoney).toBe(formatPaise);
  });

  it('formats the largest sheet amounts and values beyond float precision exactly', () => {
    expect(formatPaise(99_99_99_999_99)).toBe('₹99,99,99,999.99');
    expect(formatPaise(1e15)).toBe('₹1,00,00,00,00,00,000.00');
    expect(formatPaise(Number.MAX_SAFE_INTEGER)).toBe('₹9,00,71,99,25,47,409.91');
    // 2^53 + 1 paise cannot be a float; as a bigint it keeps its last paisa.
    expect(formatPaise(9_007_199_254_740_993n)).toBe('₹9,00,71,99,25,47,409.93');
    expect(formatPaise(123456789012345678901n)).toBe('₹12,34,56,78,90,12,34,56,789.01');
  });

  it('formats zero, single paise and negatives like Intl currency output', () => {
    expect(formatPaise(0)).toBe('₹0.00');
    expect(formatPaise(0n)).toBe('₹0.00');
    expect(formatPaise(5)).toBe('₹0.05');
    expect(formatPaise(-5)).toBe('-₹0.05');
    expect(formatPaise(-550)).toBe('-₹5.50');
    expect(formatPaise(-99_99_99_999_99)).toBe('-₹99,99,99,999.99');
    expect(formatPaise(-123456789012345678901n)).toBe('-₹12,34,56,78,90,12,34,56,789.01');
  });

  it('gives the same text as Intl on the rupee value wherever a float is still exact', () => {
    // Below 2^53 / 100 the float division is exact enough for Intl's rounding to two places to agree.
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), (p) => {
        expect(formatPaise(p)).toBe(intlCurrency.format(p / 100));
      }),
    );
  });

  it('refuses a fraction of a paisa or an unsafe number rather than round it', () => {
    expect(() => formatPaise(1.5)).toThrow(RangeError);
    expect(() => formatPaise(Number.NaN)).toThrow(RangeError);
    expect(() => formatPaise(2 ** 53)).toThrow(RangeError);
  });

  it('groups whole-rupee digits the Indian way', () => {
    expect(groupIndian('0')).toBe('0');
    expect(groupIndian('999')).toBe('999');
    expect(groupIndian('1000')).toBe('1,000');
    expect(groupIndian('9999999999')).toBe('9,99,99,99,999');
    expect(groupIndian('10000000000000')).toBe('1,00,00,00,00,00,000');
  });
});
