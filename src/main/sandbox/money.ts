/**
 * Exact decimal ⇄ paise conversion for the wire. Nothing here goes through a binary float: the amount is read
 * from the literal text the client sent, digit by digit.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export type AmountParse = { ok: true; paise: number } | { ok: false; reason: string };

/**
 * Parses a JSON number literal (or a numeric string, which Jackson would also coerce) into integer paise.
 * Trailing zeros do not count as decimals (`1.500` is ₹1.50), matching how Java's BigDecimal validation
 * strips them; a third significant decimal is an error, never rounded.
 */
export function parseAmountText(text: string): AmountParse {
  const m = DECIMAL.exec(text.trim());
  if (!m) return { ok: false, reason: 'not a decimal number' };
  const [, sign, intPart = '', fracPart = '', expPart] = m;
  const exp = expPart === undefined ? 0 : Number(expPart);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 40) return { ok: false, reason: 'exponent out of range' };
  let digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  let scale = fracPart.length - exp;
  while (scale > 0 && digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (/^0+$/.test(digits)) return sign ? { ok: false, reason: 'negative' } : { ok: true, paise: 0 };
  if (scale > 2) return { ok: false, reason: 'more than two decimal places' };
  const paise = BigInt(digits) * 10n ** BigInt(2 - scale);
  if (paise > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'too large' };
  if (sign) return { ok: false, reason: 'negative' };
  return { ok: true, paise: Number(paise) };
}

/**
 * Paise → rupees as a JS number for JSON output. n/100 is the double nearest to the exact decimal, and
 * JSON.stringify prints the shortest text that round-trips, which for |n| < 2^53/100 is that decimal
 * (e.g. 30 → 0.3, 12345 → 123.45), so no float noise reaches the wire.
 */
export function paiseToRupees(paise: number): number {
  return paise / 100;
}

/** Paise → "1,23,456.78"-free plain text "123456.78", for remarks and messages. */
export function paiseToText(paise: number): string {
  const digits = String(Math.abs(paise)).padStart(3, '0');
  return `${paise < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
