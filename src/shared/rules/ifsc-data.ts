import ifscBranches from 'ifsc/src/IFSC.json';
import bankNames from 'ifsc/src/banknames.json';

/**
 * The offline IFSC dataset from the `ifsc` package (Razorpay). We import its data files, never its Node entry,
 * which pulls in the deprecated `request` module for online look-ups. Works in the Vite bundle and in Node.
 *
 * IFSC.json maps a bank code to its branch codes; numeric branch codes are stored as numbers (000123 → 123),
 * the rest as strings. We build one bank's sets on first use so a 1,000,000-row sheet does one hash lookup per row.
 */
const branches = ifscBranches as unknown as Record<string, ReadonlyArray<number | string>>;
const names = bankNames as unknown as Record<string, string>;
/**
 * One bank's branches: 6-digit branch codes as numbers (how the dataset stores most of them, so no string is made
 * per branch or per look-up), the rest as upper-case strings.
 */
type Branches = { numbers: Set<number>; codes: Set<string> };
// Keyed by the 4 bank-code letters as one number below 26^4 (a small integer: the cheapest Map key), so no `slice`
// string is made per row to look the bank up. Codes that are not 4 letters A–Z (never in the dataset) are looked
// up by their text.
const cache = new Map<number, Branches | null>();

function bankKey(ifsc: string, start: number): number {
  let key = 0;
  for (let i = start; i < start + 4; i++) {
    const c = ifsc.charCodeAt(i) - 65;
    if (c < 0 || c > 25) return -1;
    key = key * 26 + c;
  }
  return key;
}

function branchesOf(ifsc: string, start: number): Branches | null {
  const key = bankKey(ifsc, start);
  if (key === -1) return buildBranches(ifsc.slice(start, start + 4));
  let found = cache.get(key);
  if (found === undefined) {
    found = buildBranches(ifsc.slice(start, start + 4));
    cache.set(key, found);
  }
  return found;
}

function buildBranches(bank: string): Branches | null {
  const list = Object.prototype.hasOwnProperty.call(branches, bank) ? branches[bank] : undefined;
  if (!list) return null;
  const numbers = new Set<number>();
  const codes = new Set<string>();
  for (const b of list) {
    // A number n is the code String(n) padded to 6 digits; a 7+ digit one can never match a 6-character suffix.
    if (typeof b === 'number') numbers.add(b);
    else {
      const code = b.toUpperCase();
      if (sixDigits(code, 0)) numbers.add(Number(code));
      else codes.add(code);
    }
  }
  return { numbers, codes };
}

/** True when text[from, from + 6) are 6 ASCII digits and `end` (the text's end by default) is there. */
function sixDigits(text: string, from: number, end = text.length): boolean {
  if (end !== from + 6) return false;
  for (let i = from; i < from + 6; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function sixDigitValue(text: string, from: number): number {
  let n = 0;
  for (let i = from; i < from + 6; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** True when a well-formed, upper-case IFSC is in the offline dataset. */
export function ifscExists(ifsc: string): boolean {
  return ifscExistsAt(ifsc, 0, ifsc.length);
}

/** `ifscExists(text.slice(start, end))` without the slice (a sheet's plain rows, sheet/plain-rows.ts). */
export function ifscExistsAt(text: string, start: number, end: number): boolean {
  if (end - start !== 11) return false;
  const found = branchesOf(text, start);
  if (!found) return false;
  if (sixDigits(text, start + 5, end)) return found.numbers.has(sixDigitValue(text, start + 5));
  return found.codes.size !== 0 && found.codes.has(text.slice(start + 5, end));
}

/** The bank's name for an IFSC ("HDFC0000001" → "HDFC Bank"), if the dataset knows the bank code. */
export function bankNameForIfsc(ifsc: string): string | undefined {
  const code = ifsc.slice(0, 4).toUpperCase();
  return Object.prototype.hasOwnProperty.call(names, code) ? names[code] : undefined;
}
