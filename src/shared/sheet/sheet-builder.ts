import { IFSC_PATTERN } from '../rules/ifsc';
import type { SheetFooter } from './footer';
import type { FooterColumns } from './footer';
import { footerCellAt, footerColumns, footerOf, isAmountText, isTotalLabel } from './footer';
import type { CsvScan } from './csv-scan';
import { scannedCell, scannedRecord } from './csv-scan';
import { fieldForHeader } from './header-synonyms';
import type { ParsedSheet, ParseOutcome, ParseRowProblem } from './parsed-sheet';
import { MAX_COLUMNS, MAX_DATA_ROWS, withRowsView } from './parsed-sheet';
import { tableWriter } from './sheet-table';

/** How far down we look for the header row (title rows like "Salary — March 2025" may sit above it). */
const HEADER_SEARCH_ROWS = 20;

export type RawSheet = {
  /** Every record as read, blank ones included; emptied as it is copied into the table. */
  records: string[][];
  /** Excel row number of record i. */
  rowNumberOf: (index: number) => number;
  /** Numeric-cell texts of record i (xlsx only). */
  numericOf?: (index: number) => Record<number, string> | undefined;
  /** Row problems keyed by record index. */
  problemsAt?: Map<number, Omit<ParseRowProblem, 'row'>>;
  base: Pick<ParsedSheet, 'kind' | 'fileName' | 'sheetName' | 'sheetNames' | 'delimiter' | 'encoding'>;
  notes: string[];
};

export function isBlankRecord(record: readonly string[]): boolean {
  for (const cell of record) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}

function knownFieldCount(record: readonly string[]): number {
  const seen = new Set<string>();
  for (const cell of record.slice(0, 200)) {
    if (cell.length > 100) continue;
    const f = fieldForHeader(cell);
    if (f) seen.add(f);
  }
  return seen.size;
}

function looksLikeData(record: readonly string[]): boolean {
  return record.some((raw) => {
    const cell = raw.trim();
    return (
      IFSC_PATTERN.test(cell.toUpperCase()) ||
      /^\d{9,18}$/.test(cell) ||
      /^[\w.-]+@[A-Za-z]+$/.test(cell) ||
      /^\d[\d,]*\.\d{2}$/.test(cell)
    );
  });
}

function lastNonBlank(record: readonly string[]): number {
  for (let i = record.length - 1; i >= 0; i--) if (record[i]!.trim() !== '') return i;
  return -1;
}

function shownColumns(cells: readonly string[]): string {
  const list = cells
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .slice(0, 20)
    .map((c) => (c.length > 40 ? `${c.slice(0, 40)}…` : c));
  return list.length ? list.join(', ') : 'none';
}

// A note per total row, but a sheet of sub-totals must not bury the other notes.
const FOOTER_NOTES = 3;

function footerNotes(footers: readonly SheetFooter[]): string[] {
  const out = footers.slice(0, FOOTER_NOTES).map((f) => {
    const label = f.label.length > 40 ? `${f.label.slice(0, 40)}…` : f.label;
    return `Row ${f.row} ("${label}") is a total row, not a payee: it was left out.`;
  });
  const more = footers.length - FOOTER_NOTES;
  if (more > 0) out.push(`${more.toLocaleString('en-IN')} more total rows were left out.`);
  return out;
}

type Accepted = { index: number; record: string[] };

/**
 * Builds a ParsedSheet from records pushed one at a time (the CSV reader pushes each parse chunk's records and
 * drops them): the header is chosen among the first non-blank records, then every data row goes straight into the
 * compact table. `push` returns false once the sheet has more rows than allowed (the reader can stop there).
 */
export type SheetAccumulator = {
  push(record: string[], index: number): boolean;
  /** A piece of CSV text and its cells (csv-scan.ts), whose records follow with `pushScanned`. */
  beginText(text: string, scan: CsvScan): void;
  /** Record `r` of the text: exactly `push(scannedRecord(scan, text, r), index)`, without building the array. */
  pushScanned(r: number, index: number, blank: boolean): boolean;
  endText(): void;
  finish(): ParseOutcome;
};

/** A scanned cell with something in it, as `isBlankRecord` judges (`cell.trim() !== ''`). */
function scannedFilled(s: CsvScan, text: string, k: number): boolean {
  const start = s.starts[k]!;
  if (start === s.ends[k]!) return false;
  const c = text.charCodeAt(start);
  // A printable ASCII first character is never whitespace; anything else asks trim.
  if (c > 32 && c < 127) return true;
  return scannedCell(s, text, k).trim() !== '';
}

/** `isBlankRecord` of record r of a scan. */
export function isBlankScanned(s: CsvScan, text: string, r: number): boolean {
  for (let k = s.first[r]!; k < s.first[r + 1]!; k++) if (scannedFilled(s, text, k)) return false;
  return true;
}

/**
 * False when `footerOf(record)` is certainly null: its first loop (the first non-blank cell that is not an amount
 * must be a total label), read cell by cell. Only a row that passes it is built as an array for `footerOf`.
 */
function mayBeFooterScanned(s: CsvScan, text: string, r: number): boolean {
  for (let k = s.first[r]!; k < s.first[r + 1]!; k++) {
    const start = s.starts[k]!;
    const end = s.ends[k]!;
    if (start === end) continue;
    // Most cells are judged where they lie, with no string made (footerCellAt).
    const inPlace = s.special !== null && s.special.has(k) ? -1 : footerCellAt(text, start, end);
    if (inPlace === 1) continue;
    if (inPlace === 0) return false;
    const cell = scannedCell(s, text, k).trim();
    if (cell === '') continue;
    if (isTotalLabel(cell)) return true;
    if (!isAmountText(cell)) return false;
  }
  return false;
}

export function sheetAccumulator(raw: Omit<RawSheet, 'records'>): SheetAccumulator {
  // Until the header is chosen, the first non-blank records wait here (with their record index).
  let waiting: Accepted[] | null = [];
  let headerRecord: string[] = [];
  let headerIndex = -1;
  let columns: FooterColumns = { payeeDetail: [], amount: [] };
  let width = 0;
  let dataRows = 0;
  let tooMany = false;
  let failed: ParseOutcome | null = null;
  const writer = tableWriter();
  const rowNumbers: number[] = [];
  const numericCells: (Record<number, string> | undefined)[] = [];
  const rowProblems: ParseRowProblem[] = [];
  const footers: SheetFooter[] = [];
  let firstIndex = -1;

  const acceptData = (record: string[], index: number) => {
    dataRows++;
    if (dataRows > MAX_DATA_ROWS) {
      tooMany = true;
      return;
    }
    if (record.length > width) width = Math.max(width, lastNonBlank(record) + 1);
    const rowNumber = raw.rowNumberOf(index);
    const footer = footerOf(record, columns, rowNumber);
    if (footer) {
      footers.push(footer);
      return;
    }
    writer.push(record);
    rowNumbers.push(rowNumber);
    const numeric = raw.numericOf?.(index);
    // CSV rows never have numeric cells: the array stays empty instead of a million undefined slots.
    if (numeric !== undefined) numericCells[rowNumbers.length - 1] = numeric;
    const problem = raw.problemsAt?.get(index);
    if (problem) rowProblems.push({ ...problem, row: rowNumber });
  };

  let text = '';
  let scan: CsvScan | null = null;
  const acceptScanned = (r: number, index: number) => {
    const s = scan!;
    dataRows++;
    if (dataRows > MAX_DATA_ROWS) {
      tooMany = true;
      return;
    }
    const first = s.first[r]!;
    const length = s.first[r + 1]! - first;
    if (length > width) {
      let last = length - 1;
      while (last >= 0 && !scannedFilled(s, text, first + last)) last--;
      width = Math.max(width, last + 1);
    }
    const rowNumber = raw.rowNumberOf(index);
    if (mayBeFooterScanned(s, text, r)) {
      const footer = footerOf(scannedRecord(s, text, r), columns, rowNumber);
      if (footer) {
        footers.push(footer);
        return;
      }
    }
    writer.pushRecord(r);
    rowNumbers.push(rowNumber);
    const numeric = raw.numericOf?.(index);
    if (numeric !== undefined) numericCells[rowNumbers.length - 1] = numeric;
    const problem = raw.problemsAt?.get(index);
    if (problem) rowProblems.push({ ...problem, row: rowNumber });
  };

  const chooseHeader = () => {
    const list = waiting!;
    waiting = null;
    const first = list[0];
    if (first === undefined) {
      failed = { ok: false, error: { code: 'file_empty', message: 'The file has no data: every row is blank.' } };
      return;
    }
    firstIndex = first.index;
    let header = list.find((a) => knownFieldCount(a.record) >= 2) ?? list.find((a) => knownFieldCount(a.record) === 1);
    if (header === undefined) {
      if (looksLikeData(first.record)) {
        failed = {
          ok: false,
          error: {
            code: 'header_missing',
            message: `Row ${raw.rowNumberOf(first.index)} looks like data, not a header row. Add a header row (e.g. Name, Account Number, IFSC, Amount) above the data. Values found: ${shownColumns(first.record)}.`,
            columnsFound: [],
          },
        };
        return;
      }
      header = first;
    }
    headerRecord = header.record;
    headerIndex = header.index;
    width = lastNonBlank(headerRecord) + 1;
    const initialHeaders: string[] = [];
    for (let c = 0; c < width; c++) initialHeaders.push((headerRecord[c] ?? '').trim());
    columns = footerColumns(initialHeaders);
    for (const a of list) if (a.index > headerIndex) acceptData(a.record, a.index);
  };

  return {
    push(record, index) {
      if (failed || tooMany) return false;
      if (isBlankRecord(record)) return true;
      if (waiting) {
        waiting.push({ index, record });
        if (waiting.length === HEADER_SEARCH_ROWS) chooseHeader();
      } else acceptData(record, index);
      return !failed && !tooMany;
    },
    beginText(t, s) {
      text = t;
      scan = s;
      writer.beginText(t, s);
    },
    pushScanned(r, index, blank) {
      if (failed || tooMany) return false;
      if (blank) return true;
      if (waiting) {
        waiting.push({ index, record: scannedRecord(scan!, text, r) });
        if (waiting.length === HEADER_SEARCH_ROWS) chooseHeader();
      } else acceptScanned(r, index);
      return !failed && !tooMany;
    },
    endText() {
      writer.endText();
      text = '';
      scan = null;
    },
    finish() {
      if (waiting) chooseHeader();
      if (failed) return failed;
      const headerCells = headerRecord.slice(0, width).map((h) => h.trim());
      if (tooMany) {
        return {
          ok: false,
          error: {
            code: 'too_many_rows',
            message: `The sheet has more than ${MAX_DATA_ROWS.toLocaleString('en-IN')} data rows. Split it into smaller files.`,
            columnsFound: headerCells,
          },
        };
      }
      if (width > MAX_COLUMNS) {
        return {
          ok: false,
          error: {
            code: 'too_many_columns',
            message: `The sheet has ${width.toLocaleString('en-IN')} columns; at most ${MAX_COLUMNS.toLocaleString('en-IN')} are supported.`,
          },
        };
      }
      const headers: string[] = [];
      for (let c = 0; c < width; c++) headers.push((headerRecord[c] ?? '').trim());
      if (dataRows === 0) {
        return {
          ok: false,
          error: {
            code: 'file_empty',
            message: `The file has a header row but no data rows. Columns found: ${shownColumns(headers)}.`,
            columnsFound: headers,
          },
        };
      }
      if (rowNumbers.length === 0) {
        return {
          ok: false,
          error: {
            code: 'file_empty',
            message: `The file has a header row and total rows but no payee rows. Columns found: ${shownColumns(headers)}.`,
            columnsFound: headers,
          },
        };
      }
      for (const f of footers) {
        if (f.cells.length > width) f.cells.length = width;
        while (f.cells.length < width) f.cells.push('');
      }
      const notes = [...raw.notes];
      const headerRowNumber = raw.rowNumberOf(headerIndex);
      if (headerIndex !== firstIndex || headerRowNumber !== 1) {
        notes.push(`The header was found on row ${headerRowNumber}; the rows above it were skipped.`);
      }
      notes.push(...footerNotes(footers));
      const sheet = {
        ...raw.base,
        headerRowNumber,
        headers,
        table: writer.finish(width),
        rowNumbers,
        numericCells,
        notes,
        rowProblems,
      } as Omit<ParsedSheet, 'rows'> as ParsedSheet;
      if (footers.length > 0) sheet.footers = footers;
      return { ok: true, sheet: withRowsView(sheet) };
    },
  };
}

/** Finds the header row, drops blank rows and total rows (see footer.ts), and checks the file-level limits. */
export function buildParsedSheet(raw: RawSheet): ParseOutcome {
  const acc = sheetAccumulator(raw);
  const { records } = raw;
  for (let i = 0; i < records.length; i++) {
    if (!acc.push(records[i]!, i)) break;
    // Let the record arrays go as they are copied into the table (xlsx reader's arrays are ours to drop).
    (records as (string[] | undefined)[])[i] = undefined;
  }
  return acc.finish();
}
