/**
 * A JSON parser that keeps every number as the text it was sent as. `transferAmount` is money: reading it
 * through JSON.parse would turn `0.30` into a binary float before we could check its decimals, so amounts are
 * judged on the literal the client wrote (a 3-decimal amount must be rejected, never rounded).
 */

export class JsonNumber {
  constructor(readonly raw: string) {}

  /** The float value, for counts and flags only (never for money). */
  toNumber(): number {
    return Number(this.raw);
  }

  toJSON(): number {
    return Number(this.raw);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;
const MAX_DEPTH = 64;

/** Parses JSON text; numbers become {@link JsonNumber}. Objects have no prototype, so `__proto__` is inert. */
export function parseJsonExact(text: string): JsonValue {
  let pos = 0;

  const skip = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at position ${pos}`);
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    pos = re.lastIndex;
    return m[0];
  };

  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skip();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: JsonObject = Object.create(null) as JsonObject;
      skip();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skip();
        const key = match(STRING) ?? fail('expected a string key');
        skip();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        obj[JSON.parse(key) as string] = value(depth + 1);
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      pos++;
      const arr: JsonValue[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return JSON.parse(match(STRING) ?? fail('bad string')) as string;
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    const num = match(NUMBER);
    if (num !== null) return new JsonNumber(num);
    return fail('unexpected token');
  };

  const result = value(0);
  skip();
  if (pos !== text.length) fail('trailing characters');
  return result;
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

/** A string member, or undefined when absent/null; numbers are accepted as their literal text. */
export function readString(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  if (typeof v === 'string') return v;
  if (v instanceof JsonNumber) return v.raw;
  return undefined;
}

/** True when the member is present and not null (so "present but wrong type" can be told from "absent"). */
export function has(obj: JsonObject, key: string): boolean {
  return obj[key] !== undefined && obj[key] !== null;
}
