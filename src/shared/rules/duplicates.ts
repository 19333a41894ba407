import { Hash53Builder } from '../domain/hash';

/**
 * In-sheet duplicate detection. Keys are computed per row; a `GroupIndex` keeps, per key, the sorted row indices
 * that share it, so a single edited cell only re-checks the rows in the old and new groups (revalidateRow) and
 * still gives exactly the issues a fresh validation would: the first row of a group is the original, later rows
 * are the duplicates.
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
 * Row indices per key, ascending. A key used by one row (the common case) holds the bare number, so a
 * 1,000,000-row sheet does not allocate a million one-element arrays.
 */
export type GroupKey = string | number;
export type GroupIndex = Map<GroupKey, number | number[]>;

export function groupAdd(index: GroupIndex, key: GroupKey, row: number): void {
  const found = index.get(key);
  if (found === undefined) {
    index.set(key, row);
    return;
  }
  if (typeof found === 'number') {
    if (found !== row) index.set(key, found < row ? [found, row] : [row, found]);
    return;
  }
  // Rows are usually added in order; fall back to a binary-search insert for edits.
  if (found[found.length - 1]! < row) {
    found.push(row);
    return;
  }
  let lo = 0;
  let hi = found.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (found[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  if (found[lo] !== row) found.splice(lo, 0, row);
}

export function groupRemove(index: GroupIndex, key: GroupKey, row: number): void {
  const found = index.get(key);
  if (found === undefined) return;
  if (typeof found === 'number') {
    if (found === row) index.delete(key);
    return;
  }
  const at = found.indexOf(row);
  if (at !== -1) found.splice(at, 1);
  if (found.length === 1) index.set(key, found[0]!);
}

/** The rows sharing `key`, ascending. */
export function groupMembers(index: GroupIndex, key: GroupKey): readonly number[] {
  const found = index.get(key);
  return found === undefined ? [] : typeof found === 'number' ? [found] : found;
}

/** The first row sharing `key` when `row` is a later duplicate of it; otherwise undefined. */
export function firstOccurrence(index: GroupIndex, key: GroupKey, row: number): number | undefined {
  const found = index.get(key);
  if (found === undefined || typeof found === 'number') return undefined;
  const first = found[0];
  return first !== undefined && first !== row ? first : undefined;
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
