import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecimalLiteral,
  decimalToPaise,
  MAX_WIRE_PAISE,
  paiseToDecimalLiteral,
  stringifyJson,
} from '../../../src/main/enkash/decimal-json';
import { paiseToDecimal } from '../../../src/shared/domain/money';

describe('paise → two-decimal literal by string arithmetic', () => {
  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [123450, '1234.50'],
    [20_000_000, '200000.00'],
    [20_000_001, '200000.01'],
    [MAX_WIRE_PAISE, '100000000000.00'],
    [MAX_WIRE_PAISE - 1, '99999999999.99'],
    [0, '0.00'],
    [-5, '-0.05'],
  ])('%d paise → %s', (paise, text) => {
    expect(paiseToDecimal(paise)).toBe(text);
  });

  it('refuses non-integers instead of rounding', () => {
    expect(() => paiseToDecimal(1.5)).toThrow(RangeError);
    expect(() => paiseToDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => paiseToDecimal(2 ** 53)).toThrow(RangeError);
  });

  it('DecimalLiteral only accepts exactly two decimals', () => {
    expect(() => new DecimalLiteral('1.5')).toThrow(RangeError);
    expect(() => new DecimalLiteral('1e3')).toThrow(RangeError);
    expect(() => new DecimalLiteral('01.50')).toThrow(RangeError);
    expect(new DecimalLiteral('1.50').text).toBe('1.50');
  });
});

describe('stringifyJson writes amounts as exact JSON numbers', () => {
  it('123450 paise appears as the literal 1234.50 in the JSON text', () => {
    const text = stringifyJson({ transactionId: 'T1', transferAmount: paiseToDecimalLiteral(123450) });
    expect(text).toBe('{"transactionId":"T1","transferAmount":1234.50}');
  });

  it.each([
    [1, '0.01'],
    [100, '1.00'],
    [20_000_000, '200000.00'],
    [MAX_WIRE_PAISE, '100000000000.00'],
  ])('%d paise inside nested arrays and objects', (paise, literal) => {
    const text = stringifyJson({ transfers: [{ transferAmount: paiseToDecimalLiteral(paise), n: null }] });
    expect(text).toBe(`{"transfers":[{"transferAmount":${literal},"n":null}]}`);
    // It is a JSON *number*: parsing it back gives a number, not a string.
    expect(typeof (JSON.parse(text) as { transfers: { transferAmount: unknown }[] }).transfers[0]!.transferAmount).toBe(
      'number',
    );
  });

  it('matches JSON.stringify for plain data (no DecimalLiterals)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('drops undefined members like JSON.stringify, but refuses NaN and cycles', () => {
    expect(stringifyJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(stringifyJson([undefined])).toBe('[null]');
    expect(() => stringifyJson({ a: Number.NaN })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyJson(cyclic)).toThrow(TypeError);
  });

  it('escapes strings exactly as JSON.stringify does', () => {
    const s = 'quote " backslash \\ newline \n unicode ₹ \u0001';
    expect(stringifyJson({ s })).toBe(JSON.stringify({ s }));
  });

  it('the literal round-trips through JSON.parse + decimalToPaise for any amount up to 1e13 paise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_WIRE_PAISE }), (paise) => {
        const text = stringifyJson({ a: paiseToDecimalLiteral(paise) });
        expect(decimalToPaise((JSON.parse(text) as { a: number }).a)).toBe(paise);
        expect(decimalToPaise(paiseToDecimal(paise))).toBe(paise);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decimalToPaise reads response amounts exactly', () => {
  it.each([
    ['1234.5', 123450],
    ['1234.50', 123450],
    [1234.5, 123450],
    [0.1, 10],
    [0.01, 1],
    ['0.07', 7],
    [1, 100],
    ['200000', 20_000_000],
    [100000000000.01, 10_000_000_000_001],
    ['-12.30', -1230],
    ['.5', 50],
    ['  42.00 ', 4200],
  ])('%j → %d', (input, paise) => {
    expect(decimalToPaise(input)).toBe(paise);
  });

  it.each([
    ['1234.567'],
    [1234.567],
    ['1e3'],
    [1e21],
    ['abc'],
    [''],
    [null],
    [true],
    [Number.NaN],
    ['1,234.50'],
    ['12.'],
  ])('%j → null (a bad response, never rounded)', (input) => {
    const result = decimalToPaise(input);
    // '12.' is the one odd literal we accept as 12.00; everything else here must be refused.
    if (input === '12.') expect(result).toBe(1200);
    else expect(result).toBeNull();
  });
});
