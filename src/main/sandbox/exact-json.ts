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
const MAX_DEPTH = 64;

/** Parses JSON text; numbers become {@link JsonNumber}. Objects have no prototype, so `__proto__` is inert. */
export function parseJsonExact(text: string): JsonValue {
  let pos = 0;

  const skip = (): void => {
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(pos))
      pos++;
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at position ${pos}`);
  };
  // A string without escapes is its own value: slicing it skips a regexp and a JSON.parse per string, which was
  // most of this parser's time on a 100-transfer batch. Anything else takes the general path (same errors).
  const plainString = (): string | null => {
    for (let i = pos + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        const s = text.slice(pos + 1, i);
        pos = i + 1;
        return s;
      }
      if (c === 0x5c || c < 0x20) return null;
    }
    return null;
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
        const key =
          (text.charCodeAt(pos) === 0x22 ? plainString() : null) ??
          (JSON.parse(match(STRING) ?? fail('expected a string key')) as string);
        skip();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        obj[key] = value(depth + 1);
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
    if (c === '"') return plainString() ?? (JSON.parse(match(STRING) ?? fail('bad string')) as string);
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
