import { describe, expect, it } from 'vitest';
import { checkEmail, checkPhone, checkPincode } from '../../../src/shared/rules/contact';
import { checkName, suggestNameCleanup } from '../../../src/shared/rules/name';
import { checkRemark, suggestRemarkCleanup } from '../../../src/shared/rules/remark';
import { checkTransactionId } from '../../../src/shared/rules/transaction-id';
import { checkBeneficiaryId, checkPayee } from '../../../src/shared/rules/payee';

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('name', () => {
  it('accepts letters and spaces, collapsing whitespace', () => {
    expect(checkName('Ravi Kumar')).toEqual({ value: 'Ravi Kumar', problems: [] });
    expect(checkName('  RAVI   kumar ')).toEqual({ value: 'RAVI kumar', problems: [] });
    expect(checkName('A'.repeat(100)).problems).toEqual([]);
  });

  it('rejects blank, over 100 characters, and anything but letters and spaces', () => {
    expect(codes(checkName(''))).toEqual(['name_invalid']);
    expect(codes(checkName('A'.repeat(101)))).toEqual(['name_invalid']);
    for (const bad of [
      "Anil D'Souza",
      'Kumar & Sons',
      'M/s. Ravi Traders',
      'S. Kumar',
      'Ravi Kumar 2',
      'José Fernandes',
      'रवि कुमार',
    ]) {
      expect(codes(checkName(bad)), bad).toEqual(['name_invalid']);
    }
  });

  it('proposes a clean-up and says what it changes', () => {
    expect(suggestNameCleanup("Anil D'Souza")).toEqual({ cleaned: 'Anil DSouza', changes: ['removed apostrophes'] });
    expect(suggestNameCleanup('Kumar & Sons')?.cleaned).toBe('Kumar and Sons');
    expect(suggestNameCleanup('M/s. Ravi Traders')?.cleaned).toBe('Ms Ravi Traders');
    expect(suggestNameCleanup('S.Kumar')?.cleaned).toBe('S Kumar');
    expect(suggestNameCleanup('José Fernandes')).toEqual({ cleaned: 'Jose Fernandes', changes: ['removed accents'] });
    expect(suggestNameCleanup('Ravi Kumar (HR-2)')?.changes).toEqual([
      'removed digits',
      'replaced "(" "-" ")" with spaces',
    ]);
    expect(suggestNameCleanup('Ravi Kumar (HR-2)')?.cleaned).toBe('Ravi Kumar HR');
    const long = suggestNameCleanup(`${'Word '.repeat(30)}End`);
    expect(long!.cleaned.length).toBeLessThanOrEqual(100);
    expect(long!.cleaned.endsWith('Word')).toBe(true);
    expect(suggestNameCleanup('Ravi Kumar')).toBeNull();
    expect(suggestNameCleanup('1234 !!')).toBeNull();
    expect(checkName('Kumar & Sons').problems[0]!.message).toContain('Suggested: "Kumar and Sons"');
  });
});

describe('remark', () => {
  it('allows letters, digits and spaces; blank is fine', () => {
    expect(checkRemark('Salary March 2025')).toEqual({ value: 'Salary March 2025', problems: [] });
    expect(checkRemark('')).toEqual({ value: '', problems: [] });
  });

  it('rejects other characters and warns over 30', () => {
    expect(codes(checkRemark('Salary-March #3'))).toEqual(['remark_invalid']);
    expect(checkRemark('Salary-March #3').problems[0]!.message).toContain('"-" "#"');
    expect(codes(checkRemark('Invoice 1234, 1235'))).toEqual(['remark_invalid']);
    expect(checkRemark('A'.repeat(30)).problems).toEqual([]);
    expect(checkRemark('Payment for consulting services March')).toEqual({
      value: 'Payment for consulting services March',
      problems: [expect.objectContaining({ code: 'remark_long', severity: 'warning' })],
    });
    expect(suggestRemarkCleanup('Salary-March #3')).toBe('Salary March 3');
  });
});

describe('email, phone, pincode', () => {
  it('accepts ordinary addresses and rejects broken ones', () => {
    expect(checkEmail('accounts@ravitraders.in').problems).toEqual([]);
    expect(checkEmail('ravi.kumar+hr@mail.example.co.in').problems).toEqual([]);
    for (const bad of [
      'kumar@sons',
      'ravi kumar@x.in',
      'ravi@@x.in',
      '@x.in',
      'ravi@x..in',
      `${'a'.repeat(196)}@x.in`,
    ]) {
      expect(codes(checkEmail(bad)), bad).toEqual(['email_invalid']);
    }
  });

  it('normalises Indian phone numbers to 10 digits', () => {
    for (const ok of [
      '9876543210',
      '98765 43210',
      '+91 98765 43210',
      '+91-98765-43210',
      '0091 9876543210',
      '09876543210',
      '919876543210',
      '(+91) 9876543210',
    ]) {
      expect(checkPhone(ok), ok).toEqual({ value: '9876543210', problems: [] });
    }
    for (const bad of ['98765', '98765432101', '+1 98765', 'phone', '9876543210 ext 5']) {
      expect(codes(checkPhone(bad)), bad).toEqual(['phone_invalid']);
    }
  });

  it('accepts 6-digit PIN codes', () => {
    expect(checkPincode('411001')).toEqual({ value: '411001', problems: [] });
    expect(checkPincode('600 001').value).toBe('600001');
    for (const bad of ['41100', '4110011', '011001', 'PUNE'])
      expect(codes(checkPincode(bad)), bad).toEqual(['pincode_invalid']);
  });
});

describe('transaction and beneficiary ids', () => {
  it('transactionId is 1–30 letters/digits', () => {
    expect(checkTransactionId('TXN20250331001').problems).toEqual([]);
    expect(checkTransactionId('A'.repeat(30)).problems).toEqual([]);
    for (const bad of ['A'.repeat(31), 'TXN-001', 'TXN 001', 'TXN_001']) {
      expect(codes(checkTransactionId(bad)), bad).toEqual(['transaction_id_invalid']);
    }
  });

  it('beneficiaryId is alphanumeric', () => {
    expect(checkBeneficiaryId('VEND001').value).toBe('VEND001');
    expect(codes(checkBeneficiaryId('VEND-001'))).toEqual(['beneficiary_id_invalid']);
  });
});

describe('payee cross-field rules', () => {
  const p = (o: Partial<{ beneficiaryId: boolean; account: boolean; ifsc: boolean; vpa: boolean }>) => ({
    beneficiaryId: false,
    account: false,
    ifsc: false,
    vpa: false,
    ...o,
  });
  it('needs a beneficiary id, account + IFSC, or a VPA — and not both account and VPA', () => {
    expect(checkPayee(p({ account: true, ifsc: true }), true)).toMatchObject({ shape: 'bank', problems: [] });
    expect(checkPayee(p({ vpa: true }), true)).toMatchObject({ shape: 'vpa', problems: [] });
    expect(checkPayee(p({ beneficiaryId: true }), true)).toMatchObject({ shape: 'id-only', problems: [] });
    expect(codes(checkPayee(p({ beneficiaryId: true }), false))).toEqual(['payee_missing']);
    expect(codes(checkPayee(p({}), true))).toEqual(['payee_missing']);
    expect(codes(checkPayee(p({ account: true }), true))).toEqual(['ifsc_missing']);
    expect(checkPayee(p({ account: true }), true).on).toBe('ifsc');
    expect(codes(checkPayee(p({ account: true, ifsc: true, vpa: true }), true))).toEqual(['payee_ambiguous']);
    expect(codes(checkPayee(p({ ifsc: true }), true))).toEqual(['payee_missing']);
  });
});
