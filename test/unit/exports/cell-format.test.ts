import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, neutraliseCell } from '../../../src/main/services/exports/cell-format';
import type { ExportTable } from '../../../src/shared/domain/export-table';
import { writtenCsv, writtenXlsx } from './written';

/**
 * Issue 17 point 11: a cell starting with = + - @, tab or CR is neutralised unless the whole cell is a plain
 * number — "-2000" (a refund line, a negative adjustment) stays a number Excel can sum, "-2+3" is a formula.
 */
describe('neutraliseCell', () => {
  it.each([
    ['-2000', '-2000'],
    ['-2000.50', '-2000.50'],
    ['-0.05', '-0.05'],
    ['2000', '2000'],
    ['Ravi = Kumar', 'Ravi = Kumar'],
    ['', ''],
  ])('leaves %j alone', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each([
    ['-2+3', "'-2+3"],
    ['-2000 ', "'-2000 "],
    ['-1e5', "'-1e5"],
    ['--5', "'--5"],
    ['-', "'-"],
    ['-.5', "'-.5"],
    ['+91', "'+91"],
    ['+2000', "'+2000"],
    ['=1+1', "'=1+1"],
    ['=-2000', "'=-2000"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t-2000', "'\t-2000"],
    ['\r=1', "'\r=1"],
    ['-2000\r\n=1', "'-2000\r\n=1"],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it('applies to text and unparseable date cells alike', () => {
    expect(cellText({ header: 'x', type: 'text' }, '-2000')).toBe('-2000');
    expect(cellText({ header: 'x', type: 'text' }, '-2+3')).toBe("'-2+3");
    expect(cellText({ header: 'x', type: 'date' }, '-2+3')).toBe("'-2+3");
  });
});

const table: ExportTable = {
  sheetName: 'Report',
  columns: [
    { header: 'Adjustment', type: 'text' },
    { header: 'Note', type: 'text' },
  ],
  rows: [
    ['-2000', '-2+3'],
    ['-2000.50', '@SUM(A1)'],
  ],
};

describe('every export writer uses the one rule', () => {
  it('CSV', async () => {
    const lines = (await writtenCsv(table)).slice(1).split('\r\n');
    expect(lines[1]).toBe("-2000,'-2+3");
    expect(lines[2]).toBe("-2000.50,'@SUM(A1)");
  });

  it('XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writtenXlsx(table)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['-2000', "'-2+3"]);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['-2000.50', "'@SUM(A1)"]);
  });
});
