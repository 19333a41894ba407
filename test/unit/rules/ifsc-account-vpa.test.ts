import { describe, expect, it } from 'vitest';
import { checkAccount } from '../../../src/shared/rules/account';
import { checkIfsc, normaliseIfsc } from '../../../src/shared/rules/ifsc';
import { bankNameForIfsc, ifscExists } from '../../../src/shared/rules/ifsc-data';
import { checkVpa } from '../../../src/shared/rules/vpa';

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('IFSC', () => {
  it('accepts real branch codes in any case and stores them upper-case', () => {
    expect(checkIfsc('SBIN0000300')).toEqual({ value: 'SBIN0000300', problems: [] });
    expect(checkIfsc(' sbin0000300 ').value).toBe('SBIN0000300');
    expect(checkIfsc('hdfc 0000240').value).toBe('HDFC0000240');
    expect(checkIfsc('BARB0VJVASH').problems).toEqual([]);
    expect(normaliseIfsc(' icic0000001')).toBe('ICIC0000001');
  });

  it('rejects malformed codes, with a hint for the letter O typo', () => {
    const typo = checkIfsc('SBINO000300');
    expect(codes(typo)).toEqual(['ifsc_invalid']);
    expect(typo.problems[0]!.message).toMatch(/digit zero, not the letter O/);
    for (const bad of ['SBIN000300', 'SBIN00003000', '1BIN0000300', 'SBIN1000300', 'SBIN-000300', 'SB IN']) {
      expect(codes(checkIfsc(bad)), bad).toEqual(['ifsc_invalid']);
    }
  });

  it('warns (not errors) for a well-formed code missing from the offline list', () => {
    const r = checkIfsc('HDFC0009999');
    expect(r.value).toBe('HDFC0009999');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ifsc_unknown', severity: 'warning' })]);
    expect(checkIfsc('ZZZZ0000001').problems[0]!.code).toBe('ifsc_unknown');
  });

  it('looks codes up in the ifsc dataset, numeric and alphanumeric branches alike', () => {
    expect(ifscExists('SBIN0000001')).toBe(true);
    expect(ifscExists('ABNA0100310')).toBe(true);
    expect(ifscExists('ABNA0NEFT02')).toBe(true);
    expect(ifscExists('IDIB000A001')).toBe(true);
    expect(ifscExists('KKBK0000001')).toBe(false);
    expect(ifscExists('SBIN000001')).toBe(false);
    expect(ifscExists('CONS0000001')).toBe(false); // "constructor"-like keys are not banks
    expect(bankNameForIfsc('HDFC0000240')).toBe('HDFC Bank');
    expect(bankNameForIfsc('sbin0000300')).toBe('State Bank of India');
    expect(bankNameForIfsc('ZZZZ0000001')).toBeUndefined();
  });

  it('uses an injected existence check when given', () => {
    expect(checkIfsc('SBIN0000300', () => false).problems[0]!.code).toBe('ifsc_unknown');
  });
});

describe('account number', () => {
  it('accepts 9–18 digit accounts, removing spaces', () => {
    expect(checkAccount('123456789012')).toEqual({ value: '123456789012', problems: [] });
    expect(checkAccount('000123456789').value).toBe('000123456789');
    expect(checkAccount('5010 0012 3456 78')).toEqual({ value: '50100012345678', problems: [] });
    expect(checkAccount('123456789').problems).toEqual([]);
    expect(checkAccount('123456789012345678').problems).toEqual([]);
  });

  it('warns for lengths or letters outside the usual Indian range', () => {
    expect(codes(checkAccount('12345678'))).toEqual(['account_unusual']);
    expect(codes(checkAccount('1234567890123456789'))).toEqual(['account_unusual']);
    expect(codes(checkAccount('NRE0012345678'))).toEqual(['account_unusual']);
    expect(checkAccount('nre0012345678').value).toBe('NRE0012345678');
  });

  it('rejects fewer than 5 or more than 35 characters, and punctuation', () => {
    expect(codes(checkAccount('1234'))).toEqual(['account_invalid']);
    expect(codes(checkAccount('1'.repeat(36)))).toEqual(['account_invalid']);
    expect(codes(checkAccount('1234-5678-9012'))).toEqual(['account_invalid']);
    expect(codes(checkAccount('12345678.0'))).toEqual(['account_invalid']);
  });

  it('never puts the account number in the message', () => {
    const r = checkAccount('9876-543210');
    expect(r.problems[0]!.message).not.toContain('543210');
  });
});

describe('UPI VPA', () => {
  it('accepts handle@psp and stores it lower-case', () => {
    expect(checkVpa('ravi.kumar@okhdfcbank')).toEqual({ value: 'ravi.kumar@okhdfcbank', problems: [] });
    expect(checkVpa(' Meena.Iyer@OkAxis ').value).toBe('meena.iyer@okaxis');
    expect(checkVpa('9876543210@ybl').problems).toEqual([]);
    expect(checkVpa('ravi_kumar-1@paytm').problems).toEqual([]);
  });

  it('rejects what either EnKash pattern would reject', () => {
    for (const bad of [
      'ravi',
      'ravi@',
      '@okaxis',
      'ravi@@okaxis',
      'ravi kumar@okaxis',
      'ravi@ok-axis',
      'ravi@okaxis.',
      'ravi@o',
      'ravi+1@okaxis',
      'a@b@c',
    ]) {
      expect(codes(checkVpa(bad)), bad).toEqual(['vpa_invalid']);
    }
  });
});
