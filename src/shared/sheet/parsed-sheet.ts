import type { FileIssue, Severity } from '../domain/issue';
import type { SheetFooter } from './footer';
import type { TableFormat } from '../domain/file-types';
import type { SheetTable } from './sheet-table';
import { tableRows } from './sheet-table';

/** Sheets over this many data rows are refused as a file-level problem. */
export const MAX_DATA_ROWS = 1_000_000;
/** Excel's own column limit; more than this is not a spreadsheet someone made by hand. */
export const MAX_COLUMNS = 16_384;

/** A structural problem the parser found in one row (e.g. an unmatched quote in a CSV). */
export type ParseRowProblem = { row: number; code: 'csv_quote_unmatched'; severity: Severity; message: string };

/**
 * A sheet read from bytes, every cell as text. Produced identically in a Web Worker and in Node.
 * `table`, `rowNumbers` and `numericCells` are parallel over the non-blank data rows.
 */
export type ParsedSheet = {
  kind: TableFormat;
  fileName: string;
  /** XLSX: the sheet that was read (the first non-empty one). */
  sheetName?: string;
  /** XLSX: all sheet names, in workbook order. */
  sheetNames?: string[];
  /** CSV: the delimiter used. */
  delimiter?: ',' | ';' | '\t';
  /** CSV: the text encoding detected. */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Excel row number of the header row (1 unless title rows sit above it). */
  headerRowNumber: number;
  /** Header cells, trimmed. */
  headers: string[];
  /**
   * Data rows (blank rows dropped), each padded/truncated to `headers.length`, held compactly (sheet-table.ts):
   * read a cell with `tableCell(sheet.table, row, col)`, change one with `setTableCell`.
   */
  table: SheetTable;
  /**
   * The rows as arrays, built on each access (not enumerable, so a structuredClone of the sheet does not copy
   * them): for small sheets and tests. Writing into them does not change the sheet.
   */
  readonly rows: string[][];
  /** Excel row number of each data row. */
  rowNumbers: number[];
  /**
   * XLSX: per data row, the cells that came from numeric cells, as column index → the number's original text in
   * the file (e.g. "1.23456789012346E+15"). `undefined` for rows without numeric cells and for every CSV row
   * (a CSV sheet's array is empty).
   */
  numericCells: (Record<number, string> | undefined)[];
  /** File-wide notes worth showing (which sheet was used, encoding repaired, title rows skipped …). */
  notes: string[];
  /** Structural problems in particular rows; validation reports them as row issues. */
  rowProblems: ParseRowProblem[];
  /** Total rows ("Total", "Grand Total", "Sub-total") left out of `rows`; the total is a cross-check. */
  footers?: SheetFooter[];
};

export type ParseOutcome = { ok: true; sheet: ParsedSheet } | { ok: false; error: FileIssue };

/** Progress of a long parse: `fraction` in 0..1. */
export type ParseProgress = { phase: 'reading' | 'parsing' | 'done'; fraction: number; rows: number };

export type ParseOptions = {
  onProgress?: (progress: ParseProgress) => void;
  /** CSV: bytes per parse chunk (progress granularity). Default 128 KiB. */
  chunkSize?: number;
};

/**
 * The `rows` view, one getter for every sheet: V8 shares a hidden class between objects only when their accessors
 * are the same function, so a getter made per sheet turned every sheet after the first into a slow dictionary
 * object — and the validation loop, which reads the sheet per row, slower on every later import (issue 15).
 */
const ROWS_VIEW: PropertyDescriptor = {
  get(this: Pick<ParsedSheet, 'table'>) {
    return tableRows(this.table);
  },
  enumerable: false,
  configurable: true,
};

/** Defines the sheet's `rows` view (see ParsedSheet.rows) on a sheet object; returns it. */
export function withRowsView<T extends Omit<ParsedSheet, 'rows'>>(sheet: T): T & ParsedSheet {
  Object.defineProperty(sheet, 'rows', ROWS_VIEW);
  return sheet as T & ParsedSheet;
}
