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
 * This is the reference; `formatPaise` takes a faster road to the same text where it can.
 */
export function formatPaiseIntl(paise: number | bigint): string {
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

/**
 * The en-IN layout written by hand for number paise — "₹" + lakh/crore grouping + "." + paise — with no bigint
 * and no Intl call: a sheet with thousands of limit errors formats an amount in each message. Integer arithmetic
 * only (`%` and the division of an exact multiple of 100 are exact for safe integers).
 */
function handFormat(paise: number): string {
  const abs = paise < 0 ? -paise : paise;
  const fraction = abs % 100;
  const digits = String((abs - fraction) / 100);
  let grouped = digits;
  if (digits.length > 3) {
    grouped = digits.slice(-3);
    let at = digits.length - 3;
    while (at > 2) {
      grouped = `${digits.slice(at - 2, at)},${grouped}`;
      at -= 2;
    }
    grouped = `${digits.slice(0, at)},${grouped}`;
  }
  const text = `₹${grouped}.${fraction < 10 ? '0' : ''}${fraction}`;
  return paise < 0 ? `-${text}` : text;
}

// The hand layout is used only if it prints exactly what this platform's Intl prints (checked once, at load, on
// every grouping length and sign): another ICU (a renderer's Chromium, a future Node) that, say, spaces the sign
// or groups differently simply keeps the Intl road, so the text never depends on which road was taken.
const HAND_MATCHES_INTL = [
  0,
  1,
  9,
  10,
  99,
  100,
  101,
  999,
  1000,
  99999,
  100000,
  123456,
  1234567,
  12345678,
  123456789,
  1234567890,
  12345678901,
  123456789012,
  1234567890123,
  12345678901234,
  123456789012345,
  1234567890123456,
  -5,
  -100,
  -123456789,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
].every((p) => handFormat(p) === formatPaiseIntl(p));

/**
 * Integer paise as "₹1,23,456.50" / "-₹5.00" — the same text as Intl's INR currency format of the exact value
 * (`formatPaiseIntl`); number paise take the hand layout when it was proven equal to Intl on this platform.
 */
export function formatPaise(paise: number | bigint): string {
  if (HAND_MATCHES_INTL && typeof paise === 'number' && Number.isSafeInteger(paise)) return handFormat(paise);
  return formatPaiseIntl(paise);
}

/** Whole-rupee digits grouped the Indian way ("12345678" → "1,23,45,678"). */
export function groupIndian(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`Not a digit string: ${digits}`);
  return DIGITS.format(BigInt(digits));
}
