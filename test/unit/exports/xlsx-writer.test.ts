import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MONEY_FORMAT, TEXT_FORMAT } from '../../../src/main/services/exports/xlsx-writer';
import { writeTableFile } from '../../../src/main/services/exports/table-file';
import type { ExportTable } from '../../../src/shared/domain/export-table';
import { parseXlsxBytes } from '../../../src/shared/sheet/xlsx-parse';
import { writtenXlsx as xlsxBytes } from './written';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const table: ExportTable = {
  sheetName: 'History',
  columns: [
    { header: 'Account Number', type: 'text' },
    { header: 'UTR', type: 'text' },
    { header: 'Amount', type: 'money' },
    { header: 'Paid At', type: 'date' },
  ],
  rows: [
    ['000123456789012345', '=cmd|calc', 12345650, new Date('2025-03-31T08:35:09Z')],
    ['123456789012345678901', 'UTR123', 5, null],
  ],
};

async function load(bytes: Uint8Array | Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('XLSX writer', () => {
  it('writes ids as text cells, money as numbers with Indian grouping, dates in IST, formulas neutralised', async () => {
    const ws = await load(await xlsxBytes(table));
    expect(ws.name).toBe('History export');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A1').value).toBe('Account Number');
    expect(ws.getCell('A2').value).toBe('000123456789012345');
    expect(ws.getCell('A2').numFmt).toBe(TEXT_FORMAT);
    expect(ws.getCell('A3').value).toBe('123456789012345678901');
    expect(ws.getCell('B2').value).toBe("'=cmd|calc");
    expect(ws.getCell('C2').value).toBe(123456.5);
    // exceljs drops the backslashes when reading back; the file itself holds MONEY_FORMAT (lakh grouping).
    expect(ws.getCell('C2').numFmt).toBe(MONEY_FORMAT.replace(/\\/g, ''));
    expect(ws.getCell('C3').value).toBe(0.05);
    expect((ws.getCell('D2').value as Date).toISOString()).toBe('2025-03-31T14:05:09.000Z');
    expect(ws.getCell('D3').value).toBeNull();
  });

  it('keeps every digit when our own importer reads it back', async () => {
    const parsed = await parseXlsxBytes(await xlsxBytes(table), 'h.xlsx');
    expect(parsed.ok && parsed.sheet.rows.map((r) => r[0])).toEqual(['000123456789012345', '123456789012345678901']);
    expect(parsed.ok && parsed.sheet.numericCells[0]).toEqual({ 2: '123456.5' });
    expect(parsed.ok && parsed.sheet.rows[0]![3]).toBe('2025-03-31 14:05:09');
  });

  it('streams a large table to a file via a temp name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    dirs.push(dir);
    const big: ExportTable = {
      columns: table.columns,
      rows: Array.from({ length: 5_000 }, (_, i) => [String(i).padStart(16, '0'), `UTR${i}`, i * 100 + 1, null]),
    };
    const path = join(dir, 'history.xlsx');
    await writeTableFile(path, 'xlsx', big);
    expect(readdirSync(dir)).toEqual(['history.xlsx']);
    const ws = await load(readFileSync(path));
    expect(ws.rowCount).toBe(5_001);
    expect(ws.getCell('A5001').value).toBe('0000000000004999');
    expect(ws.getCell('A5001').numFmt).toBe(TEXT_FORMAT);
    expect(ws.getCell('C5001').value).toBe(4999.01);
  });
});
