import { describe, expect, it } from 'vitest';
import {
  checkRequiredColumns,
  columnLabel,
  columnLetter,
  detectSheetKind,
  fieldForColumn,
  fieldForHeader,
  headerLayoutKey,
  normaliseHeader,
  sanitiseMapping,
  suggestMapping,
} from '../../../src/shared/sheet/index';

describe('header synonyms', () => {
  it('maps what accountants actually write', () => {
    const cases: Record<string, string> = {
      'A/c No': 'accountNumber',
      'A/c No.': 'accountNumber',
      'Account Number': 'accountNumber',
      'Beneficiary Account No.': 'accountNumber',
      'Bank A/c': 'accountNumber',
      'BENEFICIARY ACCOUNT NUMBER': 'accountNumber',
      'IFSC Code': 'ifsc',
      ifsc: 'ifsc',
      'Vendor IFSC': 'ifsc',
      'Payee Name': 'name',
      'Beneficiary Name': 'name',
      'Name as per Bank Account': 'name',
      'Amount (₹)': 'amount',
      'Amount (INR)': 'amount',
      'Amount in Rs.': 'amount',
      Amt: 'amount',
      'Net Pay': 'amount',
      'Payment Mode': 'mode',
      'Transfer Mode': 'mode',
      Remarks: 'remark',
      Narration: 'remark',
      'UPI ID': 'vpa',
      VPA: 'vpa',
      'E-mail': 'email',
      'Email ID': 'email',
      Mobile: 'phone',
      'Mobile No.': 'phone',
      Phone: 'phone',
      Reference: 'reference',
      'Ref No': 'reference',
      'Txn Id': 'transactionId',
      'Transaction ID': 'transactionId',
      'Beneficiary ID': 'beneficiaryId',
      'Pin Code': 'pincode',
      PINCODE: 'pincode',
      '  City ': 'city',
    };
    for (const [header, field] of Object.entries(cases)) expect(fieldForHeader(header), header).toBe(field);
  });

  it('leaves unknown or vague headers unmapped', () => {
    for (const header of ['Sr No', 'S.No.', 'Employee Code', 'ID', 'Department', '', '   ', 'Beneficiary']) {
      expect(fieldForHeader(header), header).toBeNull();
    }
  });

  it('normalises case, spacing, punctuation and currency markers', () => {
    expect(normaliseHeader('Amount (₹)')).toBe('amount');
    expect(normaliseHeader('  A/C   no. ')).toBe('ac');
    expect(normaliseHeader('E-Mail')).toBe('email');
  });
});

describe('mapping', () => {
  const headers = ['Sr No', 'Payee Name', 'A/c No', 'IFSC Code', 'Amount (₹)', 'Mobile', 'Phone', 'City'];

  it('suggests the first matching column per field, only fields of the sheet kind', () => {
    expect(suggestMapping(headers, 'payouts')).toEqual({ name: 1, accountNumber: 2, ifsc: 3, amount: 4, phone: 5 });
    expect(suggestMapping(headers, 'beneficiaries')).toEqual({ name: 1, accountNumber: 2, ifsc: 3, phone: 5, city: 7 });
    expect(fieldForColumn({ amount: 4 }, 4)).toBe('amount');
    expect(fieldForColumn({ amount: 4 }, 3)).toBeUndefined();
  });

  it('sanitises a remembered mapping against this file', () => {
    expect(sanitiseMapping({ amount: 4, city: 7, name: 99, mode: -1 }, headers, 'payouts')).toEqual({ amount: 4 });
    // Two fields on one column: the one listed first for the kind keeps it.
    expect(sanitiseMapping({ amount: 3, ifsc: 3 }, headers, 'payouts')).toEqual({ ifsc: 3 });
  });

  it('requires an amount and a payee column on payout sheets, naming what was found', () => {
    expect(checkRequiredColumns(headers, suggestMapping(headers, 'payouts'), 'payouts')).toBeNull();
    const missing = checkRequiredColumns(['Name', 'Remarks', ''], { name: 0, remark: 1 }, 'payouts');
    expect(missing).toEqual({
      code: 'required_column_missing',
      message:
        'The payout sheet needs a column for: Amount; Beneficiary ID or Account number or UPI ID. Columns found: Name, Remarks, Column C.',
      columnsFound: ['Name', 'Remarks', 'Column C'],
    });
    expect(checkRequiredColumns(['Name'], { name: 0 }, 'beneficiaries')!.message).toContain('Account number or UPI ID');
  });

  it('labels columns the way Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    expect(columnLabel(['Name', ' '], 1)).toBe('Column B');
  });
});

describe('header layout key', () => {
  it('is stable across cosmetic differences and differs for another layout', () => {
    const a = headerLayoutKey(['A/c No', 'IFSC Code', 'Amount (₹)']);
    expect(a).toBe(headerLayoutKey(['a/c no.', 'ifsc code', 'AMOUNT (INR)', '', '']));
    expect(a).toMatch(/^v1:3:[0-9a-f]{16}$/);
    expect(a).not.toBe(headerLayoutKey(['IFSC Code', 'A/c No', 'Amount (₹)']));
    expect(a).not.toBe(headerLayoutKey(['A/c No', 'IFSC Code', 'Amount (₹)', 'Remarks']));
    expect(headerLayoutKey(['Sr', '', 'Amount'])).not.toBe(headerLayoutKey(['Sr', 'Amount']));
  });
});

describe('sheet kind', () => {
  it('tells payout sheets from beneficiary sheets by their headers', () => {
    expect(detectSheetKind(['Name', 'Account Number', 'IFSC', 'Amount'])).toBe('payouts');
    expect(detectSheetKind(['Beneficiary ID', 'Amount', 'Mode'])).toBe('payouts');
    expect(detectSheetKind(['Beneficiary Name', 'Account Number', 'IFSC', 'City', 'Pincode'])).toBe('beneficiaries');
    expect(detectSheetKind(['Name', 'UPI ID', 'Email'])).toBe('beneficiaries');
    expect(detectSheetKind(['Foo', 'Bar'])).toBe('payouts');
  });
});
