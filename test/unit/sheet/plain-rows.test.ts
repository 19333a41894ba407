import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ifscExists } from '../../../src/shared/rules/ifsc-data';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import type { ColumnMapping } from '../../../src/shared/sheet/column-mapping';
import type { FieldKey } from '../../../src/shared/sheet/fields';
import { FIELD_LABELS } from '../../../src/shared/sheet/fields';
import { parseSheetBytes } from '../../../src/shared/sheet/index';
import type { ValidateOptions, ValidationState } from '../../../src/shared/sheet/validate-sheet';
import {
  createValidation,
  createValidationFromRows,
  toMappedRows,
  validationResult,
} from '../../../src/shared/sheet/validate-sheet';
import { encode, sheetOf } from './helpers';

/**
 * Plain payout rows (src/shared/sheet/plain-rows.ts) are read in place from the parsed sheet; handed-over mapped
 * rows never are. So validating a parsed sheet and validating its own mapped rows must agree on everything the
 * state keeps and everything the result shows — with clean cells (the plain path) and every kind of unclean one
 * (the full path) mixed row by row, repeated rows (the duplicate keys), quoted cells with "" inside and cells
 * with spaces at their ends.
 */

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** Mostly clean values (the plain path), else any of the field's values, clean or not (the full path). */
const field = (clean: string[], unclean: string[]) =>
  fc.oneof({ weight: 6, arbitrary: pick(...clean) }, { weight: 1, arbitrary: pick(...clean, ...unclean) });
const FIELDS = {
  beneficiaryId: field(['VEND1', 'vend2', ''], ['1E5', '15e3', 'v-1', 'A'.repeat(51)]),
  name: field(['Ravi Kumar', 'Priya'], [' Ravi', 'Ravi ', 'Ravi  Kumar', 'R@vi', 'Ravi "K"', 'Zoë', '']),
  accountNumber: field(
    ['102802067456', '101459132416', ''],
    ['12345678', '1.23457E+15', '1234 5678 9012', ' 1028020674'],
  ),
  ifsc: field(
    ['SBIN0000300', 'HDFC0000240', 'BARB0VJVASH', ''],
    ['sbin0000300', 'SBINO000300', 'ABCD0123456', 'SBIN0999999'],
  ),
  vpa: field(['payee1@okaxis', 'a.b-c_d@ybl', ''], ['Payee@OKAXIS', 'bad', 'a@b', '@okaxis', 'x@okaxis.']),
  email: field([''], ['a@example.com', 'bad']),
  phone: field([''], ['9876543210', '12345']),
  amount: field(
    ['1500', '99999', '1,234.50', '12,345', '1,48,036.50', '5000000', '50000000', '21474836.47', '21474836.48'],
    [' 1500', '20000001', '0.50', '-5', '1500.505', '1E3', ''],
  ),
  mode: field(['', '', '', 'IMPS', 'NEFT', 'RTGS', 'UPI'], ['neft', 'UPI\t', 'CASH', 'IMP']),
  remark: field(['Salary March', 'SALARY march', ''], ['Salary  March', 'Salary-March', 'A'.repeat(31), ' x']),
  reference: field(['INV1', 'inv/1-2_3.4', 'REF 7', ''], ['1E5', '2e10', 'x'.repeat(51), 'a  b', '"q""uoted"']),
  transactionId: field(['TXN1', 'txn1', 'T2', ''], ['1.5E3', '15E3', 'txn_1', 'T'.repeat(31)]),
} satisfies Partial<Record<FieldKey, fc.Arbitrary<string>>>;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];

/** One payee most of the time (bank, UPI or an id), as real sheets have; both or neither now and then. */
const row = fc.tuple(fc.record(FIELDS), fc.nat(4)).map(([r, payee]) => {
  if (payee === 0 || payee === 1) return { ...r, vpa: '' };
  if (payee === 2) return { ...r, accountNumber: '', ifsc: '' };
  if (payee === 3) return { ...r, accountNumber: '', vpa: '' };
  return r;
});
/** A few distinct rows, then a sheet of them in any order: repeats are the rule, so duplicate keys are shared. */
const sheet = fc.array(row, { minLength: 1, maxLength: 6 }).chain((pool) =>
  fc.array(
    fc.nat(pool.length - 1).map((i) => pool[i]!),
    { minLength: 1, maxLength: 25 },
  ),
);
/** Which fields have a column (amount and the inline payee's always: most rows need them). */
const mapped = fc
  .subarray(FIELD_NAMES)
  .map((fields) => [...new Set<Field>(['amount', 'name', 'accountNumber', 'ifsc', 'vpa', ...fields])]);

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function bothWays(
  rows: Record<Field, string>[],
  fields: Field[],
  options: ValidateOptions,
): Promise<[ValidationState, ValidationState]> {
  const header = ['Sr No', ...fields.map((f) => FIELD_LABELS[f])];
  const lines = rows.map((r, i) => [String(i + 1), ...fields.map((f) => csvCell(r[f]))].join(','));
  const parsed = sheetOf(await parseSheetBytes(encode(`${[header.join(','), ...lines].join('\r\n')}\r\n`), 'p.csv'));
  const mapping: ColumnMapping = {};
  fields.forEach((f, i) => (mapping[f] = i + 1));
  const fromSheet = createValidation(parsed, mapping, 'payouts', options);
  const fromRows = createValidationFromRows(toMappedRows(parsed, mapping), 'payouts', options, fromSheet.ctx.labels);
  return [fromSheet, fromRows];
}

function expectSame(a: ValidationState, b: ValidationState): void {
  expect(a.fileError).toBeNull();
  expect(Array.from(a.rowNumbers)).toEqual(Array.from(b.rowNumbers));
  expect(Array.from(a.amounts)).toEqual(Array.from(b.amounts));
  expect(Array.from(a.modes)).toEqual(Array.from(b.modes));
  expect(Array.from(a.flags)).toEqual(Array.from(b.flags));
  expect(Array.from(a.ids.keys)).toEqual(Array.from(b.ids.keys));
  expect(Array.from(a.dups.keys)).toEqual(Array.from(b.dups.keys));
  const ra = validationResult(a);
  const rb = validationResult(b);
  expect(ra.issues).toEqual(rb.issues);
  // Key order too: `cli validate --json` prints the issues as they are.
  expect(JSON.stringify(ra.issues)).toBe(JSON.stringify(rb.issues));
  expect(ra.summary).toEqual(rb.summary);
}

describe('plain payout rows', () => {
  it('a parsed sheet validates exactly as its mapped rows do', async () => {
    const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };
    await fc.assert(
      fc.asyncProperty(sheet, mapped, async (rows, fields) => expectSame(...(await bothWays(rows, fields, options)))),
      { numRuns: 400 },
    );
  });

  it('uses the caller’s IFSC check and the profile’s mode limits as the full path does', async () => {
    const limits = DEFAULT_API_PROFILE.modeLimits;
    const options: ValidateOptions = {
      modeLimits: {
        ...limits,
        IMPS: { minPaise: 200_000, maxPaise: 10_000_000 },
        RTGS: { minPaise: null, maxPaise: null },
      },
      ifscExists: (ifsc) => ifsc !== 'HDFC0000240' && ifscExists(ifsc),
    };
    await fc.assert(
      fc.asyncProperty(sheet, mapped, async (rows, fields) => expectSame(...(await bothWays(rows, fields, options)))),
      { numRuns: 200 },
    );
  });

  it('a sheet of clean rows has no issues, and its repeated rows share their keys', async () => {
    const clean: Record<Field, string> = {
      beneficiaryId: '',
      name: 'Ravi Kumar',
      accountNumber: '102802067456',
      ifsc: 'SBIN0000300',
      vpa: '',
      email: '',
      phone: '',
      amount: '1,48,036.50',
      mode: '',
      remark: 'Salary March',
      reference: 'INV1',
      transactionId: 'txn1',
    };
    const upi = { ...clean, accountNumber: '', ifsc: '', vpa: 'payee1@okaxis', amount: '1500', transactionId: 'TXN2' };
    const [a, b] = await bothWays([clean, upi, { ...clean, transactionId: 'TXN1' }], FIELD_NAMES, {
      modeLimits: DEFAULT_API_PROFILE.modeLimits,
    });
    expectSame(a, b);
    expect([...a.ownIssues.values()].flat()).toEqual([]);
    expect(a.ids.keys[0]).toBe(a.ids.keys[2]);
    expect(a.dups.keys[0]).toBe(a.dups.keys[2]);
    expect(validationResult(a).issues.map((i) => i.code)).toEqual(['duplicate_transaction_id', 'duplicate_row']);
  });
});
