import { hash53 } from '../domain/hash';

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

/** Same payee + amount + remark + reference → probably pasted twice (a warning: two equal salaries can be real). */
export function duplicatePayoutKey(
  payee: PayeeKeySource,
  amountPaise: number | null,
  remark: string,
  reference: string,
): number | null {
  const who = payeeKey(payee);
  if (who === null || amountPaise === null) return null;
  // Hashed to a number: no ~60-character string per row on big sheets. A collision (odds ~1 in 10^4 on a
  // 1,000,000-row sheet with a 53-bit hash) could only raise a spurious duplicate_row *warning*, never hide an error.
  return hash53(`${who}#${amountPaise}#${loose(remark)}#${loose(reference)}`);
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
