/**
 * Exact decimal ⇄ paise conversion for the wire. Nothing here goes through a binary float: the amount is read
 * from the literal text the client sent, digit by digit.
 */

import { decimalDigitsToPaise } from '../../shared/domain/money';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export type AmountParse = { ok: true; paise: number } | { ok: false; reason: string };

/**
 * Parses a JSON number literal (or a numeric string, which Jackson would also coerce) into integer paise.
 * Trailing zeros do not count as decimals (`1.500` is ₹1.50), matching how Java's BigDecimal validation
 * strips them; a third significant decimal is an error, never rounded.
 *
 * A thin wrapper over the shared exact step rather than the sheet parser: a request body is a JSON literal,
 * not something a person typed, so exponents and `1.500` are valid here while ₹, grouping commas and "/-" are
 * not, and the reasons are the server's messages.
 */
export function parseAmountText(text: string): AmountParse {
  const m = DECIMAL.exec(text.trim());
  if (!m) return { ok: false, reason: 'not a decimal number' };
  const [, sign, intPart = '', fracPart = '', expPart] = m;
  const exponent = expPart === undefined ? 0 : Number(expPart);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 40) return { ok: false, reason: 'exponent out of range' };
  const exact = decimalDigitsToPaise(intPart, fracPart, { exponent, ignoreTrailingZeros: true });
  if (!exact.ok)
    return { ok: false, reason: exact.reason === 'too_large' ? 'too large' : 'more than two decimal places' };
  // Size and decimals are reported before the sign (the order the Sandbox always had); "-0" is still negative.
  if (sign) return { ok: false, reason: 'negative' };
  return exact;
}

/**
 * Paise → rupees as a JS number for JSON output. n/100 is the double nearest to the exact decimal, and
 * JSON.stringify prints the shortest text that round-trips, which for |n| < 2^53/100 is that decimal
 * (e.g. 30 → 0.3, 12345 → 123.45), so no float noise reaches the wire.
 */
export function paiseToRupees(paise: number): number {
  return paise / 100;
}
