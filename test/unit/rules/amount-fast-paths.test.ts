import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastAmountPaise, parseAmountToPaise } from '../../../src/shared/domain/money';

/**
 * The plain and grouped forms take number fast paths (no bigint, issue 15): they must give exactly the paise the
 * written digits say, at every size up to the 13-digit limit, and refuse what the full parse refuses.
 */
const paise = (text: string) => {
  const r = parseAmountToPaise(text);
  return r.ok ? r.paise : r.reason;
};

function western(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

function indian(digits: string): string {
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
  return `${head},${digits.slice(-3)}`;
}

describe('amount fast paths', () => {
  it('plain, Indian and Western grouped amounts give the written paise exactly', () => {
    const wholeDigits = fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }).map(String);
    const fraction = fc.constantFrom('', '.5', '.05', '.50', '.99', '.0');
    fc.assert(
      fc.property(wholeDigits, fraction, (whole, frac) => {
        const f = frac.slice(1);
        const expected = Number(BigInt(whole) * 100n + BigInt(f.padEnd(2, '0') || '0'));
        expect(paise(`${whole}${frac}`)).toBe(expected);
        expect(paise(`${indian(whole)}${frac}`)).toBe(expected);
        expect(paise(`${western(whole)}${frac}`)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the full parse answers the fast paths must not shortcut', () => {
    expect(paise('0001500')).toBe(150000);
    expect(paise('0,001,500.50')).toBe(150050);
    expect(paise('9999999999999.99')).toBe(999999999999999);
    expect(paise('99,99,99,99,99,999')).toBe(999999999999900);
    expect(paise('12,34,56,78,90,12,345')).toBe('too_large');
    expect(paise('1,2345')).toBe('bad_grouping');
    expect(paise('1500.505')).toBe('too_many_decimals');
  });

  it('reads a range in place exactly as the same text on its own', () => {
    const cell = fc.string({ unit: fc.constantFrom('1', '0', '9', ',', '.', ' ', 'a'), maxLength: 18 });
    fc.assert(
      fc.property(cell, fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), (text, before, after) => {
        const padded = `${before}${text}${after}`;
        expect(fastAmountPaise(padded, before.length, before.length + text.length)).toBe(fastAmountPaise(text));
      }),
      { numRuns: 3000 },
    );
    expect(fastAmountPaise('x1,500.50y', 1, 9)).toBe(150050);
    expect(fastAmountPaise('1234', 1, 3)).toBe(2300);
  });
});
