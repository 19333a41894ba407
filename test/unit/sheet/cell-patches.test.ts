import { describe, expect, it } from 'vitest';
import { applyCellPatches, recordEdit, type CellPatch } from '../../../src/shared/sheet/cell-patches';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import {
  createValidation,
  parseSheetBytes,
  revalidateRow,
  rowIssues,
  suggestMapping,
  validationResult,
} from '../../../src/shared/sheet/index';
import { fixture, sheetOf } from './helpers';

const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };

describe('saved-import cell patches (issue 17 point 8)', () => {
  it('keeps one patch per cell with the file value as old, and forgets a cell edited back', () => {
    const patches = new Map<string, CellPatch>();
    recordEdit(patches, 8, 3, 'SBINO000300', 'SBIN000030');
    expect(recordEdit(patches, 8, 3, 'SBIN000030', 'SBIN0000300')).toEqual({
      row: 8,
      col: 3,
      old: 'SBINO000300',
      value: 'SBIN0000300',
    });
    recordEdit(patches, 2, 1, 'A', 'B');
    expect([...patches.values()]).toHaveLength(2);
    // Back to the file's value: the save says so with value === old, and nothing is left to replay.
    expect(recordEdit(patches, 2, 1, 'B', 'A')).toEqual({ row: 2, col: 1, old: 'A', value: 'A' });
    expect([...patches.keys()]).toEqual(['8:3']);
  });

  it('replaying onto the re-parsed file gives the same rows and issues as the edits made live', async () => {
    const bytes = fixture('payouts-mixed.csv');
    const live = sheetOf(await parseSheetBytes(bytes, 'payouts-mixed.csv'));
    const mapping = suggestMapping(live.headers, 'payouts');
    const state = createValidation(live, mapping, 'payouts', options);
    const patches = new Map<string, CellPatch>();
    const ifscRow = live.rows.findIndex((r) => r.includes('SBINO000300'));
    const ifscCol = live.rows[ifscRow]!.indexOf('SBINO000300');
    for (const [row, col, value] of [
      [ifscRow, ifscCol, 'SBIN0000300'],
      [0, 0, 'edited'],
      [3, mapping.amount!, '1,000'],
    ] as const) {
      recordEdit(patches, row, col, live.rows[row]![col]!, value);
      revalidateRow(state, row, col, value);
    }

    const fresh = sheetOf(await parseSheetBytes(bytes, 'payouts-mixed.csv'));
    expect(applyCellPatches(fresh, [...patches.values()])).toEqual({ applied: 3, stale: [] });
    expect(fresh.rows).toEqual(live.rows);
    const replayed = createValidation(fresh, mapping, 'payouts', options);
    expect(rowIssues(replayed, ifscRow)).toEqual(rowIssues(state, ifscRow));
    expect(validationResult(replayed).summary).toEqual(validationResult(state).summary);
  });

  it('replays 10,000 patches over a 1,000,000-row sheet touching only the patched rows', () => {
    const ROWS = 1_000_000;
    const names = ['Ravi Kumar', 'Priya Sharma', 'Anil Verma'];
    const rows: string[][] = Array.from({ length: ROWS }, (_, i) => [names[i % 3]!, String(100 + (i % 5000))]);
    const numericCells: (Record<number, string> | undefined)[] = new Array(ROWS);
    const patches: CellPatch[] = [];
    for (let k = 0; k < 10_000; k++) {
      const row = (k * 7919) % ROWS;
      patches.push({ row, col: 1, old: rows[row]![1]!, value: `${k}.50` });
      numericCells[row] = { 1: rows[row]![1]! };
    }
    // A patch made on other bytes: its cell does not hold `old`, so it is reported and not applied.
    const foreign: CellPatch = { row: 5, col: 0, old: 'Someone Else', value: 'X' };
    let reads = 0;
    const counted = new Proxy(rows, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });

    const result = applyCellPatches({ rows: counted, numericCells }, [...patches, foreign]);

    expect(result).toEqual({ applied: 10_000, stale: [foreign] });
    expect(reads).toBe(patches.length + 1);
    expect(rows[0]![1]).toBe('0.50');
    expect(rows[(9_999 * 7919) % ROWS]![1]).toBe('9999.50');
    expect(rows[5]![0]).toBe(names[2]);
    expect(numericCells[7919]).toEqual({});
    expect(rows[1]).toEqual(['Priya Sharma', '101']);
  });
});
