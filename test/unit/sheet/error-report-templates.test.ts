import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEXT_FORMAT, safeSheetName } from '../../../src/main/services/exports/xlsx-writer';
import type { SheetKind } from '../../../src/shared/domain/payout';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import {
  TEMPLATE_COLUMNS,
  TEMPLATE_FILES,
  buildErrorReport,
  detectSheetKind,
  parseSheetBytes,
  suggestMapping,
  validateSheet,
} from '../../../src/shared/sheet/index';
import { writtenCsv, writtenXlsx as xlsxBytes } from '../exports/written';
import { encode, fixture, sheetOf } from './helpers';

describe('error report', () => {
  it('has the original columns plus Row, Severity, Code, Message — one line per issue', async () => {
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-mixed.csv'), 'm.csv'));
    const result = validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', {
      modeLimits: DEFAULT_API_PROFILE.modeLimits,
    });
    const report = buildErrorReport(sheet, result.issues);
    expect(report.columns.map((c) => c.header)).toEqual([...sheet.headers, 'Row', 'Severity', 'Code', 'Message']);
    expect(report.columns.every((c) => c.type === 'text')).toBe(true);
    expect(report.rows).toHaveLength(result.issues.length);
    const first = report.rows[0]!;
    expect(first.slice(0, 9)).toEqual(sheet.rows[2]);
    expect(first.slice(9, 12)).toEqual(['4', 'error', 'name_invalid']);
    expect(first[12]).toMatch(/^Payee Name: Name is not valid/);
    const errorsOnly = buildErrorReport(sheet, result.issues, { includeWarnings: false });
    expect(errorsOnly.rows).toHaveLength(result.summary.errors);
  });

  it("neutralises formula cells from the user's sheet when written out", async () => {
    const text =
      'Name,Account Number,IFSC,Amount\n"=HYPERLINK(""http://evil.example"",""x"")",123456789012,SBIN0000300,100\n';
    const sheet = sheetOf(await parseSheetBytes(encode(text), 'f.csv'));
    const result = validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', {
      modeLimits: DEFAULT_API_PROFILE.modeLimits,
    });
    expect(result.issues.map((i) => i.code)).toEqual(['name_invalid']);
    const report = buildErrorReport(sheet, result.issues);
    expect((await writtenCsv(report)).split('\r\n')[1]!.startsWith(`"'=HYPERLINK(`)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxBytes(report)) as unknown as ArrayBuffer);
    const cell = wb.worksheets[0]!.getCell('A2');
    expect(cell.value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(cell.formula).toBeUndefined();
    expect(wb.worksheets[0]!.getCell('B2').numFmt).toBe(TEXT_FORMAT);
  });

  it('uses safe sheet names', () => {
    expect(safeSheetName('History')).toBe('History export');
    expect(safeSheetName('Errors [March]/2025: final?')).toBe('Errors  March  2025  final');
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
    expect(safeSheetName('')).toBe('Sheet1');
  });
});

describe('templates', () => {
  const file = (name: string) =>
    new Uint8Array(readFileSync(new URL(`../../../resources/templates/${name}`, import.meta.url)));

  for (const kind of ['payouts', 'beneficiaries'] as SheetKind[]) {
    it(`${kind}: CSV and XLSX map every column to its field and are detected as ${kind}`, async () => {
      const headers = TEMPLATE_COLUMNS[kind].map((c) => c.header);
      const expectedMapping = Object.fromEntries(TEMPLATE_COLUMNS[kind].map((c, i) => [c.field, i]));
      expect(suggestMapping(headers, kind)).toEqual(expectedMapping);
      expect(detectSheetKind(headers)).toBe(kind);
      const csv = file(TEMPLATE_FILES[kind].csv);
      expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      // A template has headers only (no example rows that could be paid by mistake).
      for (const name of [TEMPLATE_FILES[kind].csv, TEMPLATE_FILES[kind].xlsx]) {
        const out = await parseSheetBytes(file(name), name);
        expect(out.ok).toBe(false);
        expect(!out.ok && out.error.columnsFound).toEqual(headers);
      }
    });

    it(`${kind}: the XLSX types the account column as text and explains every column`, async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file(TEMPLATE_FILES[kind].xlsx) as unknown as ArrayBuffer);
      const [data, help] = wb.worksheets;
      const accountCol = TEMPLATE_COLUMNS[kind].findIndex((c) => c.field === 'accountNumber') + 1;
      expect(data!.getColumn(accountCol).numFmt).toBe(TEXT_FORMAT);
      expect(data!.getRow(1).getCell(accountCol).value).toBe('Account Number');
      expect(help!.name).toBe('Instructions');
      expect(help!.getColumn(1).values.slice(2, 2 + TEMPLATE_COLUMNS[kind].length)).toEqual(
        TEMPLATE_COLUMNS[kind].map((c) => c.header),
      );
    });
  }

  it('a filled-in payout template validates cleanly, keeping a leading-zero account', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file(TEMPLATE_FILES.payouts.xlsx) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getRow(2).values = [
      '',
      'Ravi Kumar',
      '000123456789',
      'SBIN0000300',
      '',
      '1,500.00',
      'IMPS',
      'Rent April',
      'INV1',
      '',
      '',
      '',
    ];
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = sheetOf(await parseSheetBytes(bytes, 'filled.xlsx'));
    const result = validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', {
      modeLimits: DEFAULT_API_PROFILE.modeLimits,
    });
    expect(result.issues).toEqual([]);
    expect(result.drafts[0]).toMatchObject({ accountNumber: '000123456789', amountPaise: 150000 });
  });
});
