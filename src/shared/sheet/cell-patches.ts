import type { ParsedSheet } from './parsed-sheet';
import { setTableCell, tableCell } from './sheet-table';

/**
 * One user fix in a saved import (issue 17 point 8): the cell at data-row `row` (0-based index into the parsed
 * rows, which the same bytes always reproduce) and sheet column `col` (a column index rather than a field, so a
 * fix in an unmapped column or made before a mapping change still lands on the same cell). `old` is the value the
 * file had, so replaying over different bytes is detected instead of silently changing the wrong payee.
 */
export type CellPatch = { row: number; col: number; old: string; value: string };

/** The key of a patch's cell: one patch per edited cell, the latest value wins. */
export const patchKey = (p: { row: number; col: number }): string => `${p.row}:${p.col}`;

/**
 * Records an edit in a patch list kept per cell: the first edit of a cell keeps the file's value as `old`; an edit
 * back to that value removes the patch (nothing left to replay). Returns the patch as it should be saved, whose
 * `value === old` means "delete".
 */
export function recordEdit(patches: Map<string, CellPatch>, row: number, col: number, before: string, value: string) {
  const key = patchKey({ row, col });
  const old = patches.get(key)?.old ?? before;
  const patch: CellPatch = { row, col, old, value };
  if (value === old) patches.delete(key);
  else patches.set(key, patch);
  return patch;
}

export type PatchReplay = { applied: number; stale: CellPatch[] };

/**
 * Applies saved patches to a freshly parsed sheet before it is validated once, so replay is O(patches) however
 * many rows the sheet has (no per-patch re-validation). A patch whose cell does not hold `old` any more is not
 * applied and is returned as stale: the bytes are not the ones the fix was made on.
 */
export function applyCellPatches(
  sheet: (Pick<ParsedSheet, 'table'> | { rows: string[][] }) & Partial<Pick<ParsedSheet, 'numericCells'>>,
  patches: readonly CellPatch[],
): PatchReplay {
  const stale: CellPatch[] = [];
  let applied = 0;
  for (const p of patches) {
    if ('table' in sheet) {
      // A parsed sheet: its cells are in the compact table (its `rows` is a copy built on each access).
      const { table } = sheet;
      const fits = p.row >= 0 && p.row < table.rows && p.col >= 0 && p.col < table.width;
      if (!fits || tableCell(table, p.row, p.col) !== p.old) {
        stale.push(p);
        continue;
      }
      setTableCell(table, p.row, p.col, p.value);
    } else {
      const cells = sheet.rows[p.row];
      if (!cells || p.col >= cells.length || cells[p.col] !== p.old) {
        stale.push(p);
        continue;
      }
      cells[p.col] = p.value;
    }
    // Typed by the user, so the cell is text now (the same rule as an edit in the preview).
    const numeric = sheet.numericCells?.[p.row];
    if (numeric) delete numeric[p.col];
    applied++;
  }
  return { applied, stale };
}
