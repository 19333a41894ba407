import type { KeyIndex } from './key-index';
import { keyMembers } from './key-index';
import { refreshSheetIssues } from './duplicate-issues';
import type { ValidationState } from './validation-state';
import { restore } from './validation-state';

/**
 * Re-checks row `rowIndex` after its cells changed: the row itself, then the duplicate issues of every row that
 * shares its old or new key (the original of a group can move). Returns the rows whose issues may have changed.
 */
export function reevaluate(state: ValidationState, rowIndex: number): { changedRows: number[] } {
  const affected = new Set<number>([rowIndex]);
  const oldId = state.ids.keys[rowIndex]!;
  const oldDup = state.dups.keys[rowIndex]!;
  const oldIdRows = keyMembers(state.ids, oldId);
  const oldDupRows = keyMembers(state.dups, oldDup);
  restore(state, rowIndex);
  const regroup = (index: KeyIndex, oldKey: number, oldRows: number[]) => {
    const newKey = index.keys[rowIndex]!;
    // NaN is "no key": unchanged too when it stays NaN. An unchanged hash shared with other rows may still hide a
    // changed key text (a collision), so those rows are re-checked too: groups are confirmed on the texts.
    if (Object.is(oldKey, newKey) && oldRows.length < 2) return;
    for (const i of oldRows) affected.add(i);
    for (const i of keyMembers(index, newKey)) affected.add(i);
  };
  regroup(state.ids, oldId, oldIdRows);
  regroup(state.dups, oldDup, oldDupRows);
  const changedRows = [...affected].sort((a, b) => a - b);
  refreshSheetIssues(state, changedRows);
  return { changedRows };
}
