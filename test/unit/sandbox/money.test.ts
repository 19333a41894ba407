import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmountText, paiseToRupees } from '../../../src/main/sandbox/money';
import { paiseToDecimal } from '../../../src/shared/domain/money';

describe('parseAmountText', () => {
  it('reads decimal literals exactly into paise', () => {
    expect(parseAmountText('100')).toEqual({ ok: true, paise: 10000 });
    expect(parseAmountText('100.5')).toEqual({ ok: true, paise: 10050 });
    expect(parseAmountText('0.30')).toEqual({ ok: true, paise: 30 });
    expect(parseAmountText('1.10')).toEqual({ ok: true, paise: 110 });
    expect(parseAmountText('1.5e2')).toEqual({ ok: true, paise: 15000 });
    expect(parseAmountText('12345E-2')).toEqual({ ok: true, paise: 12345 });
    expect(parseAmountText('1.500')).toEqual({ ok: true, paise: 150 });
    expect(parseAmountText('0')).toEqual({ ok: true, paise: 0 });
  });

  it('refuses a third significant decimal, negatives, junk and unsafe sizes instead of rounding', () => {
    for (const bad of ['1.005', '0.001', '-5', '1,000', 'abc', '', '1e400', '90071992547409.93', '1.23e-1']) {
      expect(parseAmountText(bad).ok, bad).toBe(false);
    }
  });

  it('round-trips every paise value written as rupees with two decimals (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), (paise) => {
        expect(parseAmountText(paiseToDecimal(paise))).toEqual({ ok: true, paise });
      }),
    );
  });

  it('paiseToRupees prints without float noise once serialised', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), (paise) => {
        const printed = JSON.stringify(paiseToRupees(paise));
        expect(parseAmountText(printed)).toEqual({ ok: true, paise });
      }),
    );
    expect(JSON.stringify(paiseToRupees(30))).toBe('0.3');
  });
});
