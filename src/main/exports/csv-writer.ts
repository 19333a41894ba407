import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { ExportTable } from '../../shared/domain/export-table';
import { cellText, headerText } from './cell-format';

/** Excel only detects UTF-8 (₹, names with accents) when the file starts with a BOM. */
export const UTF8_BOM = '\ufeff';

function quote(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as Excel writes them). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(quote).join(',')}\r\n`;
}

function* lines(table: ExportTable): Generator<string> {
  yield csvLine(table.columns.map((c) => headerText(c.header)));
  for (const row of table.rows) yield csvLine(table.columns.map((column, i) => cellText(column, row[i])));
}

/** The table as CSV text with a UTF-8 BOM, cells typed per column and formula-like cells neutralised. */
export function toCsv(table: ExportTable): string {
  let out = UTF8_BOM;
  for (const line of lines(table)) out += line;
  return out;
}

/** The CSV as UTF-8 bytes (BOM included). */
export function csvBytes(table: ExportTable): Uint8Array {
  return new TextEncoder().encode(toCsv(table));
}

/**
 * Streams the CSV to `path` (for big history exports): written to a `.partial` file first and renamed at the end,
 * so a crash never leaves a half-written file under the real name.
 */
export async function writeCsvFile(path: string, table: ExportTable): Promise<void> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  try {
    let buffer = UTF8_BOM;
    for (const line of lines(table)) {
      buffer += line;
      if (buffer.length >= 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'finish');
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}
