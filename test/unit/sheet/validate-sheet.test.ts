import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PayoutDraft } from '../../../src/shared/domain/payout';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import {
  createValidation,
  detectSheetKind,
  mappedRowsOf,
  rowIssues,
  validatedRowCount,
  parseSheetBytes,
  revalidateRow,
  suggestMapping,
  toMappedRows,
  validateMappedRows,
  validateSheet,
  validationResult,
} from '../../../src/shared/sheet/index';
import type { ParsedSheet, SheetKind } from '../../../src/shared/sheet/index';
import { fixture, sheetOf } from './helpers';

const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/payouts-mixed.expected.json', import.meta.url), 'utf8'),
);

async function load(name: string): Promise<ParsedSheet> {
  return sheetOf(await parseSheetBytes(fixture(name), name));
}

function run(sheet: ParsedSheet, kind?: SheetKind) {
  const k = kind ?? detectSheetKind(sheet.headers);
  return validateSheet(sheet, suggestMapping(sheet.headers, k), k, options);
}

describe('the mixed payout sheet', () => {
  it('gives the hand-written expected counts and issues', async () => {
    const result = run(await load('payouts-mixed.csv'));
    expect(result.kind).toBe('payouts');
    expect(result.fileError).toBeNull();
    const { rows, validRows, invalidRows, errors, warnings, totalPaise, countByMode } = result.summary;
    expect({ rows, validRows, invalidRows, errors, warnings, totalPaise, countByMode }).toEqual({
      rows: expected.rows,
      validRows: expected.validRows,
      invalidRows: expected.invalidRows,
      errors: expected.errors,
      warnings: expected.warnings,
      totalPaise: expected.totalPaise,
      countByMode: expected.countByMode,
    });
    expect(result.issues.map(({ row, column, code, severity }) => ({ row, column, code, severity }))).toEqual(
      expected.issues,
    );
    expect(result.issues.every((i) => i.message.length > 10)).toBe(true);
  });

  it('gives identical issues from the .xlsx copy of the same rows', async () => {
    const csv = run(await load('payouts-mixed.csv'));
    const xlsx = run(await load('payouts-mixed.xlsx'));
    expect(xlsx.issues).toEqual(csv.issues);
    expect(xlsx.summary).toEqual(csv.summary);
    expect(xlsx.drafts).toEqual(csv.drafts);
  });

  it('builds normalised drafts, with blank modes defaulted and flagged', async () => {
    const drafts = run(await load('payouts-mixed.csv')).drafts as PayoutDraft[];
    expect(drafts[0]).toEqual({
      row: 2,
      name: 'Ravi Kumar',
      accountNumber: '123456789012',
      ifsc: 'SBIN0000300',
      amountPaise: 12345650,
      mode: 'NEFT',
      modeDefaulted: false,
      remark: 'Salary March',
      reference: 'INV001',
    });
    expect(drafts[3]).toMatchObject({ row: 5, vpa: 'meena.iyer@okaxis', mode: 'UPI', amountPaise: 250000 });
    expect(drafts[7]).toMatchObject({ row: 9, ifsc: 'SBIN0000300', mode: 'NEFT', modeDefaulted: false });
    expect(drafts[2]).toMatchObject({ row: 4, mode: 'IMPS', modeDefaulted: true, amountPaise: 1500000 });
    expect(drafts[2]!.name).toBeUndefined();
    expect(drafts[6]!.accountNumber).toBeUndefined();
  });

  it('gives main the same result from mapped rows as the renderer gets from the sheet', async () => {
    const sheet = await load('payouts-mixed.csv');
    const mapping = suggestMapping(sheet.headers, 'payouts');
    const fromSheet = validateSheet(sheet, mapping, 'payouts', options);
    const labels = Object.fromEntries(Object.entries(mapping).map(([f, i]) => [f, sheet.headers[i as number]]));
    const fromRows = validateMappedRows(
      JSON.parse(JSON.stringify(toMappedRows(sheet, mapping))),
      'payouts',
      options,
      labels,
    );
    expect(fromRows).toEqual(fromSheet);
  });

  it('hands the mapped rows to main on demand, without keeping a copy per row', async () => {
    const sheet = await load('payouts-mixed.csv');
    const mapping = suggestMapping(sheet.headers, 'payouts');
    const state = createValidation(sheet, mapping, 'payouts', options);
    expect(validatedRowCount(state)).toBe(20);
    expect(mappedRowsOf(state)).toEqual(toMappedRows(sheet, mapping));
    expect(Object.keys(state)).not.toContain('mapped');
    expect(state.mapped).toEqual(mappedRowsOf(state));
    expect(state.evals.map((e) => e.issues)).toEqual(state.drafts.map((_, i) => rowIssues(state, i)));
  });

  it('applies the API profile limits it is given', async () => {
    const sheet = await load('payouts-mixed.csv');
    const loose = { modeLimits: { ...DEFAULT_API_PROFILE.modeLimits, IMPS: { minPaise: null, maxPaise: null } } };
    const result = validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', loose);
    expect(result.issues.some((i) => i.code === 'amount_above_mode_limit')).toBe(false);
    expect(result.summary.validRows).toBe(expected.validRows + 1);
  });
});

describe('other sheets', () => {
  it('flags Excel damage in xlsx number cells', async () => {
    const result = run(await load('payouts-excel-damage.xlsx'));
    expect(result.issues.map((i) => [i.row, i.code])).toEqual([
      [3, 'excel_precision_loss'],
      [4, 'excel_leading_zeros'],
      [6, 'excel_precision_loss'],
      [7, 'excel_scientific_notation'],
      [8, 'amount_invalid'],
    ]);
    expect(result.summary.validRows).toBe(4);
  });

  it('flags Excel damage and accepts lower-case IFSC and modes in CSV', async () => {
    const result = run(await load('payouts-excel-damage.csv'));
    expect(result.issues.map((i) => [i.row, i.code])).toEqual([
      [2, 'excel_scientific_notation'],
      [3, 'account_unusual'],
      [4, 'excel_scientific_notation'],
      [5, 'amount_invalid'],
    ]);
    expect((result.drafts[1] as PayoutDraft).ifsc).toBe('HDFC0000240');
  });

  it('validates a beneficiary sheet, with duplicate ids and payees', async () => {
    const sheet = await load('beneficiaries.csv');
    expect(detectSheetKind(sheet.headers)).toBe('beneficiaries');
    const result = run(sheet);
    expect(result.issues.map((i) => [i.row, i.code, i.severity])).toEqual([
      [4, 'name_invalid', 'error'],
      [4, 'email_invalid', 'error'],
      [4, 'phone_invalid', 'error'],
      [4, 'pincode_invalid', 'error'],
      [5, 'duplicate_beneficiary_id', 'error'],
      [6, 'duplicate_row', 'warning'],
    ]);
    expect(result.drafts[0]).toEqual({
      row: 2,
      beneficiaryId: 'VEND001',
      name: 'Ravi Traders',
      accountNumber: '123456789012',
      ifsc: 'SBIN0000300',
      email: 'accounts@ravitraders.in',
      phone: '9876543210',
      address: '12 MG Road',
      city: 'Pune',
      state: 'Maharashtra',
      pincode: '411001',
    });
    expect(result.drafts[1]).toMatchObject({ vpa: 'meena.iyer@okaxis', pincode: '600001' });
    expect(result.summary).toMatchObject({ rows: 5, validRows: 3, invalidRows: 2, totalPaise: 0 });
  });

  it('reports a missing required column as one file-level error naming the columns found', async () => {
    const sheet = await load('missing-amount.csv');
    const result = run(sheet, 'payouts');
    expect(result.fileError).toMatchObject({ code: 'required_column_missing' });
    expect(result.fileError!.message).toBe(
      'The payout sheet needs a column for: Amount. Columns found: Name, Account Number, IFSC, Remarks.',
    );
    expect(result.issues).toEqual([]);
    expect(result.drafts).toEqual([]);
  });

  it('reports unreadable characters and unmatched quotes as row issues', async () => {
    const bad = run(await load('payouts-invalid-utf8.csv'));
    expect(bad.issues.map((i) => [i.row, i.column, i.code])).toEqual([[2, 'Name', 'text_encoding_invalid']]);
    const quote = sheetOf(
      await parseSheetBytes(
        new TextEncoder().encode('Name,Account Number,IFSC,Amount\nRavi,123456789012,SBIN0000300,"100\n'),
        'q.csv',
      ),
    );
    expect(run(quote, 'payouts').issues.map((i) => i.code)).toContain('csv_quote_unmatched');
  });

  it('treats a beneficiary-id-only payout row as an existing payee', async () => {
    const text =
      'Beneficiary ID,Name,Amount,Mode,Transaction ID\nVEND001,Kumar & Sons,1500,,TXN1\nVEND002,,2500,UPI,TXN1\n';
    const result = run(sheetOf(await parseSheetBytes(new TextEncoder().encode(text), 'ids.csv')));
    expect(result.issues.map((i) => [i.row, i.code])).toEqual([[3, 'duplicate_transaction_id']]);
    expect(result.drafts[0]).toMatchObject({
      beneficiaryId: 'VEND001',
      mode: 'IMPS',
      modeDefaulted: true,
      transactionId: 'TXN1',
    });
    expect((result.drafts[0] as PayoutDraft).name).toBeUndefined();
  });
});

describe('revalidateRow', () => {
  async function mixedState() {
    const sheet = await load('payouts-mixed.csv');
    return createValidation(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', options);
  }
  const col = (state: Awaited<ReturnType<typeof mixedState>>, header: string) => state.parsed!.headers.indexOf(header);

  it('fixing a cell clears its issue and updates the summary', async () => {
    const state = await mixedState();
    const row10 = 8; // index of Excel row 10 (IFSC with the letter O)
    const { changedRows } = revalidateRow(state, row10, col(state, 'IFSC Code'), 'SBIN0000300');
    expect(changedRows).toEqual([row10]);
    const result = validationResult(state);
    expect(result.issues.some((i) => i.row === 10)).toBe(false);
    expect(result.summary.validRows).toBe(expected.validRows + 1);
    expect(result.summary.totalPaise).toBe(expected.totalPaise + 450000);
    expect(state.parsed!.rows[row10]![3]).toBe('SBIN0000300');
  });

  it('moves duplicate warnings when the original row changes', async () => {
    const state = await mixedState();
    // Row 15 duplicates row 2. Change row 2's amount: row 15 becomes the original, no warning left.
    const { changedRows } = revalidateRow(state, 0, col(state, 'Amount (₹)'), '1,23,456.00');
    expect(changedRows).toEqual([0, 13]);
    expect(validationResult(state).issues.filter((i) => i.code === 'duplicate_row')).toEqual([]);
    // And back: the warning returns on row 15, not row 2.
    revalidateRow(state, 0, col(state, 'Amount (₹)'), '1,23,456.50');
    expect(
      validationResult(state)
        .issues.filter((i) => i.code === 'duplicate_row')
        .map((i) => i.row),
    ).toEqual([15]);
  });

  it('editing an unmapped column changes no issue', async () => {
    const state = await mixedState();
    const before = validationResult(state);
    expect(revalidateRow(state, 0, col(state, 'Sr No'), '99')).toEqual({ changedRows: [] });
    expect(validationResult(state).issues).toEqual(before.issues);
  });

  it('after any sequence of edits, equals a fresh validation of the edited sheet', async () => {
    const { default: fc } = await import('fast-check');
    const sheet0 = await load('payouts-mixed.csv');
    const values = [
      '',
      'SBIN0000300',
      '123456789012',
      '1,23,456.50',
      '4500',
      'NEFT',
      'UPI',
      'x@okaxis',
      'Salary March',
      'INV001',
      'Ravi Kumar',
      '12.345',
      'TXN1',
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(19), fc.nat(8), fc.constantFrom(...values)), { maxLength: 25 }), (edits) => {
        const sheet: ParsedSheet = structuredClone(sheet0);
        const mapping = suggestMapping(sheet.headers, 'payouts');
        const state = createValidation(sheet, mapping, 'payouts', options);
        for (const [r, c, v] of edits) revalidateRow(state, r, c, v);
        const fresh = validateSheet(structuredClone(state.parsed!), mapping, 'payouts', options);
        expect(validationResult(state)).toEqual(fresh);
      }),
      { numRuns: 60 },
    );
  });

  it('drops the numeric-cell flag once the user retypes the value', async () => {
    const sheet = await load('payouts-excel-damage.xlsx');
    const state = createValidation(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', options);
    expect(validationResult(state).issues.some((i) => i.row === 3 && i.code === 'excel_precision_loss')).toBe(true);
    revalidateRow(state, 1, 1, '12345678901234567');
    expect(validationResult(state).issues.filter((i) => i.row === 3)).toEqual([]);
    revalidateRow(state, 2, 1, '0001234567');
    expect(validationResult(state).issues.filter((i) => i.row === 4)).toEqual([]);
    expect(state.parsed!.numericCells[2]).toEqual({ 3: '1500' });
  });
});
