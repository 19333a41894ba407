import readXlsxFile from 'read-excel-file/universal';
import { expandNumericText } from '../rules/excel-damage';
import { toUint8Array } from './decode';
import type { ParseOptions, ParseOutcome } from './parsed-sheet';
import { buildParsedSheet } from './sheet-builder';
import { storedArchive, unzipWorkbook, ZIP_LIMITS, type UnzipOutcome } from './unzip-workbook';

/**
 * XLSX via read-excel-file's `universal` build: it takes an ArrayBuffer and needs neither Node APIs nor the DOM,
 * so the same code runs in the renderer's Web Worker and in Node (CLI, main, tests). We unzip first ourselves
 * (./unzip-workbook: fflate's synchronous unzip, with zip-bomb limits) and hand it the parts stored uncompressed.
 *
 * Numeric cells come back as the exact text stored in the file (custom `parseNumber`), so we keep every digit
 * the file has and can tell which cells were numbers — the source of Excel's account-number damage.
 */

/** Marks a value that came from a numeric cell; `text` is the number exactly as stored in the XML. */
class NumericCell {
  constructor(readonly text: string) {}
}

type XlsxValue = string | number | boolean | Date | NumericCell | null;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Dates are cells too (a payment date column, say); we keep them as ISO text. Excel dates carry no zone. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}` : day;
}

/**
 * Numbers already written the way expandNumericText writes them (no exponent, sign only when non-zero, no
 * leading or trailing zeros): most cells of a real sheet. They skip its regex-and-slices; the result is the same.
 */
const PLAIN_NUMBER = /^(?:-?[1-9]\d*(?:\.\d*[1-9])?|-?0\.\d*[1-9]|0)$/;

/** A numeric cell's text as shown: expandNumericText's, reached without it for plain numbers. */
export function numericCellText(text: string): string {
  return PLAIN_NUMBER.test(text) ? text : expandNumericText(text);
}

function cellText(value: XlsxValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof NumericCell) return numericCellText(value.text);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  return String(value);
}

const DAMAGED = 'the workbook is damaged (it is not a valid .xlsx archive)';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer)
    return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
/** Part names come from the file itself: shown without control characters and at most 80 characters long. */
const part = (name = '') => `"${name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 80)}"`;

/** The file-level message for a workbook the unzip step refused; each limit says which one was hit. */
function unzipFailure(outcome: Extract<UnzipOutcome, { ok: false }>, fileName: string): string {
  const tooLarge = (what: string) =>
    `${fileName} is too large to read (${what}). Save it as CSV or split it into smaller files.`;
  switch (outcome.limit) {
    case 'entries':
      return (
        `${fileName} cannot be read: it holds more than ${ZIP_LIMITS.maxEntries.toLocaleString('en-IN')} files ` +
        'inside, far more than any workbook (it may be damaged or not a real .xlsx file).'
      );
    case 'entry-size':
      return tooLarge(
        `${part(outcome.entry)} unpacks to ${mb(outcome.declaredBytes ?? 0)} MB; the limit is ${mb(ZIP_LIMITS.maxEntryBytes)} MB per part`,
      );
    case 'total-size':
      return tooLarge(`it unpacks to more than ${mb(ZIP_LIMITS.maxTotalBytes)} MB in total`);
    case 'ratio':
      return (
        `${fileName} cannot be read: ${part(outcome.entry)} is compressed more than ${ZIP_LIMITS.maxRatio}:1, ` +
        'which no real workbook is (it looks like a zip bomb).'
      );
    case 'damaged':
      return outcome.entry
        ? `${fileName} cannot be read: the workbook is damaged (${part(outcome.entry)} does not unpack to the size its header declares).`
        : `${fileName} cannot be read: ${DAMAGED}.`;
  }
}

/**
 * Unzips with limits and re-packs the XML parts stored, or says why the file cannot be read. The caller
 * (parseSheetBytes) has already routed only zip bytes here; an old .xls never reaches this point.
 */
function prepareArchive(bytes: Uint8Array, fileName: string): { ok: true; archive: ArrayBuffer } | ParseOutcome {
  const unzipped = unzipWorkbook(bytes);
  if (!unzipped.ok) return { ok: false, error: { code: 'file_unreadable', message: unzipFailure(unzipped, fileName) } };
  return { ok: true, archive: toArrayBuffer(storedArchive(unzipped.entries)) };
}

/** Reads the first non-empty sheet of an .xlsx file, every cell as text, and says which sheet was used. */
export async function parseXlsxBytes(
  input: Uint8Array | ArrayBuffer,
  fileName: string,
  options: ParseOptions = {},
): Promise<ParseOutcome> {
  const bytes = toUint8Array(input);
  options.onProgress?.({ phase: 'reading', fraction: 0, rows: 0 });
  if (bytes.length === 0) return { ok: false, error: { code: 'file_empty', message: 'The file is empty (0 bytes).' } };
  let sheets: { sheet: string; data: XlsxValue[][] }[];
  try {
    const prepared = prepareArchive(bytes, fileName);
    if (!('archive' in prepared)) return prepared;
    sheets = (await readXlsxFile(prepared.archive, {
      parseNumber: (text: string) => new NumericCell(text),
    })) as unknown as typeof sheets;
  } catch {
    // After our unzip, read-excel-file fails only on the workbook's XML (missing parts, broken markup).
    return {
      ok: false,
      error: {
        code: 'file_unreadable',
        message: `${fileName} cannot be read: the workbook could not be read (it may be damaged, password-protected or not an .xlsx file).`,
      },
    };
  }
  options.onProgress?.({ phase: 'parsing', fraction: 0.5, rows: 0 });
  const sheetNames = sheets.map((s) => s.sheet);
  const chosen = sheets.find((s) => s.data.some((row) => row.some((v) => cellText(v).trim() !== '')));
  if (!chosen) {
    return {
      ok: false,
      error: { code: 'file_empty', message: `The workbook has no data: all ${sheets.length} sheet(s) are empty.` },
    };
  }
  // Cells become text in place: the row arrays read-excel-file built are reused as our records, so a
  // 100,000-row sheet is not held twice over (and the garbage collector has half the arrays to trace).
  const numeric: (Record<number, string> | undefined)[] = [];
  const records = chosen.data as unknown as string[][];
  for (let r = 0; r < chosen.data.length; r++) {
    const row = chosen.data[r]!;
    let meta: Record<number, string> | undefined;
    for (let c = 0; c < row.length; c++) {
      const value = row[c]!;
      if (value instanceof NumericCell) (meta ??= {})[c] = value.text;
      (row as unknown as string[])[c] = cellText(value);
    }
    numeric[r] = meta;
  }
  const notes = [
    `Read sheet "${chosen.sheet}"${sheets.length > 1 ? ` (the first non-empty of ${sheets.length} sheets)` : ''}.`,
  ];
  const outcome = buildParsedSheet({
    records,
    // read-excel-file keeps empty rows above and between data rows, so record i is Excel row i + 1.
    rowNumberOf: (i) => i + 1,
    numericOf: (i) => numeric[i],
    base: { kind: 'xlsx', fileName, sheetName: chosen.sheet, sheetNames },
    notes,
  });
  options.onProgress?.({ phase: 'done', fraction: 1, rows: outcome.ok ? outcome.sheet.rowNumbers.length : 0 });
  return outcome;
}
