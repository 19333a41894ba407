import { describe, expect, it } from 'vitest';
import {
  chainHead,
  createKeyIndex,
  keyAdd,
  keyMembers,
  keyRemove,
  keyShared,
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
});
