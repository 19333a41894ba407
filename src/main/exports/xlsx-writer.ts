import ExcelJS from 'exceljs';
import { rename, unlink } from 'node:fs/promises';
import type { ExportCell, ExportColumn, ExportTable } from '../../shared/domain/export-table';
import { paiseToDecimal } from '../../shared/domain/money';
import { istWallClock } from '../../shared/domain/ist';
import { headerText, neutraliseCell, toDate } from './cell-format';

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

const SHEET_OPTIONS = { views: [{ state: 'frozen' as const, ySplit: 1 }] };

function configure(sheet: ExcelJS.Worksheet, table: ExportTable): void {
  sheet.columns = table.columns.map((c) => ({
    header: headerText(c.header),
    width: defaultWidth(c),
    style: { numFmt: FORMATS[c.type] },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  // The header cells are text too.
  header.eachCell((cell) => {
    cell.numFmt = TEXT_FORMAT;
  });
}

function rowValues(table: ExportTable, row: readonly ExportCell[]): (string | number | Date | null)[] {
  return table.columns.map((column, i) => xlsxValue(column, row[i]));
}

export type XlsxOptions = {
  /** Further sheets after the first (e.g. "Instructions" in a template). */
  extraSheets?: ExportTable[];
  /** Workbook created/modified date; fixed for reproducible files (templates, fixtures). Default: now. */
  date?: Date;
};

/** The table as an .xlsx file in memory (error reports, templates). */
export async function xlsxBytes(table: ExportTable, options: XlsxOptions = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'EnKash Payout Desk';
  workbook.created = workbook.modified = options.date ?? new Date();
  for (const t of [table, ...(options.extraSheets ?? [])]) {
    const sheet = workbook.addWorksheet(safeSheetName(t.sheetName), SHEET_OPTIONS);
    configure(sheet, t);
    for (const row of t.rows) {
      const added = sheet.addRow(rowValues(t, row));
      // Re-apply per-cell formats: exceljs copies column styles only to cells it creates from the column.
      t.columns.forEach((c, i) => {
        added.getCell(i + 1).numFmt = FORMATS[c.type];
      });
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/**
 * Streams the table to an .xlsx file (history exports with many rows) through a `.partial` file renamed at the
 * end, so a crash never leaves a broken workbook under the real name.
 */
export async function writeXlsxFile(path: string, table: ExportTable): Promise<void> {
  const partial = `${path}.partial`;
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: partial,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = 'EnKash Payout Desk';
    const sheet = workbook.addWorksheet(safeSheetName(table.sheetName), SHEET_OPTIONS);
    configure(sheet, table);
    sheet.getRow(1).commit();
    for (const row of table.rows) {
      const added = sheet.addRow(rowValues(table, row));
      table.columns.forEach((c, i) => {
        added.getCell(i + 1).numFmt = FORMATS[c.type];
      });
      added.commit();
    }
    sheet.commit();
    await workbook.commit();
    await rename(partial, path);
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}
