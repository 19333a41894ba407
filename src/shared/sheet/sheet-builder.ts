import type { FileIssue } from '../domain/issue';
import { IFSC_PATTERN } from '../rules/ifsc';
import type { SheetFooter } from './footer';
import { footerColumns, footerOf } from './footer';
import { fieldForHeader } from './header-synonyms';
import type { ParsedSheet, ParseOutcome, ParseRowProblem } from './parsed-sheet';
import { MAX_COLUMNS, MAX_DATA_ROWS } from './parsed-sheet';

/** How far down we look for the header row (title rows like "Salary — March 2025" may sit above it). */
const HEADER_SEARCH_ROWS = 20;

export type RawSheet = {
  /** Every record as read, blank ones included; mutated in place (padded) to save memory on big files. */
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

/** Finds the header row, drops blank rows and total rows (see footer.ts), and checks the file-level limits. */
export function buildParsedSheet(raw: RawSheet): ParseOutcome {
  const { records } = raw;
  const candidates: number[] = [];
  for (let i = 0; i < records.length && candidates.length < HEADER_SEARCH_ROWS; i++) {
    if (!isBlankRecord(records[i]!)) candidates.push(i);
  }
  const first = candidates[0];
  if (first === undefined) {
    return { ok: false, error: { code: 'file_empty', message: 'The file has no data: every row is blank.' } };
  }
  let headerIndex =
    candidates.find((i) => knownFieldCount(records[i]!) >= 2) ??
    candidates.find((i) => knownFieldCount(records[i]!) === 1);
  if (headerIndex === undefined) {
    if (looksLikeData(records[first]!)) {
      const error: FileIssue = {
        code: 'header_missing',
        message: `Row ${raw.rowNumberOf(first)} looks like data, not a header row. Add a header row (e.g. Name, Account Number, IFSC, Amount) above the data. Values found: ${shownColumns(records[first]!)}.`,
        columnsFound: [],
      };
      return { ok: false, error };
    }
    headerIndex = first;
  }
  const headerRecord = records[headerIndex]!;
  let width = lastNonBlank(headerRecord) + 1;
  let dataRows = 0;
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i]!;
    if (isBlankRecord(record)) continue;
    dataRows++;
    if (dataRows > MAX_DATA_ROWS) {
      return {
        ok: false,
        error: {
          code: 'too_many_rows',
          message: `The sheet has more than ${MAX_DATA_ROWS.toLocaleString('en-IN')} data rows. Split it into smaller files.`,
          columnsFound: headerRecord.slice(0, width).map((h) => h.trim()),
        },
      };
    }
    if (record.length > width) width = Math.max(width, lastNonBlank(record) + 1);
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

  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const numericCells: (Record<number, string> | undefined)[] = [];
  const rowProblems: ParseRowProblem[] = [];
  const footers: SheetFooter[] = [];
  const columns = footerColumns(headers);
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i]!;
    if (isBlankRecord(record)) continue;
    if (record.length > width) record.length = width;
    while (record.length < width) record.push('');
    const rowNumber = raw.rowNumberOf(i);
    const footer = footerOf(record, columns, rowNumber);
    if (footer) {
      footers.push(footer);
      continue;
    }
    rows.push(record);
    rowNumbers.push(rowNumber);
    numericCells.push(raw.numericOf?.(i));
    const problem = raw.problemsAt?.get(i);
    if (problem) rowProblems.push({ ...problem, row: rowNumber });
  }
  if (rows.length === 0) {
    return {
      ok: false,
      error: {
        code: 'file_empty',
        message: `The file has a header row and total rows but no payee rows. Columns found: ${shownColumns(headers)}.`,
        columnsFound: headers,
      },
    };
  }
  const notes = [...raw.notes];
  const headerRowNumber = raw.rowNumberOf(headerIndex);
  if (headerIndex !== first || headerRowNumber !== 1) {
    notes.push(`The header was found on row ${headerRowNumber}; the rows above it were skipped.`);
  }
  notes.push(...footerNotes(footers));
  const sheet: ParsedSheet = {
    ...raw.base,
    headerRowNumber,
    headers,
    rows,
    rowNumbers,
    numericCells,
    notes,
    rowProblems,
  };
  if (footers.length > 0) sheet.footers = footers;
  return { ok: true, sheet };
}
