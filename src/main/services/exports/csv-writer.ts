import { once } from 'node:events';
import type { ExportCell, ExportColumn } from '../../../shared/domain/export-table';
import { checkAbort, openTempStream, writeAtomically } from './atomic-file';
import { cellText, headerText } from './cell-format';

/**
 * The one CSV writer (history exports, batch and reconciliation exports, error reports, templates, advice
 * e-mail lists, the CLI): rows arrive in chunks from an (async) source, progress is reported per chunk, an
 * AbortSignal cancels, and totals rows follow the data. Cells follow cell-format (formula-like cells
 * neutralised, money from integer paise, dates in IST). Written through a temp file beside the target.
 */

/** Excel only detects UTF-8 (₹, names with accents) when the file starts with a BOM. */
export const UTF8_BOM = '\ufeff';

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

function quote(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as Excel writes them). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(quote).join(',')}\r\n`;
}

/** Streams CSV (UTF-8 with BOM, CRLF) to `path`; returns the number of data rows. */
export async function writeCsv(
  path: string,
  sheet: StreamSheet,
  chunks: RowChunks,
  opts: StreamOptions = {},
): Promise<number> {
  const columns = sheet.columns;
  const line = (row: Row) => csvLine(columns.map((c, i) => cellText(c, row[i])));
  return writeAtomically(path, async (temp) => {
    // `wx`: the temp name is fresh; never write through something already there.
    const { stream: out, failure } = await openTempStream(temp, { encoding: 'utf8' });
    const stopIfFailed = () => {
      const error = failure();
      if (error) throw error;
    };
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
        stopIfFailed();
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
      stopIfFailed();
      out.end();
      await once(out, 'finish');
      return written;
    } catch (error) {
      // Release the handle before writeAtomically deletes the temp (Windows refuses to delete an open file).
      const closed = out.closed ? Promise.resolve() : once(out, 'close').catch(() => undefined);
      out.destroy();
      await closed;
      throw error;
    }
  });
}
