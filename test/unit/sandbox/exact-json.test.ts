import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonSyntaxError, parseJsonExact, type JsonValue } from '../../../src/main/sandbox/exact-json';

describe('parseJsonExact', () => {
  it('keeps number literals as written', () => {
    const v = parseJsonExact('{"a":100.10,"b":[1e2,-0.5],"c":"x","d":null,"e":true}') as Record<string, unknown>;
    expect(v.a).toBeInstanceOf(JsonNumber);
    expect((v.a as JsonNumber).raw).toBe('100.10');
    expect(((v.b as JsonNumber[])[0] as JsonNumber).raw).toBe('1e2');
    expect(((v.b as JsonNumber[])[1] as JsonNumber).raw).toBe('-0.5');
    expect([v.c, v.d, v.e]).toEqual(['x', null, true]);
  });

  it('decodes string escapes like JSON.parse', () => {
    expect(parseJsonExact('"a\\u0041\\n\\"b"')).toBe('aA\n"b');
  });

  it('makes __proto__ an ordinary key', () => {
    const v = parseJsonExact('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it('rejects invalid JSON', () => {
    for (const bad of ['', '{', '{"a":01}', '{"a":1,}', '[1 2]', 'nul', '{"a":1} x', "{'a':1}", '{"a":.5}']) {
      expect(() => parseJsonExact(bad), bad).toThrow(JsonSyntaxError);
    }
  });

  it('bounds nesting depth', () => {
    expect(() => parseJsonExact('['.repeat(100) + ']'.repeat(100))).toThrow(/too deep/);
  });
});

/** The parsed tree as JSON.parse would give it (numbers as floats, plain objects). */
function asPlain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) return v.toNumber();
  if (Array.isArray(v)) return v.map(asPlain);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asPlain(x)]));
  return v;
}

describe('parseJsonExact agrees with JSON.parse', () => {
  it('on any JSON text, strings with escapes, surrogates and unicode included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, spaced) => {
        const text = JSON.stringify(value, null, spaced ? 1 : undefined);
        expect(asPlain(parseJsonExact(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
    const odd = String.raw`{"\ud800":"a\\b","k\"":"\u00e9₹😀","\/":["\t",""],"lone":"\udc00x"}`;
    expect(asPlain(parseJsonExact(odd))).toEqual(JSON.parse(odd));
  });

  it('refuses raw control characters and unfinished strings, in keys and in values', () => {
    for (const bad of ['"a\u0001b"', '{"a\tb":1}', '"abc', '{"a', '"a\\"']) {
      expect(() => JSON.parse(bad), JSON.stringify(bad)).toThrow(SyntaxError);
      expect(() => parseJsonExact(bad), JSON.stringify(bad)).toThrow(JsonSyntaxError);
    }
  });
});
