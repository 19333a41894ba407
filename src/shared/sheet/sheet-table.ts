/**
 * A sheet's cells held compactly (issue 15 point 2): per block of rows, one string holding the cells' text and
 * typed arrays of where each cell starts and ends in it. A CSV block is the parse piece's own text, kept as it was
 * decoded (csv-scan.ts found the cells in it): reading a file makes no string per cell and no array per record.
 * Rows read from arrays (xlsx, or a CSV piece papaparse had to read) get a block whose text is their cells joined.
 * A 1,000,000-row sheet is then ~700 strings and typed arrays instead of a million row arrays and nine million cell
 * strings for the garbage collector to trace. A cell read makes a (young, short-lived) substring; edits live in a
 * small overlay. Plain data only (no class), so `structuredClone` of a parsed sheet keeps working.
 */

/** Rows per block of rows pushed as arrays: small enough that a block's joined text stays short. */
export const BLOCK_ROWS = 4096;
/** Edited-cell keys: row × this + column (above Excel's 16,384 columns; row × stride stays below 2^53). */
const EDIT_STRIDE = 32_768;

export type TableBlock = {
  /** Table row of the block's first row. */
  start: number;
  rows: number;
  /** The text every cell of the block is a range of (or a `special` value). */
  text: string;
  /** Per cell k of the block: text.substring(starts[k], ends[k]). */
  starts: Uint32Array;
  ends: Uint32Array;
  /** Per row j of the block: its first cell, and its number of cells (later columns read ''). */
  first: Uint32Array;
  lengths: Uint32Array;
  /** Cells whose value is not a range of the text (a quoted CSV cell with "" inside): cell k → value. */
  special: Map<number, string> | null;
};

export type SheetTable = {
  rows: number;
  /** Cells per row as read back (the sheet's width, once the sheet is built). */
  width: number;
  /** Consecutive, in row order. */
  blocks: TableBlock[];
  /** The block of the last cell read: rows are mostly read in order. */
  at: number;
  /** Edited cells: row * EDIT_STRIDE + column → text. */
  edits: Map<number, string>;
};

export function emptyTable(): SheetTable {
  return { rows: 0, width: 0, blocks: [], at: 0, edits: new Map() };
}

/** The block holding `row` (rows are mostly read in order: the last one found is tried first). */
export function blockOf(table: SheetTable, row: number): TableBlock {
  const blocks = table.blocks;
  const near = blocks[table.at];
  if (near !== undefined && row >= near.start && row < near.start + near.rows) return near;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (blocks[mid]!.start <= row) lo = mid;
    else hi = mid - 1;
  }
  table.at = lo;
  return blocks[lo]!;
}

export function tableCell(table: SheetTable, row: number, col: number): string {
  if (col >= table.width || row >= table.rows || row < 0 || col < 0) return '';
  if (table.edits.size !== 0) {
    const edited = table.edits.get(row * EDIT_STRIDE + col);
    if (edited !== undefined) return edited;
  }
  const block = blockOf(table, row);
  const j = row - block.start;
  if (col >= block.lengths[j]!) return '';
  const k = block.first[j]! + col;
  if (block.special !== null) {
    const value = block.special.get(k);
    if (value !== undefined) return value;
  }
  return block.text.substring(block.starts[k]!, block.ends[k]!);
}

/**
 * The cells of `row` at columns `cols` into `out` (out[e] = tableCell(table, row, cols[e])), the row's block found
 * once: validation reads every row's mapped cells this way (issue 15).
 */
export function tableCellsInto(table: SheetTable, row: number, cols: Int32Array, out: string[]): void {
  const n = cols.length;
  if (row < 0 || row >= table.rows || table.edits.size !== 0) {
    for (let e = 0; e < n; e++) out[e] = tableCell(table, row, cols[e]!);
    return;
  }
  const block = blockOf(table, row);
  const j = row - block.start;
  const length = Math.min(block.lengths[j]!, table.width);
  const first = block.first[j]!;
  const { text, starts, ends, special } = block;
  for (let e = 0; e < n; e++) {
    const col = cols[e]!;
    if (col < 0 || col >= length) {
      out[e] = '';
      continue;
    }
    const k = first + col;
    const value = special === null ? undefined : special.get(k);
    out[e] = value !== undefined ? value : text.substring(starts[k]!, ends[k]!);
  }
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

/** Cells found in a text (csv-scan.ts's `CsvScan` fits): per cell a range, per record its first cell. */
export type CellSource = {
  starts: Uint32Array;
  ends: Uint32Array;
  /** Record r's cells are first[r] ..< first[r + 1]. */
  first: Uint32Array;
  special: Map<number, string> | null;
};

/**
 * Appends rows: as arrays (`push`; each BLOCK_ROWS of them are joined into one block, so the parser's arrays can
 * be collected while the rest of the file is read), or as records of a text already split into cells
 * (`beginText`, `pushRecord` for each record kept, `endText`: the text becomes one block as it is).
 */
export type TableWriter = {
  push(record: readonly string[]): void;
  beginText(text: string, cells: CellSource): void;
  pushRecord(record: number): void;
  endText(): void;
  finish(width: number): SheetTable;
};

function block(start: number, rows: number, text: string, cells: number): TableBlock {
  return {
    start,
    rows,
    text,
    starts: new Uint32Array(cells),
    ends: new Uint32Array(cells),
    first: new Uint32Array(rows),
    lengths: new Uint32Array(rows),
    special: null,
  };
}

export function tableWriter(): TableWriter {
  const table = emptyTable();
  // Rows pushed as arrays, waiting to be joined into a block.
  let pending: (readonly string[])[] = [];
  // The text being kept as a block, and the records of it kept so far.
  let text = '';
  let source: CellSource | null = null;
  let kept: number[] = [];

  const seal = () => {
    if (pending.length === 0) return;
    let cells = 0;
    for (const record of pending) cells += record.length;
    const parts: string[] = [];
    const b = block(table.rows, pending.length, '', cells);
    let k = 0;
    let at = 0;
    for (let j = 0; j < pending.length; j++) {
      const record = pending[j]!;
      b.first[j] = k;
      b.lengths[j] = record.length;
      for (let c = 0; c < record.length; c++) {
        const cell = record[c]!;
        b.starts[k] = at;
        at += cell.length;
        b.ends[k] = at;
        k++;
        if (cell !== '') parts.push(cell);
      }
    }
    // One flat string, holding no reference to the parser's strings.
    b.text = parts.join('');
    table.blocks.push(b);
    table.rows += pending.length;
    pending = [];
  };

  // The records of the text kept so far become a block (rows stay in the order they were pushed).
  const keepText = () => {
    const s = source;
    if (!s || kept.length === 0) return;
    let cells = 0;
    for (const r of kept) cells += s.first[r + 1]! - s.first[r]!;
    const b = block(table.rows, kept.length, text, cells);
    let k = 0;
    for (let j = 0; j < kept.length; j++) {
      const r = kept[j]!;
      const from = s.first[r]!;
      const to = s.first[r + 1]!;
      b.first[j] = k;
      b.lengths[j] = to - from;
      for (let i = from; i < to; i++, k++) {
        b.starts[k] = s.starts[i]!;
        b.ends[k] = s.ends[i]!;
        if (s.special !== null) {
          const value = s.special.get(i);
          if (value !== undefined) (b.special ??= new Map()).set(k, value);
        }
      }
    }
    table.blocks.push(b);
    table.rows += kept.length;
    kept = [];
  };

  return {
    push(record) {
      keepText();
      pending.push(record);
      if (pending.length === BLOCK_ROWS) seal();
    },
    beginText(t, cells) {
      keepText();
      seal();
      text = t;
      source = cells;
      kept = [];
    },
    pushRecord(record) {
      seal();
      kept.push(record);
    },
    endText() {
      keepText();
      seal();
      source = null;
      text = '';
    },
    finish(width) {
      keepText();
      seal();
      table.width = width;
      return table;
    },
  };
}
