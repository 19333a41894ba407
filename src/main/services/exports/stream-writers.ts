import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { AppError } from '../../../shared/ipc/errors';
import type { ExportCell, ExportColumn } from '../../../shared/domain/export-table';
import { cellText, headerText } from '../../exports/cell-format';
import { csvLine, UTF8_BOM } from '../../exports/csv-writer';
import { DATE_FORMAT, MONEY_FORMAT, safeSheetName, TEXT_FORMAT, xlsxValue } from '../../exports/xlsx-writer';

/**
 * Streaming CSV/XLSX writers for long exports: rows arrive in chunks from an (async) source, progress is
 * reported per chunk, an AbortSignal cancels, and totals rows follow the data. Cell rules are the shared ones
 * of src/main/exports (cellText / xlsxValue: formula-like cells neutralised, ids and account numbers as text
 * cells, money from integer paise, dates in IST), so an export reads exactly like every other file we write.
 * Both write to `<path>.partial` and rename at the end: a crash or a cancel never leaves a half file behind.
 */

export type Row = readonly ExportCell[];
export type RowChunks = Iterable<readonly Row[]> | AsyncIterable<readonly Row[]>;

export type StreamSheet = { sheetName?: string; columns: readonly ExportColumn[] };

export type StreamOptions = {
  signal?: AbortSignal;
  /** Called after each chunk with the number of data rows written so far. */
  onRows?: (written: number) => void;
  /** Rows after the data (totals), read once the data is written; bold in XLSX. */
  footer?: () => readonly Row[];
};

export function cancelled(): AppError {
  return new AppError('cancelled', 'The export was cancelled; no file was written.');
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

/** Streams CSV (UTF-8 with BOM, CRLF) to `path`; returns the number of data rows. */
export async function writeCsvStream(
  path: string,
  sheet: StreamSheet,
  chunks: RowChunks,
  opts: StreamOptions = {},
): Promise<number> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const columns = sheet.columns;
  const line = (row: Row) => csvLine(columns.map((c, i) => cellText(c, row[i])));
  let written = 0;
  let buffer = UTF8_BOM + csvLine(columns.map((c) => headerText(c.header)));
  const flush = async () => {
    if (buffer.length === 0) return;
    const ok = out.write(buffer);
    buffer = '';
    if (!ok) await once(out, 'drain');
  };
  try {
    checkAbort(opts.signal);
    for await (const chunk of chunks) {
      checkAbort(opts.signal);
      for (const row of chunk) {
        buffer += line(row);
        if (buffer.length >= 1 << 16) await flush();
      }
      written += chunk.length;
      opts.onRows?.(written);
    }
    checkAbort(opts.signal);
    for (const row of opts.footer?.() ?? []) buffer += line(row);
    await flush();
    out.end();
    await once(out, 'finish');
    await rename(partial, path);
    return written;
  } catch (error) {
    out.destroy();
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}

const FORMATS: Record<ExportColumn['type'], string> = { text: TEXT_FORMAT, money: MONEY_FORMAT, date: DATE_FORMAT };

function width(c: ExportColumn): number {
  if (c.width) return c.width;
  if (c.type === 'date') return 20;
  if (c.type === 'money') return 16;
  return Math.min(40, Math.max(12, c.header.length + 2));
}

/** Streams an .xlsx workbook with one sheet to `path`; returns the number of data rows. */
export async function writeXlsxStream(
  path: string,
  sheet: StreamSheet,
  chunks: RowChunks,
  opts: StreamOptions = {},
): Promise<number> {
  const partial = `${path}.partial`;
  const columns = sheet.columns;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: partial,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'EnKash Payout Desk';
  const ws = workbook.addWorksheet(safeSheetName(sheet.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: headerText(c.header),
    width: width(c),
    style: { numFmt: FORMATS[c.type] },
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
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
  let written = 0;
  let failure: unknown = null;
  try {
    checkAbort(opts.signal);
    for await (const chunk of chunks) {
      checkAbort(opts.signal);
      for (const row of chunk) add(row, false);
      written += chunk.length;
      opts.onRows?.(written);
      // Let the zip stream drain between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    checkAbort(opts.signal);
    for (const row of opts.footer?.() ?? []) add(row, true);
  } catch (error) {
    failure = error;
  }
  try {
    // Even a cancelled workbook is closed properly (so its file handle is released) before it is deleted.
    ws.commit();
    await workbook.commit();
  } catch (error) {
    failure ??= error;
  }
  if (failure) {
    await unlink(partial).catch(() => undefined);
    throw failure;
  }
  await rename(partial, path);
  return written;
}
