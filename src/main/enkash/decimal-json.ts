/**
 * Exact money on the wire. EnKash wants `transferAmount` as a JSON *number* in rupees with decimals; we hold
 * integer paise. Dividing by 100 in floating point and letting JSON.stringify print the result is how
 * `1234.5` or `0.30000000000000004` ends up in a bank transfer, so amounts are turned into decimal text by
 * string arithmetic and written into the JSON verbatim by a small serializer of our own.
 */

import { decimalDigitsToPaise, paiseToDecimal } from '../../shared/domain/money';
import { ENKASH_AMOUNT } from '../../shared/rules/enkash-fields';

/** Largest amount we will ever put on the wire: the rule book's maximum, 1e13 paise, far below 2^53. */
export const MAX_WIRE_PAISE = ENKASH_AMOUNT.maxPaise;

/** A JSON number literal that must appear in the output exactly as written (e.g. `1234.50`). */
export class DecimalLiteral {
  readonly text: string;

  constructor(text: string) {
    if (!/^-?(0|[1-9]\d*)\.\d{2}$/.test(text)) throw new RangeError(`not a two-decimal literal: ${text}`);
    this.text = text;
  }

  /** JSON.stringify fallback: a quoted string, so a literal can never silently become a float. */
  toJSON(): string {
    return this.text;
  }
}

/** Integer paise → a marker that {@link stringifyJson} writes as an exact JSON number. */
export function paiseToDecimalLiteral(paise: number | bigint): DecimalLiteral {
  return new DecimalLiteral(paiseToDecimal(paise));
}

/**
 * JSON.stringify for plain data that writes {@link DecimalLiteral}s as bare numbers. Like JSON.stringify it
 * drops `undefined` object members; unlike it, it refuses NaN/Infinity instead of writing `null`.
 */
export function stringifyJson(value: unknown): string {
  const out = write(value, new Set());
  if (out === undefined) throw new TypeError('cannot serialise a top-level undefined');
  return out;
}

// Only these make JSON.stringify write a string differently from its characters (any surrogate is sent there, so
// a lone one is escaped exactly as JSON.stringify escapes it).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

// One string grown in place, not arrays of parts joined: a 100-transfer batch is ~2,000 values, and the
// arrays (and a JSON.stringify call per plain string) were most of its cost.
function write(value: unknown, seen: Set<object>): string | undefined {
  if (value instanceof DecimalLiteral) return value.text;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('cannot serialise a non-finite number');
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
  }
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError('cannot serialise a cyclic structure');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      let out = '[';
      for (let i = 0; i < obj.length; i++) out += (i === 0 ? '' : ',') + (write(obj[i], seen) ?? 'null');
      return out + ']';
    }
    let out = '{';
    let first = true;
    for (const key of Object.keys(obj)) {
      const text = write((obj as Record<string, unknown>)[key], seen);
      if (text === undefined) continue;
      out += (first ? '' : ',') + quote(key) + ':' + text;
      first = false;
    }
    return out + '}';
  } finally {
    seen.delete(obj);
  }
}

/**
 * A rupee amount from a response (JSON number or decimal string) → integer paise, exactly: `"1234.5"` →
 * 123450. Returns null for anything that is not a plain decimal with at most two fraction digits, so a
 * caller can report a bad response instead of rounding money.
 */
export function decimalToPaise(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // The shortest round-trip form of a parsed JSON number is the literal the server wrote, for any amount
    // with ≤ 15 significant digits; exponent forms (1e21, 1e-7) are refused below.
    text = String(value);
  } else if (typeof value === 'string') {
    // No comma stripping: `1,5` could be a European 1.5 or an Indian 15, and guessing money is worse than failing.
    text = value.trim();
  } else {
    return null;
  }
  // Responses may carry a sign and `5.` / `.5`; the digits themselves go through the shared exact step.
  const match = /^([+-]?)(\d+)(?:\.(\d{0,2}))?$/.exec(text) ?? /^([+-]?)()\.(\d{1,2})$/.exec(text);
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  const exact = decimalDigitsToPaise(whole, fraction);
  if (!exact.ok) return null;
  return sign === '-' && exact.paise !== 0 ? -exact.paise : exact.paise;
}

/** A whole-number amount that is already in paise (e.g. a statement unit switch) → integer paise. */
export function integerToPaise(value: unknown): number | null {
  const n = typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
}
