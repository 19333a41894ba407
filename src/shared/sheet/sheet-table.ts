/**
 * A sheet's cells held compactly (issue 15 point 2): per block of rows, one string per column holding that
 * column's cells joined, and one Uint32Array of offsets into it. A 1,000,000-row × 9-column sheet is then ~9,000
 * strings and typed arrays instead of a million row arrays and nine million cell strings for the garbage collector
 * to trace. A cell read makes a (young, short-lived) substring; edits live in a small overlay.
 * Plain data only (no class), so `structuredClone` of a parsed sheet keeps working.
 */

const BLOCK_SHIFT = 12;
/** Rows per block: small enough that a block's joined column text stays short, big enough to be few. */
export const BLOCK_ROWS = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_ROWS - 1;
/** Edited-cell keys: row × this + column (above Excel's 16,384 columns; row × stride stays below 2^53). */
const EDIT_STRIDE = 32_768;

export type TableBlock = {
  /** Column c's cells of this block, joined (columns past a block's widest record are absent: all ''). */
  text: string[];
  /** Per column c, offsets[c * (rows + 1) + j] .. [+ 1] delimit row j's cell in text[c]. */
  offsets: Uint32Array;
  rows: number;
};

export type SheetTable = {
  rows: number;
  /** Cells per row as read back (the sheet's width, once the sheet is built). */
  width: number;
  blocks: TableBlock[];
  /** Edited cells: row * EDIT_STRIDE + column → text. */
  edits: Map<number, string>;
};

export function emptyTable(): SheetTable {
  return { rows: 0, width: 0, blocks: [], edits: new Map() };
}

export function tableCell(table: SheetTable, row: number, col: number): string {
  if (col >= table.width || row >= table.rows) return '';
  if (table.edits.size !== 0) {
    const edited = table.edits.get(row * EDIT_STRIDE + col);
    if (edited !== undefined) return edited;
  }
  const block = table.blocks[row >>> BLOCK_SHIFT]!;
  const text = block.text[col];
  if (text === undefined) return '';
  const at = col * (block.rows + 1) + (row & BLOCK_MASK);
  return text.substring(block.offsets[at]!, block.offsets[at + 1]!);
}

export function setTableCell(table: SheetTable, row: number, col: number, value: string): void {
  table.edits.set(row * EDIT_STRIDE + col, value);
}

/** Row `row` as an array of `width` cells (a copy: writing to it does not change the table). */
export function tableRow(table: SheetTable, row: number): string[] {
  const out = new Array<string>(table.width);
  for (let c = 0; c < table.width; c++) out[c] = tableCell(table, row, c);
  return out;
}

/** Rows `start` ..< `end` as arrays (the visible rows of a grid; a small sheet's `rows`). */
export function tableRows(table: SheetTable, start = 0, end = table.rows): string[][] {
  const out: string[][] = [];
  for (let r = Math.max(0, start); r < Math.min(end, table.rows); r++) out.push(tableRow(table, r));
  return out;
}

/**
 * Appends rows one at a time; each finished block of BLOCK_ROWS rows is joined into its column strings, so the
 * record arrays the parser produced can be collected while the rest of the file is read.
 */
export type TableWriter = {
  push(record: readonly string[]): void;
  finish(width: number): SheetTable;
};

export function tableWriter(): TableWriter {
  const table = emptyTable();
  let columns: string[][] = [];
  let pending = 0;
  const seal = () => {
    if (pending === 0) return;
    const offsets = new Uint32Array(columns.length * (pending + 1));
    const text: string[] = new Array<string>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const cells = columns[c];
      // A column blank all through the block: its offsets stay 0, so every cell reads ''.
      if (!cells) {
        text[c] = '';
        continue;
      }
      const base = c * (pending + 1);
      let at = 0;
      for (let j = 0; j < pending; j++) {
        offsets[base + j] = at;
        // A short record's missing cells are '' (columns start filled with '').
        at += cells[j]!.length;
      }
      offsets[base + pending] = at;
      // One flat string, holding no reference to the parser's chunk strings.
      text[c] = cells.join('');
    }
    table.blocks.push({ text, offsets, rows: pending });
    columns = [];
    pending = 0;
  };
  return {
    push(record) {
      for (let c = 0; c < record.length; c++) {
        const cell = record[c]!;
        if (cell === '') continue;
        let column = columns[c];
        // Filled, not holey: join() and the offsets loop stay on V8's fast paths.
        if (!column) column = columns[c] = new Array<string>(BLOCK_ROWS).fill('');
        column[pending] = cell;
      }
      table.rows++;
      if (++pending === BLOCK_ROWS) seal();
    },
    finish(width) {
      seal();
      table.width = width;
      return table;
    },
  };
}
