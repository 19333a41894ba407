import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToPaise } from '../../../src/main/enkash/decimal-json';
import { parseAmountText } from '../../../src/main/sandbox/money';
import { decimalDigitsToPaise, paiseToDecimal, parseAmountToPaise } from '../../../src/shared/domain/money';

describe('decimalDigitsToPaise (the one exact decimal step)', () => {
  it('turns rupee and fraction digits into paise without rounding', () => {
    expect(decimalDigitsToPaise('1234', '5')).toEqual({ ok: true, paise: 123450 });
    expect(decimalDigitsToPaise('', '05')).toEqual({ ok: true, paise: 5 });
    expect(decimalDigitsToPaise('0012', '')).toEqual({ ok: true, paise: 1200 });
    expect(decimalDigitsToPaise('1', '005')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(decimalDigitsToPaise('1', '500')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(decimalDigitsToPaise('90071992547409', '92')).toEqual({ ok: false, reason: 'too_large' });
  });

  it('with an exponent and free trailing zeros reads JSON literals the way BigDecimal does', () => {
    const literal = { ignoreTrailingZeros: true };
    expect(decimalDigitsToPaise('1', '500', literal)).toEqual({ ok: true, paise: 150 });
    expect(decimalDigitsToPaise('1', '5', { ...literal, exponent: 2 })).toEqual({ ok: true, paise: 15000 });
    expect(decimalDigitsToPaise('12345', '', { ...literal, exponent: -2 })).toEqual({ ok: true, paise: 12345 });
    expect(decimalDigitsToPaise('0', '000', literal)).toEqual({ ok: true, paise: 0 });
    expect(decimalDigitsToPaise('1', '23', { ...literal, exponent: -1 })).toEqual({
      ok: false,
      reason: 'too_many_decimals',
    });
  });

  it('the sheet, wire and Sandbox parsers read every formatted amount to the same paise (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), (paise) => {
        const text = paiseToDecimal(paise);
        expect(parseAmountToPaise(text)).toEqual({ ok: true, paise });
        expect(decimalToPaise(text)).toBe(paise);
        expect(parseAmountText(text)).toEqual({ ok: true, paise });
      }),
    );
  });

  it('all three refuse a third significant decimal', () => {
    for (const text of ['1.005', '0.001', '1234.567']) {
      expect(parseAmountToPaise(text).ok, text).toBe(false);
      expect(decimalToPaise(text), text).toBeNull();
      expect(parseAmountText(text).ok, text).toBe(false);
    }
  });
});
