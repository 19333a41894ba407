/**
 * Money is integer paise everywhere inside the app. Amount text from a sheet is turned into paise by string
 * arithmetic only — never through a binary float — and is never rounded: an amount with more than two decimal
 * places is rejected, because silently rounding someone's salary is worse than asking.
 */

/** Largest accepted whole-rupee part, in digits. 13 digits × 100 paise stays far below Number.MAX_SAFE_INTEGER. */
const MAX_RUPEE_DIGITS = 13;

export type AmountParseFailure =
  | 'empty'
  | 'negative'
  | 'exponent'
  | 'too_many_decimals'
  | 'decimal_comma'
  | 'bad_grouping'
  | 'too_large'
  | 'not_a_number';

export type AmountParseResult = { ok: true; paise: number } | { ok: false; reason: AmountParseFailure };

// Currency markers accountants put around amounts: ₹, Rs, Rs., INR, Rupees, and the Indian "/-" suffix.
const PREFIX = /^(?:₹|rs\.?|inr|rupees?)\s*/i;
const SUFFIX = /\s*(?:\/-|₹|rs\.?|inr|rupees?|only)$/i;
// Indian grouping 1,23,45,678 (groups of two, then a final three) or Western 123,456,789 (groups of three).
const INDIAN = /^\d{1,2}(?:,\d{2})*,\d{3}$/;
const WESTERN = /^\d{1,3}(?:,\d{3})+$/;

/**
 * The two forms nearly every amount cell has, read by one pass over the characters (no regex, no string built):
 * plain digits `\d{1,13}` or grouped digits (Indian 1,23,45,678 or Western 123,456,789, at most 13 digits), then
 * optionally `.` and 1–2 decimals. Returns the exact paise, or -1 when the text is not in one of those forms —
 * then the full parse decides, so the answer is always the full parse's (test/unit/rules/amount-fast-paths.test.ts
 * compares both on generated text). Whole rupees ≤ 10^13 − 1, so `value * 100 + paise` stays an exact integer far
 * below 2^53: no float division, no rounding, ever. `start`/`end`: text[start, end) read in place (plain rows).
 */
export function fastAmountPaise(text: string, start = 0, end = text.length): number {
  const n = end;
  let value = 0;
  let digits = 0;
  let group = 0;
  let commas = 0;
  let first = 0;
  // Groups between the first and the last: Western needs all of them to be 3 digits, Indian all 2.
  let middleAllThree = true;
  let middleAllTwo = true;
  let i = start;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      group++;
    } else if (c === 44) {
      if (group === 0) return -1;
      if (commas === 0) first = group;
      else {
        if (group !== 3) middleAllThree = false;
        if (group !== 2) middleAllTwo = false;
      }
      commas++;
      group = 0;
    } else if (c === 46) break;
    else return -1;
  }
  if (group === 0 || digits > MAX_RUPEE_DIGITS) return -1;
  if (commas > 0) {
    if (group !== 3) return -1;
    const western = first <= 3 && middleAllThree;
    const indian = first <= 2 && middleAllTwo;
    if (!western && !indian) return -1;
  }
  let paise = 0;
  if (i < n) {
    // text[i] is the dot: one or two decimal digits must follow, and nothing else.
    const decimals = n - i - 1;
    if (decimals < 1 || decimals > 2) return -1;
    const d1 = text.charCodeAt(i + 1) - 48;
    if (d1 < 0 || d1 > 9) return -1;
    paise = d1 * 10;
    if (decimals === 2) {
      const d2 = text.charCodeAt(i + 2) - 48;
      if (d2 < 0 || d2 > 9) return -1;
      paise += d2;
    }
  }
  return value * 100 + paise;
}

/**
 * Parses an amount as a person typed it ("₹1,23,456.50", "Rs. 1500/-", "INR 2,000", "1500") into integer paise.
 * Rejects negatives, exponents, more than two decimals, a decimal comma, and broken digit grouping.
 */
export function parseAmountToPaise(text: string): AmountParseResult {
  // Fast path for the plain and grouped forms ("1500", "1500.5", "1,23,456.50"): same result as the full parse.
  const fast = fastAmountPaise(text);
  if (fast >= 0) return { ok: true, paise: fast };
  // NBSP and the narrow spaces some locales use for grouping are just spaces here.
  let s = text.replace(/[\u00a0\u2007\u202f]/g, ' ').trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (s.length > 64) return { ok: false, reason: 'not_a_number' };
  // A minus sign anywhere around the number, or accounting brackets "(500)", means a debit — never a payout.
  if (/^[-−(]/.test(s)) return { ok: false, reason: 'negative' };
  s = s.replace(PREFIX, '');
  if (/^[-−(]/.test(s)) return { ok: false, reason: 'negative' };
  for (let i = 0; i < 2; i++) s = s.replace(SUFFIX, '');
  s = s.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (/[-−)]$/.test(s)) return { ok: false, reason: 'negative' };
  if (/^[+]?\d*\.?\d+e[+-]?\d+$/i.test(s)) return { ok: false, reason: 'exponent' };

  const dot = s.indexOf('.');
  const whole = dot === -1 ? s : s.slice(0, dot);
  const frac = dot === -1 ? '' : s.slice(dot + 1);
  if (!/^\d*$/.test(frac)) {
    if (/^\d+,\d+$/.test(frac) || /^\d*\.\d{3},\d+$/.test(s)) return { ok: false, reason: 'decimal_comma' };
    return { ok: false, reason: 'not_a_number' };
  }
  if (whole.includes(',')) {
    if (!INDIAN.test(whole) && !WESTERN.test(whole)) {
      // "1500,50" or "12,5" reads like a decimal comma, which we refuse rather than guess.
      if (dot === -1 && /^\d+,\d{1,2}$/.test(whole)) return { ok: false, reason: 'decimal_comma' };
      return /^[\d,]+$/.test(whole) ? { ok: false, reason: 'bad_grouping' } : { ok: false, reason: 'not_a_number' };
    }
  } else if (!/^\d*$/.test(whole)) {
    return { ok: false, reason: 'not_a_number' };
  }
  if (whole === '' && frac === '') return { ok: false, reason: 'not_a_number' };

  const digits = whole.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  // Decimals are judged before size, so "12345678901234.567" still says "too many decimals".
  const exact = decimalDigitsToPaise(digits, frac);
  if (exact.ok && digits.length > MAX_RUPEE_DIGITS) return { ok: false, reason: 'too_large' };
  return exact;
}

export type DecimalDigitsOptions = {
  /** Power of ten the digits are scaled by, for JSON literals like `1.5e2`. */
  exponent?: number;
  /**
   * Whether trailing fraction zeros are free (`1.500` is ₹1.50, as Java's BigDecimal validation sees it). Off for
   * people's amounts and EnKash's responses, where three written decimals are refused rather than guessed about.
   */
  ignoreTrailingZeros?: boolean;
};

/**
 * The one exact decimal → paise step every parser ends in (sheet amounts above, EnKash responses, the Sandbox's
 * request literals): unsigned rupee digits ('' is 0) and fraction digits, by bigint arithmetic, never rounded —
 * a third significant decimal is refused. Each caller keeps only its own lexical rules (currency markers, signs,
 * exponents) in front of it.
 */
export function decimalDigitsToPaise(
  whole: string,
  fraction: string,
  options: DecimalDigitsOptions = {},
): { ok: true; paise: number } | { ok: false; reason: 'too_many_decimals' | 'too_large' } {
  let digits = (whole + fraction).replace(/^0+(?=\d)/, '') || '0';
  let scale = fraction.length - (options.exponent ?? 0);
  if (options.ignoreTrailingZeros) {
    // Zero has no significant decimals at all, however it is written (0.000, 0e-5).
    if (/^0+$/.test(digits)) return { ok: true, paise: 0 };
    while (scale > 0 && digits.length > 1 && digits.endsWith('0')) {
      digits = digits.slice(0, -1);
      scale--;
    }
  }
  if (scale > 2) return { ok: false, reason: 'too_many_decimals' };
  // Up to 13 digits scaled by at most 100 stays exact as a double; bigint only for longer digit strings.
  if (scale >= 0 && digits.length <= 13)
    return { ok: true, paise: Number(digits) * (scale === 2 ? 1 : scale === 1 ? 10 : 100) };
  const paise = BigInt(digits) * 10n ** BigInt(2 - scale);
  if (paise > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'too_large' };
  return { ok: true, paise: Number(paise) };
}

function splitPaise(paise: number | bigint): { negative: boolean; rupees: string; fraction: string } {
  let p = typeof paise === 'bigint' ? paise : BigInt(assertIntegerPaise(paise));
  const negative = p < 0n;
  if (negative) p = -p;
  return { negative, rupees: (p / 100n).toString(), fraction: (p % 100n).toString().padStart(2, '0') };
}

function assertIntegerPaise(paise: number): number {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`Paise must be a safe integer, got ${paise}`);
  return paise;
}

// Display formatting (Intl en-IN, no float on the way) lives with the other formatters; re-exported here so
// `money` stays the one import for amounts.
export { formatPaise, groupIndian } from '../format/rupees';

/** Paise as a plain decimal string with two places and no grouping: 123450 → "1234.50" (for APIs and CSV). */
export function paiseToDecimal(paise: number | bigint): string {
  const { negative, rupees, fraction } = splitPaise(paise);
  return `${negative ? '-' : ''}${rupees}.${fraction}`;
}

/** Whole rupees to paise, for constants like limits (₹2,00,000 → 20000000). */
export function rupeesToPaise(rupees: number): number {
  return assertIntegerPaise(rupees * 100);
}
