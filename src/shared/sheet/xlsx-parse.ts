import readXlsxFile from 'read-excel-file/universal';
import { expandNumericText } from '../rules/excel-damage';
import { toUint8Array } from './decode';
import type { ParseOptions, ParseOutcome } from './parsed-sheet';
import { buildParsedSheet } from './sheet-builder';
import { inlineLargeEntries } from './zip-inflate';

/**
 * XLSX via read-excel-file's `universal` build: it takes an ArrayBuffer and needs neither Node APIs nor the DOM,
 * so the same code runs in the renderer's Web Worker and in Node (CLI, main, tests).
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

function cellText(value: XlsxValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof NumericCell) return expandNumericText(value.text);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  return String(value);
}

const FRIENDLY: Record<string, string> = {
  XLS_FILE_NOT_SUPPORTED:
    'it is an old Excel 97–2003 (.xls) workbook; open it in Excel and save it as .xlsx or "CSV UTF-8"',
  FILE_NOT_SUPPORTED: 'it is not an Excel .xlsx workbook',
  NO_DATA: 'it is empty',
  INVALID_ZIP: 'the workbook is damaged (it is not a valid .xlsx archive)',
};

function describeError(error: unknown): { unsupported: boolean; reason: string } {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code && FRIENDLY[code]) return { unsupported: code === 'XLS_FILE_NOT_SUPPORTED', reason: FRIENDLY[code] };
  return {
    unsupported: false,
    reason: 'the workbook could not be read (it may be damaged, password-protected or not an .xlsx file)',
  };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer)
    return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
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
    const prepared = await inlineLargeEntries(bytes);
    if (!prepared.ok) {
      return {
        ok: false,
        error: {
          code: 'file_unreadable',
          message: `${fileName} is too large to read (${prepared.reason}). Save it as CSV or split it into smaller files.`,
        },
      };
    }
    sheets = (await readXlsxFile(toArrayBuffer(prepared.bytes), {
      parseNumber: (text: string) => new NumericCell(text),
    })) as unknown as typeof sheets;
  } catch (error) {
    const { unsupported, reason } = describeError(error);
    return {
      ok: false,
      error: {
        code: unsupported ? 'file_unsupported' : 'file_unreadable',
        message: `${fileName} cannot be read: ${reason}.`,
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
  const numeric: (Record<number, string> | undefined)[] = [];
  const records = chosen.data.map((row, r) => {
    let meta: Record<number, string> | undefined;
    const out = row.map((value, c) => {
      if (value instanceof NumericCell) (meta ??= {})[c] = value.text;
      return cellText(value);
    });
    numeric[r] = meta;
    return out;
  });
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
  options.onProgress?.({ phase: 'done', fraction: 1, rows: outcome.ok ? outcome.sheet.rows.length : 0 });
  return outcome;
}
