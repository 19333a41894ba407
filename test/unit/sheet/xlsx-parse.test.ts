import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseSheetBytes, parseXlsxBytes } from '../../../src/shared/sheet/index';
import { storedArchive, unzipWorkbook } from '../../../src/shared/sheet/unzip-workbook';
import { fixture, sheetOf } from './helpers';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('XLSX reading', () => {
  it('keeps the exact digits of numeric cells and records which cells were numeric', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-excel-damage.xlsx'), 'd.xlsx'));
    expect(s.kind).toBe('xlsx');
    expect(s.rows.map((r) => r[1])).toEqual([
      '123456789012',
      '12345678901234568',
      '1234567',
      '000123456789',
      '9876543210123456',
      '1.23457E+15',
      '223456789012',
      '323456789012',
    ]);
    expect(s.rows[6]![3]).toBe('1180.0000000000002');
    expect(s.rows[7]![3]).toBe('2500.5');
    expect(s.numericCells[0]).toEqual({ 1: '123456789012', 3: '1500' });
    expect(s.numericCells[3]).toEqual({ 3: '1500' });
    expect(s.numericCells[5]).toEqual({ 3: '1500' });
  });

  it('reads the first non-empty sheet, names it, and finds a header under a title', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-second-sheet.xlsx'), 's.xlsx'));
    expect(s.sheetName).toBe('March Payouts');
    expect(s.sheetNames).toEqual(['Cover', 'March Payouts', 'Notes']);
    expect(s.notes[0]).toBe('Read sheet "March Payouts" (the first non-empty of 3 sheets).');
    expect(s.headerRowNumber).toBe(3);
    expect(s.rowNumbers).toEqual([4, 6]);
    expect(s.rows).toEqual([
      ['Ravi Kumar', '123456789012', 'SBIN0000300', '45000'],
      ['Priya Sharma', '223456789012', 'HDFC0000240', '52500.5'],
    ]);
  });

  it('takes cached formula results; formula errors and uncomputed formulas read as blank', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-formulas.xlsx'), 'f.xlsx'));
    expect(s.rows[0]![4]).toBe('3000');
    expect(s.rows[1]![0]).toBe('Priya Sharma');
    expect(s.rows[1]![4]).toBe('');
    expect(s.rows[1]![5]).toBe('=HYPERLINK("http://x.example","click")');
    expect(s.rows[2]![4]).toBe('');
  });

  it('turns booleans and dates into text', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['Name', 'Amount', 'Paid', 'Date']);
      ws.addRow(['Ravi', 100, true, new Date(Date.UTC(2025, 2, 31))]);
      ws.addRow(['Priya', 200, false, new Date(Date.UTC(2025, 2, 31, 14, 5, 9))]);
    });
    const s = sheetOf(await parseXlsxBytes(bytes, 'b.xlsx'));
    expect(s.rows).toEqual([
      ['Ravi', '100', 'TRUE', '2025-03-31'],
      ['Priya', '200', 'FALSE', '2025-03-31 14:05:09'],
    ]);
  });

  it('says when every sheet is empty', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('One');
      wb.addWorksheet('Two');
    });
    const out = await parseXlsxBytes(bytes, 'e.xlsx');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatchObject({ code: 'file_empty' });
  });

  it('reads a workbook whose sheet XML is over 512 KB, inflating it outside fflate workers', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Big');
      ws.addRow(['Name', 'Account Number', 'IFSC', 'Amount', 'Remarks']);
      for (let i = 0; i < 12_000; i++)
        ws.addRow([`Payee ${i}`, String(100000000000 + i), 'SBIN0000300', 1000 + i, `Salary ${i}`]);
    });
    const prepared = unzipWorkbook(bytes);
    expect(prepared.ok).toBe(true);
    // The parts are handed to read-excel-file stored (uncompressed), so the archive grew.
    expect(prepared.ok && storedArchive(prepared.entries).length).toBeGreaterThan(bytes.length * 2);
    const s = sheetOf(await parseXlsxBytes(bytes, 'big.xlsx'));
    expect(s.rows).toHaveLength(12_000);
    expect(s.rows[11_999]).toEqual(['Payee 11999', '100000011999', 'SBIN0000300', '12999', 'Salary 11999']);
  });
});

/** A one-entry zip built by hand, with the declared sizes under our control. */
function zipWithEntry(name: string, data: Uint8Array, declaredSize: number, method: 0 | 8): Uint8Array {
  const n = new TextEncoder().encode(name);
  const local = new Uint8Array(30 + n.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(8, method, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, declaredSize, true);
  lv.setUint16(26, n.length, true);
  local.set(n, 30);
  const central = new Uint8Array(46 + n.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(10, method, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, declaredSize, true);
  cv.setUint16(28, n.length, true);
  central.set(n, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + data.length, true);
  const out = new Uint8Array(local.length + data.length + central.length + end.length);
  out.set(local, 0);
  out.set(data, local.length);
  out.set(central, local.length + data.length);
  out.set(end, local.length + data.length + central.length);
  return out;
}

describe('zip pre-inflation guard', () => {
  it('refuses a sheet that claims to unpack to more than 500 MB (zip bomb)', async () => {
    const bomb = zipWithEntry('xl/worksheets/sheet1.xml', new Uint8Array(10), 600 * 1024 * 1024, 8);
    const out = unzipWorkbook(bomb);
    expect(out.ok).toBe(false);
    const parsed = await parseSheetBytes(bomb, 'bomb.xlsx');
    expect(!parsed.ok && parsed.error.code).toBe('file_unreadable');
    expect(!parsed.ok && parsed.error.message).toMatch(/too large/);
  });

  it('unzips small workbooks and never throws on junk', async () => {
    const small = fixture('payouts-mixed.xlsx');
    const out = unzipWorkbook(small);
    expect(out.ok && Object.keys(out.entries)).toContain('xl/workbook.xml');
    const junk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(unzipWorkbook(junk)).toEqual({ ok: false, limit: 'damaged' });
    // Declares 300 KB but the deflate data is garbage: reported as damaged, never thrown.
    const lying = zipWithEntry('xl/worksheets/sheet1.xml', new Uint8Array([1, 2, 3, 4]), 300 * 1024, 8);
    const passed = unzipWorkbook(lying);
    expect(passed).toMatchObject({ ok: false, limit: 'damaged' });
    const parsed = await parseSheetBytes(lying, 'lying.xlsx');
    expect(parsed.ok).toBe(false);
  });
});
