/**
 * In-sheet duplicate detection. Keys are computed per row; a `GroupIndex` keeps, per key, the sorted row indices
 * that share it, so a single edited cell only re-checks the rows in the old and new groups (revalidateRow) and
 * still gives exactly the issues a fresh validation would: the first row of a group is the original, later rows
 * are the duplicates.
 */

export type PayeeKeySource = { beneficiaryId?: string; accountNumber?: string; ifsc?: string; vpa?: string };

/** Identifies the payee: the bank account (with IFSC) when given, else the VPA, else the beneficiary id. */
export function payeeKey(p: PayeeKeySource): string | null {
  if (p.accountNumber && p.ifsc) return `ac:${p.accountNumber}|${p.ifsc}`;
  if (p.vpa) return `vpa:${p.vpa}`;
  if (p.beneficiaryId) return `id:${p.beneficiaryId.toUpperCase()}`;
  return null;
}

function loose(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Same payee + amount + remark + reference → probably pasted twice (a warning: two equal salaries can be real). */
export function duplicatePayoutKey(payee: PayeeKeySource, amountPaise: number | null, remark: string, reference: string): string | null {
  const who = payeeKey(payee);
  if (who === null || amountPaise === null) return null;
  return `${who}#${amountPaise}#${loose(remark)}#${loose(reference)}`;
}

/** Row indices per key, each list kept sorted ascending. */
export type GroupIndex = Map<string, number[]>;

export function groupAdd(index: GroupIndex, key: string, row: number): void {
  const list = index.get(key);
  if (!list) {
    index.set(key, [row]);
    return;
  }
  // Rows are usually added in order; fall back to a binary-search insert for edits.
  if (list[list.length - 1]! < row) {
    list.push(row);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== row) list.splice(lo, 0, row);
}

export function groupRemove(index: GroupIndex, key: string, row: number): void {
  const list = index.get(key);
  if (!list) return;
  const at = list.indexOf(row);
  if (at !== -1) list.splice(at, 1);
  if (list.length === 0) index.delete(key);
}

/** The first row sharing `key` when `row` is a later duplicate of it; otherwise undefined. */
export function firstOccurrence(index: GroupIndex, key: string, row: number): number | undefined {
  const first = index.get(key)?.[0];
  return first !== undefined && first !== row ? first : undefined;
}
