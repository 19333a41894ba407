import { describe, expect, it } from 'vitest';
import { validateBytes } from '../../../src/cli/commands/validate';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { footerAmountPaise, footerColumns, footerOf } from '../../../src/shared/sheet/footer';
import {
  createValidation,
  parseSheetBytes,
  revalidateRow,
  suggestMapping,
  validateSheet,
  validationResult,
} from '../../../src/shared/sheet/index';
import type { ParsedSheet } from '../../../src/shared/sheet/index';
import { encode, fixture, sheetOf } from './helpers';

const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };
const HEADER = 'Name,Account Number,IFSC,Amount,Mode,Remark';

async function parse(text: string): Promise<ParsedSheet> {
  return sheetOf(await parseSheetBytes(encode(text), 'sheet.csv'));
}
const validate = (sheet: ParsedSheet) =>
  validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', options);

describe('total rows under the data (issue 17 point 7)', () => {
  it('leaves the "Total" row out of the rows and says so', async () => {
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-footer.csv'), 'payouts-footer.csv'));
    expect(sheet.rowNumbers).toEqual([2, 3, 4, 5]);
    expect(sheet.rows.map((r) => r[0])).toEqual(['Ravi Kumar', 'Priya Sharma', 'Suresh Patel(Driver)', 'Totala Devi']);
    expect(sheet.footers?.map((f) => ({ row: f.row, label: f.label, subtotal: f.subtotal }))).toEqual([
      { row: 7, label: 'Total', subtotal: false },
    ]);
    expect(sheet.notes).toContain('Row 7 ("Total") is a total row, not a payee: it was left out.');
  });

  it("cross-checks the sheet's total against the rows' sum in integer paise", async () => {
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-footer.csv'), 'payouts-footer.csv'));
    const { summary } = validate(sheet);
    expect(summary.rows).toBe(4);
    expect(summary.footer).toMatchObject({
      row: 7,
      sheetTotalPaise: 62_250_100,
      rowsSumPaise: 62_250_050,
      differencePaise: 50,
      rowsWithoutAmount: 0,
    });
    expect(summary.footer!.message).toContain(
      "The sheet's total ₹6,22,501.00 differs from the rows' sum ₹6,22,500.50 by ₹0.50",
    );
  });

  it('re-checks after an edit, and a matching total gets a quiet note', async () => {
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-footer.csv'), 'payouts-footer.csv'));
    const state = createValidation(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', options);
    revalidateRow(state, 1, 3, '200001.00');
    const footer = validationResult(state).summary.footer!;
    expect(footer.differencePaise).toBe(0);
    expect(footer.message).toBe("The rows' sum ₹6,22,501.00 matches the sheet's total ₹6,22,501.00 (row 7).");
  });

  it('counts rows with an unreadable amount separately, errors or not', async () => {
    const sheet = await parse(
      `${HEADER}\nRavi Kumar,123456789012,SBIN0000300,100,IMPS,Salary\nPriya,50100012345678,BADIFSC,50.25,IMPS,Salary\n` +
        'Meena Iyer,223344556677,SBIN0000300,abc,IMPS,Salary\nGrand Total:,,,150.25,,\n',
    );
    const footer = validate(sheet).summary.footer!;
    expect(footer).toMatchObject({ sheetTotalPaise: 15_025, rowsSumPaise: 15_025, rowsWithoutAmount: 1 });
    expect(footer.message).toContain('1 row has no readable amount and is not in the sum.');
  });

  it('is defined narrowly: a payee named "Totala" or "Total Gas" with details stays a row', async () => {
    const cols = footerColumns(HEADER.split(','));
    const at = (cells: string[]) => footerOf(cells, cols, 9);
    expect(at(['Total', '', '', '622501.00', '', ''])?.label).toBe('Total');
    expect(at(['TOTAL AMOUNT', '', '', '₹6,22,501.00', '', ''])).not.toBeNull();
    expect(at(['Totals', '', '', '5', '', ''])).not.toBeNull();
    expect(at(['Sub-total', '', '', '500', '', ''])?.subtotal).toBe(true);
    expect(at(['Sub Total', '', '', '500', '', ''])?.subtotal).toBe(true);
    expect(at(['Grand total', '', '', '500', '', ''])?.subtotal).toBe(false);
    expect(at(['Totala', '', '', '500', '', ''])).toBeNull();
    expect(at(['Totally Fresh Foods', '', '', '500', '', ''])).toBeNull();
    expect(at(['Total Gas', '123456789012', 'SBIN0000300', '500', 'IMPS', ''])).toBeNull();
    expect(at(['Total Gas', '', '', '500', '', 'Gas bill'])).toBeNull();
    expect(at(['Total', '', '', '', '', ''])).toBeNull();
    expect(at(['Total', '', '', '', '15', ''])).toBeNull();
    expect(at(['Ravi Kumar', '', '', '500', '', ''])).toBeNull();
    // No header names the columns: an IFSC or a UPI ID still marks a payee row.
    const bare = footerColumns(['A', 'B', 'C']);
    expect(footerOf(['Total', 'SBIN0000300', '500'], bare, 3)).toBeNull();
    expect(footerOf(['Total', 'ravi@okaxis', '500'], bare, 3)).toBeNull();
    expect(footerOf(['1', 'Total', '500'], bare, 3)?.label).toBe('Total');
  });

  it('uses the last grand total, never a sub-total, and only rows above it', async () => {
    const sheet = await parse(
      `${HEADER}\nRavi Kumar,123456789012,SBIN0000300,100,IMPS,Salary\nSub-total,,,100,,\n` +
        'Meena Iyer,223344556677,SBIN0000300,200,IMPS,Salary\nSub-total,,,200,,\nGrand Total,,,300,,\n',
    );
    expect(sheet.rowNumbers).toEqual([2, 4]);
    expect(sheet.footers).toHaveLength(3);
    expect(validate(sheet).summary.footer).toMatchObject({ row: 6, differencePaise: 0 });
    const noTotal = await parse(`${HEADER}\nRavi Kumar,123456789012,SBIN0000300,100,IMPS,Salary\nSub-total,,,100,,\n`);
    expect(noTotal.rowNumbers).toEqual([2]);
    expect(validate(noTotal).summary.footer).toBeUndefined();
  });

  it('a sheet of only total rows is empty, and a beneficiary sheet gets no cross-check', async () => {
    const outcome = await parseSheetBytes(encode(`${HEADER}\nTotal,,,0,,\n`), 'sheet.csv');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('file_empty');
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-footer.csv'), 'payouts-footer.csv'));
    const result = validateSheet(sheet, suggestMapping(sheet.headers, 'beneficiaries'), 'beneficiaries', options);
    expect(result.summary.footer).toBeUndefined();
  });

  it("reads a SUM cell's float artefact to the nearest paisa, in decimal digits", () => {
    expect(footerAmountPaise('622500.50000000006')).toBe(62_250_050);
    expect(footerAmountPaise('622500.4999999999')).toBe(62_250_050);
    expect(footerAmountPaise('622500.505')).toBe(62_250_051);
    expect(footerAmountPaise('1,23,456.50')).toBe(12_345_650);
    expect(footerAmountPaise('abc')).toBeNull();
    expect(footerAmountPaise('-500')).toBeNull();
  });

  it('cli validate reports the total row in --json and in words', async () => {
    const run = await validateBytes(fixture('payouts-footer.csv'), 'payouts-footer.csv');
    expect(run.json).toMatchObject({ rows: 4, footer: { row: 7, differencePaise: 50 } });
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), env: {} };
    await runCli(['validate', 'test/fixtures/payouts-footer.csv'], io, commands);
    const text = out.join('\n');
    expect(text).toContain('note: Row 7 ("Total") is a total row, not a payee: it was left out.');
    expect(text).toContain(
      "total row: The sheet's total ₹6,22,501.00 differs from the rows' sum ₹6,22,500.50 by ₹0.50",
    );
  });
});

describe('a total row in an .xlsx register', () => {
  it('reads the SUM cell (a float artefact) and cross-checks it', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('November');
    ws.addRow(['Name', 'Account Number', 'IFSC', 'Amount', 'Mode']);
    ws.addRow(['Meena Iyer', '223456789012', 'SBIN0000300', 622500.2, 'NEFT']);
    ws.addRow(['Ravi Kumar', '123456789012', 'SBIN0000300', 0.1, 'IMPS']);
    ws.addRow(['Priya Sharma', '50100012345678', 'HDFC0000240', 0.2, 'IMPS']);
    ws.addRow([]);
    // What a float SUM of D2:D4 stores: 622500.4999999999, not 622500.50.
    const sum = 622500.2 + 0.1 + 0.2;
    expect(String(sum)).toBe('622500.4999999999');
    ws.addRow(['Grand Total', null, null, { formula: 'SUM(D2:D4)', result: sum }, null]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const sheet = sheetOf(await parseSheetBytes(bytes, 'november.xlsx'));
    expect(sheet.rowNumbers).toEqual([2, 3, 4]);
    expect(sheet.footers?.map((f) => f.row)).toEqual([6]);
    const footer = validate(sheet).summary.footer!;
    expect(footer).toMatchObject({ sheetTotalPaise: 62_250_050, rowsSumPaise: 62_250_050, differencePaise: 0 });
  });
});
