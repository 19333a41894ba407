import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonSyntaxError, parseJsonExact } from '../../../src/main/sandbox/exact-json';

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
