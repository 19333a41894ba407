import { describe, expect, it } from 'vitest';
import {
  chainHead,
  createKeyIndex,
  keyAdd,
  keyBuild,
  keyMembers,
  keyRemove,
  keyShared,
  markSharedRows,
} from '../../../src/shared/sheet/key-index';

describe('the typed key index', () => {
  it('keeps each key’s rows ascending whatever the order they are added in', () => {
    const index = createKeyIndex(10);
    for (const row of [5, 2, 9, 7]) keyAdd(index, row, 123);
    keyAdd(index, 3, 456);
    expect(keyMembers(index, 123)).toEqual([2, 5, 7, 9]);
    expect(chainHead(index, 9)).toBe(2);
    expect(keyShared(index, 2)).toBe(true);
    expect(keyShared(index, 3)).toBe(false);
    keyRemove(index, 2);
    keyRemove(index, 9);
    expect(keyMembers(index, 123)).toEqual([5, 7]);
    expect(chainHead(index, 2)).toBe(-1);
    keyAdd(index, 8, 123);
    expect(keyMembers(index, 123)).toEqual([5, 7, 8]);
  });

  it('matches a Map of arrays over many random edits (deleted slots are reclaimed)', () => {
    const rows = 6;
    const index = createKeyIndex(rows);
    const model = new Map<number, number>();
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let step = 0; step < 5_000; step++) {
      const row = next() % rows;
      keyRemove(index, row);
      model.delete(row);
      // Fresh keys most of the time, so emptied chains leave deleted slots behind.
      const key = next() % 4 === 0 ? 1 : step * 2 ** 33 + 5;
      keyAdd(index, row, key);
      model.set(row, key);
      for (const k of new Set(model.values())) {
        const want = [...model]
          .filter(([, v]) => v === k)
          .map(([r]) => r)
          .sort((a, b) => a - b);
        expect(keyMembers(index, k)).toEqual(want);
      }
    }
  });

  it('keeps chains, twins and their marks right on a table that is no power of two, under random edits', () => {
    const rows = 1000;
    const index = createKeyIndex(rows);
    const model = new Map<number, number>();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    // Few keys, so chains are long and rows join them before, inside and after their other rows.
    const keyFor = () => (next() % 40) * 2 ** 32 * 1.5 + (next() % 3);
    for (let step = 0; step < 20_000; step++) {
      const row = next() % rows;
      keyRemove(index, row);
      model.delete(row);
      if (next() % 5 !== 0) {
        const key = keyFor();
        keyAdd(index, row, key);
        model.set(row, key);
      }
      if (step % 2_000 !== 0) continue;
      const counts = new Map<number, number>();
      for (const k of model.values()) counts.set(k, (counts.get(k) ?? 0) + 1);
      const marks = new Uint8Array(rows);
      markSharedRows(index, marks, 1);
      for (let r = 0; r < rows; r++) {
        const k = model.get(r);
        const shared = k !== undefined && counts.get(k)! > 1;
        expect(keyShared(index, r)).toBe(shared);
        expect(marks[r]).toBe(shared ? 1 : 0);
      }
      for (const k of counts.keys()) {
        const want = [...model]
          .filter(([, v]) => v === k)
          .map(([r]) => r)
          .sort((a, b) => a - b);
        expect(keyMembers(index, k)).toEqual(want);
        expect(chainHead(index, want[want.length - 1]!)).toBe(want[0]);
      }
      // Rows are added in row order while a sheet is validated: the appended row goes after the chain's last.
      const fresh = createKeyIndex(rows);
      for (let r = 0; r < rows; r++) if (model.has(r)) keyAdd(fresh, r, model.get(r)!);
      // Built in one go from the keys (how a sheet's validation fills its indexes): the same chains.
      const built = createKeyIndex(rows);
      for (let r = 0; r < rows; r++) if (model.has(r)) built.keys[r] = model.get(r)!;
      keyBuild(built);
      for (const k of counts.keys()) {
        expect(keyMembers(fresh, k)).toEqual(keyMembers(index, k));
        expect(keyMembers(built, k)).toEqual(keyMembers(index, k));
      }
      for (let r = 0; r < rows; r++) expect(keyShared(built, r)).toBe(keyShared(index, r));
    }
  });
});
