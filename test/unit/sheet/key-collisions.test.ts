import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import type { MappedRow } from '../../../src/shared/sheet/index';
import {
  createValidation,
  parseSheetBytes,
  revalidateRow,
  suggestMapping,
  validateMappedRows,
  validateSheet,
  validationResult,
} from '../../../src/shared/sheet/index';
import { fixture, sheetOf } from './helpers';

// Every id and duplicate key hashes to the same number: the worst case of a hash collision. The validation
// state must still report exactly the real duplicates (it compares the rows' key texts), never merge the rest.
vi.mock('../../../src/shared/sheet/row-keys', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/sheet/row-keys')>()),
  rowKeyNumber: () => 7,
}));

const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/payouts-mixed.expected.json', import.meta.url), 'utf8'),
);

const payee = (row: number, account: string, amount: string, transactionId?: string): MappedRow => ({
  row,
  values: {
    name: 'Ravi Kumar',
    accountNumber: account,
    ifsc: 'SBIN0000300',
    amount,
    remark: 'Nov',
    ...(transactionId ? { transactionId } : {}),
  },
});

describe('duplicate checks when every key collides', () => {
  it('gives the mixed sheet’s hand-written issues and counts all the same', async () => {
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-mixed.csv'), 'payouts-mixed.csv'));
    const result = validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', options);
    expect(result.issues.map(({ row, column, code, severity }) => ({ row, column, code, severity }))).toEqual(
      expected.issues,
    );
    expect(result.summary).toMatchObject({ validRows: expected.validRows, warnings: expected.warnings });
  });

  it('flags and leaves out only the rows that really repeat, and ids only when really reused', () => {
    const rows = [
      payee(2, '123456789012', '45000', 'T1'),
      payee(3, '223456789012', '45000', 'T2'),
      payee(4, '123456789012', '45000', 'T3'),
      payee(5, '323456789012', '100', 'T2'),
    ];
    const result = validateMappedRows(rows, 'payouts', options);
    expect(result.issues.map((i) => [i.row, i.code])).toEqual([
      [4, 'duplicate_row'],
      [5, 'duplicate_transaction_id'],
    ]);
    expect(result.issues[0]!.message).toContain('row 2');
    expect(result.issues[1]!.message).toContain('row 3');
    expect(result.summary).toMatchObject({ validRows: 3, repeatRows: 1, repeatPaise: 4_500_000 });
  });

  it('edits re-checked incrementally still equal a fresh validation', async () => {
    const sheet0 = sheetOf(await parseSheetBytes(fixture('payouts-mixed.csv'), 'payouts-mixed.csv'));
    const mapping = suggestMapping(sheet0.headers, 'payouts');
    const state = createValidation(structuredClone(sheet0), mapping, 'payouts', options);
    const amount = sheet0.headers.indexOf('Amount (₹)');
    // Row 15 repeats row 2; move row 2 away and back, and make row 3 a third copy.
    for (const [row, value] of [
      [0, '1,23,456.00'],
      [1, '1,23,456.50'],
      [0, '1,23,456.50'],
    ] as const) {
      revalidateRow(state, row, amount, value);
      const fresh = validateSheet(structuredClone(state.parsed!), mapping, 'payouts', options);
      expect(validationResult(state)).toEqual(fresh);
    }
  });

  it('after any sequence of edits, equals a fresh validation (property)', async () => {
    const { default: fc } = await import('fast-check');
    const sheet0 = sheetOf(await parseSheetBytes(fixture('payouts-mixed.csv'), 'payouts-mixed.csv'));
    const mapping = suggestMapping(sheet0.headers, 'payouts');
    const values = ['', '123456789012', '1,23,456.50', '4500', 'UPI', 'x@okaxis', 'Salary March', 'INV001', 'TXN1'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(19), fc.nat(8), fc.constantFrom(...values)), { maxLength: 20 }), (edits) => {
        const state = createValidation(structuredClone(sheet0), mapping, 'payouts', options);
        for (const [r, c, v] of edits) revalidateRow(state, r, c, v);
        const fresh = validateSheet(structuredClone(state.parsed!), mapping, 'payouts', options);
        expect(validationResult(state)).toEqual(fresh);
      }),
      { numRuns: 40 },
    );
  });
});
