import type { GroupIndex, GroupKey } from '../rules/duplicates';

/**
 * Repeats of a payout row (issue 17 point 1): a row whose duplicate key (payee, account or VPA, amount, remark,
 * reference — rules/duplicates.ts) equals an earlier payable row's is a repeat, and a repeat is not paid unless a
 * person includes it. The original is the first row of its key that is itself payable, so a repeat of a row with
 * an error is the one that gets paid (leaving both out would drop a salary instead of deduplicating it).
 * The import summary, main's staging and the CLI all decide with this one tracker.
 */
export type RepeatTracker = {
  /** Index of the payable row `index` repeats, or undefined (then `index` becomes the original for its key). */
  check(key: GroupKey | null | undefined, index: number): number | undefined;
};

export function createRepeatTracker(): RepeatTracker {
  const firstByKey = new Map<GroupKey, number>();
  return {
    check(key, index) {
      if (key === null || key === undefined) return undefined;
      const first = firstByKey.get(key);
      if (first !== undefined) return first;
      firstByKey.set(key, index);
      return undefined;
    },
  };
}

/**
 * The row's duplicate key when other rows share it, else null: most keys belong to one row, and skipping them
 * keeps the tracker's map to the few shared keys on a 1,000,000-row sheet (the summary is recomputed per edit).
 */
export function sharedKey(groups: GroupIndex, key: GroupKey | null | undefined): GroupKey | null {
  if (key === null || key === undefined) return null;
  return Array.isArray(groups.get(key)) ? key : null;
}
