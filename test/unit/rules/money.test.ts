import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPaise, groupIndian, parseAmountToPaise, paiseToDecimal } from '../../../src/shared/domain/money';

const paise = (text: string) => {
  const r = parseAmountToPaise(text);
  return r.ok ? r.paise : r.reason;
};

describe('parseAmountToPaise', () => {
  it('reads amounts the way accountants write them', () => {
    expect(paise('1500')).toBe(150000);
    expect(paise('1500.5')).toBe(150050);
    expect(paise('1500.50')).toBe(150050);
    expect(paise('₹1,23,456.50')).toBe(12345650);
    expect(paise('₹ 1,23,456.50')).toBe(12345650);
    expect(paise('Rs. 2,500/-')).toBe(250000);
    expect(paise('Rs 2500')).toBe(250000);
    expect(paise('rs.2500')).toBe(250000);
    expect(paise('INR 123,456.75')).toBe(12345675);
    expect(paise('2500 INR')).toBe(250000);
    expect(paise('12,34,56,789.01')).toBe(12345678901);
    expect(paise('  1,000  ')).toBe(100000);
    expect(paise('1\u00a0000'.replace('\u00a0', ''))).toBe(100000);
    expect(paise('0.99')).toBe(99);
    expect(paise('.50')).toBe(50);
    expect(paise('007')).toBe(700);
    expect(paise('Rs. 1500 only')).toBe(150000);
  });

  it('never rounds: more than two decimals is refused, even trailing zeros', () => {
    expect(paise('12.345')).toBe('too_many_decimals');
    expect(paise('1500.500')).toBe('too_many_decimals');
    expect(paise('0.001')).toBe('too_many_decimals');
  });

  it('refuses negatives, exponents, decimal commas, bad grouping and garbage', () => {
    expect(paise('-500')).toBe('negative');
    expect(paise('(500)')).toBe('negative');
    expect(paise('Rs. -500')).toBe('negative');
    expect(paise('500-')).toBe('negative');
    expect(paise('1e3')).toBe('exponent');
    expect(paise('1.5E+3')).toBe('exponent');
    expect(paise('1500,50')).toBe('decimal_comma');
    expect(paise('1.234,56')).toBe('decimal_comma');
    expect(paise('1,2,3')).toBe('bad_grouping');
    expect(paise('12,3456')).toBe('bad_grouping');
    expect(paise('abc')).toBe('not_a_number');
    expect(paise('12 34')).toBe('not_a_number');
    expect(paise('$500')).toBe('not_a_number');
    expect(paise('')).toBe('empty');
    expect(paise('₹')).toBe('empty');
    expect(paise('.')).toBe('not_a_number');
    expect(paise('99999999999999')).toBe('too_large');
  });

  it('round-trips every paise value through its decimal text exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_999 }), (p) => {
        expect(paise(paiseToDecimal(p))).toBe(p);
        expect(paise(formatPaise(p))).toBe(p);
      }),
    );
  });
});

describe('formatPaise', () => {
  it('matches Intl en-IN currency formatting without using floats', () => {
    const intl = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
    for (const p of [0, 1, 99, 100, 12345650, 100000000, 987654321012, 20000000, -550]) {
      expect(formatPaise(p)).toBe(intl.format(p / 100));
    }
    expect(formatPaise(12345650)).toBe('₹1,23,456.50');
  });

  it('handles bigint and values beyond float precision', () => {
    expect(formatPaise(123456789012345678901n)).toBe('₹12,34,56,78,90,12,34,56,789.01');
    expect(() => formatPaise(1.5)).toThrow(RangeError);
  });

  it('groups digits the Indian way', () => {
    expect(groupIndian('1')).toBe('1');
    expect(groupIndian('1000')).toBe('1,000');
    expect(groupIndian('100000')).toBe('1,00,000');
    expect(groupIndian('12345678')).toBe('1,23,45,678');
  });
});

describe('paiseToDecimal', () => {
  it('gives a plain two-place decimal', () => {
    expect(paiseToDecimal(123450)).toBe('1234.50');
    expect(paiseToDecimal(5)).toBe('0.05');
    expect(paiseToDecimal(0)).toBe('0.00');
    expect(paiseToDecimal(-5)).toBe('-0.05');
  });
});
