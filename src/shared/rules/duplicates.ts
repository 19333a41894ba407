import { Hash53Builder } from '../domain/hash';

/**
 * In-sheet duplicate keys, computed per row. The sheet's validation state groups rows by them
 * (src/shared/sheet/key-index.ts): the first row of a group is the original, later rows are the duplicates.
 */

// Module constants, not literals in the function: a literal is a new RegExp object on every cell.
const LINE_SPACE = /[\t\n\r]/;
const SPACES = /\s+/g;

export type PayeeKeySource = { beneficiaryId?: string; accountNumber?: string; ifsc?: string; vpa?: string };

/** Identifies the payee: the bank account (with IFSC) when given, else the VPA, else the beneficiary id. */
export function payeeKey(p: PayeeKeySource): string | null {
  if (p.accountNumber && p.ifsc) return `ac:${p.accountNumber}|${p.ifsc}`;
  if (p.vpa) return `vpa:${p.vpa}`;
  if (p.beneficiaryId) return `id:${p.beneficiaryId.toUpperCase()}`;
  return null;
}

function loose(text: string): string {
  // Most cells have single spaces already; skip the regex for them.
  const t = text.includes('  ') || LINE_SPACE.test(text) ? text.replace(SPACES, ' ') : text;
  return t.trim().toLowerCase();
}

/** ASCII whitespace as `\s` sees it: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Feeds `loose(text)` to the hash without building it: runs of whitespace as one space, none at the ends,
 * A–Z lower-cased. Only for ASCII text; anything else (Unicode spaces, case rules that change the length) takes
 * `loose` itself.
 */
function hashLoose(h: Hash53Builder, text: string): void {
  if (!isAscii(text)) {
    h.text(loose(text));
    return;
  }
  // Collected first, then hashed in one `text`-like pass by the builder: no per-character method call.
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  h.looseAscii(text, start, end);
}

const keyHash = new Hash53Builder();

/** Same payee + amount + remark + reference → probably pasted twice (a warning: two equal salaries can be real). */
export function duplicatePayoutKey(
  payee: PayeeKeySource,
  amountPaise: number | null,
  remark: string,
  reference: string,
): number | null {
  if (amountPaise === null) return null;
  // Hashed to a number: no ~60-character string per row on big sheets. A collision (odds ~1 in 10^4 on a
  // 1,000,000-row sheet with a 53-bit hash) could only raise a spurious duplicate_row *warning*, never hide an error.
  // The hash is fed the pieces of `${payeeKey}#${amountPaise}#${loose(remark)}#${loose(reference)}` in order, so
  // the key is exactly hash53 of that text (test/unit/rules/clean-fast-paths.test.ts), with no string built per row.
  const h = keyHash.reset();
  if (payee.accountNumber && payee.ifsc) h.text('ac:').text(payee.accountNumber).code(124).text(payee.ifsc);
  else if (payee.vpa) h.text('vpa:').text(payee.vpa);
  else if (payee.beneficiaryId) h.text('id:').text(payee.beneficiaryId.toUpperCase());
  else return null;
  h.code(35);
  if (Number.isSafeInteger(amountPaise) && amountPaise >= 0) h.digits(amountPaise);
  else h.text(String(amountPaise));
  h.code(35);
  hashLoose(h, remark);
  h.code(35);
  hashLoose(h, reference);
  return h.value();
}

/**
 * The text `duplicatePayoutKey` hashes (the key is hash53 of exactly this). The sheet's validation state compares
 * it for rows whose keys are equal, so a hash collision is never taken for a duplicate or a repeat (issue 15).
 */
export function duplicatePayoutText(
  payee: PayeeKeySource,
  amountPaise: number | null,
  remark: string,
  reference: string,
): string | null {
  const who = payeeKey(payee);
  if (who === null || amountPaise === null) return null;
  return `${who}#${amountPaise}#${loose(remark)}#${loose(reference)}`;
}

/**
 * Where `plainPayoutKey` finds each cell in its `ranges`: the cell is text[ranges[at], ranges[at + 1]), empty
 * when blank. The sheet's plain rows (sheet/plain-rows.ts) lay their cells out the same way.
 */
export const KEY_CELLS = { account: 0, ifsc: 2, vpa: 4, beneficiaryId: 6, remark: 8, reference: 10 } as const;

// The digits of an amount, least significant first (an amount below 2^31 paise fits 10).
const PAISE_DIGITS = new Uint8Array(10);

/**
 * `String(amountPaise)` hashed as `duplicatePayoutKey` does: an amount below 2^31 paise (₹2.1 crore, nearly every
 * payout) in 32-bit integer steps, which a double's `%` and division are not; larger ones as before.
 */
function hashPaise(h: Hash53Builder, amountPaise: number): void {
  if (!(amountPaise >= 0 && amountPaise <= 0x7fffffff && Number.isInteger(amountPaise))) {
    if (Number.isSafeInteger(amountPaise) && amountPaise >= 0) h.digits(amountPaise);
    else h.text(String(amountPaise));
    return;
  }
  let n = amountPaise | 0;
  let count = 0;
  do {
    const q = (n / 10) | 0;
    PAISE_DIGITS[count++] = 48 + n - q * 10;
    n = q;
  } while (n > 0);
  while (count > 0) h.code(PAISE_DIGITS[--count]!);
}

/**
 * `duplicatePayoutKey` of a plain row read in place, with no string built: the same pieces hashed in the same
 * order. Only for what the plain rows pass: a kept account (then its IFSC is kept too) or VPA as the payee, else a
 * kept beneficiary id (ASCII letters and digits, so upper-casing is A–Z only), and a remark and reference that are
 * clean (ASCII, single-spaced, no space at the ends: `loose` only lower-cases them, as looseAscii does).
 */
export function plainPayoutKey(text: string, ranges: Int32Array, amountPaise: number): number | null {
  const h = keyHash.reset();
  const { account, ifsc, vpa, beneficiaryId, remark, reference } = KEY_CELLS;
  // A kept account is digits and a kept VPA has no A–Z and no space, so looseAscii hashes them as they are.
  if (ranges[account]! < ranges[account + 1]!) {
    h.text('ac:')
      .range(text, ranges[account]!, ranges[account + 1]!)
      .code(124);
    h.range(text, ranges[ifsc]!, ranges[ifsc + 1]!);
  } else if (ranges[vpa]! < ranges[vpa + 1]!) {
    h.text('vpa:').range(text, ranges[vpa]!, ranges[vpa + 1]!);
  } else if (ranges[beneficiaryId]! < ranges[beneficiaryId + 1]!) {
    h.text('id:').upperAsciiRange(text, ranges[beneficiaryId]!, ranges[beneficiaryId + 1]!);
  } else return null;
  h.code(35);
  hashPaise(h, amountPaise);
  h.code(35);
  h.looseAscii(text, ranges[remark]!, ranges[remark + 1]!);
  h.code(35);
  h.looseAscii(text, ranges[reference]!, ranges[reference + 1]!);
  return h.value();
}
