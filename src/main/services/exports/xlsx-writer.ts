import type ExcelJS from 'exceljs';
import type { ExportCell, ExportColumn, ExportTable } from '../../../shared/domain/export-table';
import { istWallClock } from '../../../shared/domain/ist';
import { paiseToDecimal } from '../../../shared/domain/money';
import { checkAbort, openTempStream, writeAtomically } from './atomic-file';
import { headerText, neutraliseCell, toDate } from './cell-format';
import type { Row, RowChunks, StreamOptions, StreamSheet } from './csv-writer';

/**
 * The one XLSX writer (exports, error reports, templates, audit packs, the CLI): exceljs's streaming workbook
 * writer, so a million-row export never holds its rows in memory. Written through a temp file beside the target.
 */

/** Text format: Excel keeps the cell as typed text, so account numbers and UTRs keep every digit and leading zero. */
export const TEXT_FORMAT = '@';
/** Indian digit grouping (1,23,45,678.00) — Excel has no locale code for lakhs, so we use the conditional format. */
export const MONEY_FORMAT = '[>=10000000]##\\,##\\,##\\,##0.00;[>=100000]##\\,##\\,##0.00;##,##0.00';
export const DATE_FORMAT = 'dd-mmm-yyyy hh:mm:ss';

const FORMATS: Record<ExportColumn['type'], string> = { text: TEXT_FORMAT, money: MONEY_FORMAT, date: DATE_FORMAT };

/**
 * A cell value for exceljs. Money: integer paise → the exact decimal text → a number, so the XML holds exactly
 * "1234.5" (the spreadsheet needs numbers to SUM). Dates: shifted so Excel (which has no zones) shows IST.
 */
export function xlsxValue(column: ExportColumn, value: ExportCell): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'money':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return Number(paiseToDecimal(value));
      return neutraliseCell(String(value));
    case 'date': {
      const d = toDate(value);
      return d ? istWallClock(d) : neutraliseCell(String(value));
    }
    case 'text':
      return neutraliseCell(value instanceof Date ? value.toISOString() : String(value));
  }
}

function defaultWidth(column: ExportColumn): number {
  if (column.width) return column.width;
  if (column.type === 'date') return 20;
  if (column.type === 'money') return 16;
  return Math.min(40, Math.max(12, column.header.length + 2));
}

/** Excel refuses some sheet names: over 31 characters, the characters [ ] : * ? / \, or the reserved "History". */
export function safeSheetName(name: string | undefined, fallback = 'Sheet1'): string {
  const cleaned = (name ?? '')
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31)
    .replace(/^'|'$/g, '');
  if (!cleaned) return fallback;
  return cleaned.toLowerCase() === 'history' ? 'History export' : cleaned;
}

export type XlsxOptions = StreamOptions & {
  /** Further sheets after the first (e.g. "Instructions" in a template). */
  extraSheets?: readonly ExportTable[];
  /** Workbook created/modified date; fixed for reproducible files (templates, fixtures). Default: now. */
  date?: Date;
};

type Sheet = ExcelJS.Worksheet & { commit(): void };

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: StreamSheet, fallback: string) {
  const columns = sheet.columns;
  const ws = workbook.addWorksheet(safeSheetName(sheet.sheetName, fallback), {
    views: [{ state: 'frozen', ySplit: 1 }],
  }) as Sheet;
  ws.columns = columns.map((c) => ({
    header: headerText(c.header),
    width: defaultWidth(c),
    style: { numFmt: FORMATS[c.type] },
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  // The header cells are text too.
  header.eachCell((cell) => {
    cell.numFmt = TEXT_FORMAT;
  });
  header.commit();
  const add = (row: Row, bold: boolean) => {
    const added = ws.addRow(columns.map((c, i) => xlsxValue(c, row[i])));
    // exceljs copies column styles only to cells it creates from the column: set each cell's format.
    columns.forEach((c, i) => {
      added.getCell(i + 1).numFmt = FORMATS[c.type];
    });
    if (bold) added.font = { bold: true };
    added.commit();
  };
  return { ws, add };
}

/** Streams an .xlsx workbook (the sheet, then any extra sheets) to `path`; returns the number of data rows. */
export async function writeXlsx(
  path: string,
  sheet: StreamSheet,
  chunks: RowChunks,
  opts: XlsxOptions = {},
): Promise<number> {
  // Loaded on first use: exceljs is hundreds of modules, and every CLI command and app start would pay for
  // them even when no workbook is written.
  const { default: excel } = await import('exceljs');
  return writeAtomically(path, async (temp) => {
    const { stream, failure: streamFailure } = await openTempStream(temp);
    const workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    workbook.creator = 'EnKash Payout Desk';
    workbook.created = workbook.modified = opts.date ?? new Date();
    const first = addSheet(workbook, sheet, 'Sheet1');
    let written = 0;
    let failure: unknown = null;
    try {
      checkAbort(opts.signal);
      for await (const chunk of chunks) {
        checkAbort(opts.signal);
        for (const row of chunk) first.add(row, false);
        written += chunk.length;
        opts.onRows?.(written);
        // Let the zip stream drain between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
      checkAbort(opts.signal);
      for (const row of opts.footer?.() ?? []) first.add(row, true);
    } catch (error) {
      failure = error;
    }
    try {
      // Even a failed workbook is closed properly (so its file handle is released) before the temp is deleted.
      first.ws.commit();
      if (!failure) {
        (opts.extraSheets ?? []).forEach((extra, i) => {
          const more = addSheet(workbook, extra, `Sheet${i + 2}`);
          for (const row of extra.rows) more.add(row, false);
          more.ws.commit();
        });
      }
      await workbook.commit();
    } catch (error) {
      failure ??= error;
      stream.destroy();
    }
    failure ??= streamFailure();
    if (failure) throw failure;
    return written;
  });
}
