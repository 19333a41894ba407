/**
 * Repeats of a payout row (issue 17 point 1): a row whose duplicate key (payee, account or VPA, amount, remark,
 * reference — rules/duplicates.ts) equals an earlier payable row's is a repeat, and a repeat is not paid unless a
 * person includes it. The original is the first row of its key that is itself payable, so a repeat of a row with
 * an error is the one that gets paid (leaving both out would drop a salary instead of deduplicating it).
 * The import summary, main's staging and the CLI all decide with this one tracker.
 */
export type RepeatTracker = {
  /** Index of the payable row `index` repeats, or undefined (then `index` becomes the original for its key). */
  /** `key`: the row's confirmed duplicate group (`repeatKey(state, index)`), null when the row has no twin. */
  check(key: number | null | undefined, index: number): number | undefined;
};

export function createRepeatTracker(): RepeatTracker {
  const firstByKey = new Map<number, number>();
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
