import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../src/main/services/exports/csv-writer';
import { writeTableFile } from '../../../src/main/services/exports/table-file';
import { writeXlsx } from '../../../src/main/services/exports/xlsx-writer';
import type { ExportTable } from '../../../src/shared/domain/export-table';
import { writtenCsv, writtenXlsx as xlsxBytes } from './written';

/**
 * Issue 9 point 10: header cells are neutralised like data cells. Headers are not always ours: error reports
 * and re-exports carry the column names of the user's own sheet, and a header "=HYPERLINK(…)" is a formula.
 */

const dir = mkdtempSync(join(tmpdir(), 'export-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = ['=HYPERLINK("http://x","y")', '+91', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
const NEUTRAL = HOSTILE.map((h) => `'${h}`);
const table: ExportTable = {
  sheetName: 'Report',
  columns: [...HOSTILE.map((header) => ({ header, type: 'text' as const })), { header: 'Name', type: 'text' }],
  rows: [['a', 'b', 'c', 'd', 'e', 'f', 'Asha']],
};

async function headerRow(bytes: Uint8Array | Buffer): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const values = wb.worksheets[0]!.getRow(1).values as unknown[];
  return values.slice(1);
}

function csvHeader(text: string): string {
  return text.slice(1, text.indexOf('\r\n'));
}

const expectedCsvHeader = `"'=HYPERLINK(""http://x"",""y"")",'+91,'-2+3,'@SUM(A1),'\t=1,"'\r=1",Name`;

describe('CSV header cells are neutralised', () => {
  it('a table written in one go', async () => {
    expect(csvHeader(await writtenCsv(table))).toBe(expectedCsvHeader);
  });

  it('writeTableFile', async () => {
    const file = join(dir, 'a.csv');
    await writeTableFile(file, 'csv', table);
    expect(csvHeader(readFileSync(file, 'utf8'))).toBe(expectedCsvHeader);
  });

  it('writeCsv streamed in chunks (history exports)', async () => {
    const file = join(dir, 'b.csv');
    await writeCsv(file, table, [table.rows.slice(0, 0), table.rows]);
    expect(csvHeader(readFileSync(file, 'utf8'))).toBe(expectedCsvHeader);
  });
});

// XML parsers normalise a CR to LF on reading, so the CR header reads back with a LF after the apostrophe.
const NEUTRAL_XLSX = NEUTRAL.map((h) => h.replace('\r', '\n'));

describe('XLSX header cells are neutralised', () => {
  it('a table written in one go', async () => {
    expect(await headerRow(await xlsxBytes(table))).toEqual([...NEUTRAL_XLSX, 'Name']);
  });

  it('writeTableFile', async () => {
    const file = join(dir, 'a.xlsx');
    await writeTableFile(file, 'xlsx', table);
    expect(await headerRow(readFileSync(file))).toEqual([...NEUTRAL_XLSX, 'Name']);
  });

  it('writeXlsx streamed in chunks (history exports)', async () => {
    const file = join(dir, 'b.xlsx');
    await writeXlsx(file, table, [table.rows.slice(0, 0), table.rows]);
    expect(await headerRow(readFileSync(file))).toEqual([...NEUTRAL_XLSX, 'Name']);
  });
});
