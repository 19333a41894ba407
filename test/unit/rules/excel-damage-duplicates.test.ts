import { describe, expect, it } from 'vitest';
import { duplicatePayoutKey, payeeKey } from '../../../src/shared/rules/duplicates';
import {
  checkExcelDamage,
  expandNumericText,
  looksScientific,
  numericDigitCount,
} from '../../../src/shared/rules/excel-damage';

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('Excel damage', () => {
  it('spots scientific notation as Excel writes it', () => {
    expect(looksScientific('1.23457E+15')).toBe(true);
    expect(looksScientific('9.87654E+11')).toBe(true);
    expect(looksScientific('1E+15')).toBe(true);
    expect(looksScientific('123456789012')).toBe(false);
    expect(looksScientific('E+15')).toBe(false);
    expect(codes(checkExcelDamage('1.23457E+15', undefined, true))).toEqual(['excel_scientific_notation']);
  });

  it('expands numeric cell text without floats', () => {
    expect(expandNumericText('1.23456789012346E+15')).toBe('1234567890123460');
    expect(expandNumericText('123456789012345680')).toBe('123456789012345680');
    expect(expandNumericText('1180.0000000000002')).toBe('1180.0000000000002');
    expect(expandNumericText('2.5E-3')).toBe('0.0025');
    expect(expandNumericText('-2E-3')).toBe('-0.002');
    expect(expandNumericText('1500')).toBe('1500');
    expect(expandNumericText('1500.50')).toBe('1500.5');
    expect(expandNumericText('0')).toBe('0');
    expect(expandNumericText('1E+999')).toBe('1E+999');
    expect(expandNumericText('not a number')).toBe('not a number');
    expect(numericDigitCount('1234567890123460')).toBe(16);
    expect(numericDigitCount('0.0025')).toBe(4);
  });

  it('flags numeric cells over 15 digits and short accounts from number cells', () => {
    expect(codes(checkExcelDamage('123456789012345680', '123456789012345680', true))).toEqual(['excel_precision_loss']);
    expect(codes(checkExcelDamage('1234567890123460', '1.23456789012346E+15', false))).toEqual([
      'excel_precision_loss',
    ]);
    expect(checkExcelDamage('123456789012345', '123456789012345', true)).toEqual([]);
    expect(checkExcelDamage('123456789012', '123456789012', true)).toEqual([]);
    expect(codes(checkExcelDamage('1234567', '1234567', true))).toEqual(['excel_leading_zeros']);
    expect(checkExcelDamage('1234567', '1234567', false)).toEqual([]);
    expect(checkExcelDamage('1234567', undefined, true)).toEqual([]);
  });
});

describe('duplicate keys and groups', () => {
  it('identifies payees by account+IFSC, else VPA, else beneficiary id', () => {
    expect(payeeKey({ accountNumber: '1', ifsc: 'X', vpa: 'a@b', beneficiaryId: 'B' })).toBe('ac:1|X');
    expect(payeeKey({ vpa: 'a@b', beneficiaryId: 'B' })).toBe('vpa:a@b');
    expect(payeeKey({ beneficiaryId: 'vend1' })).toBe('id:VEND1');
    expect(payeeKey({ accountNumber: '1' })).toBeNull();
    const a = duplicatePayoutKey({ vpa: 'a@b' }, 100, ' Salary  March', 'INV1');
    expect(a).toBe(duplicatePayoutKey({ vpa: 'a@b' }, 100, 'salary march', 'inv1'));
    expect(a).not.toBe(duplicatePayoutKey({ vpa: 'a@b' }, 101, 'salary march', 'inv1'));
    expect(duplicatePayoutKey({ vpa: 'a@b' }, null, '', '')).toBeNull();
  });
});
