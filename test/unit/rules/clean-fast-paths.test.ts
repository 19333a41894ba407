import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash53 } from '../../../src/shared/domain/hash';
import { fastAmountPaise, parseAmountToPaise } from '../../../src/shared/domain/money';
import type { TransferMode } from '../../../src/shared/domain/payout';
import { formatPaise, formatPaiseIntl } from '../../../src/shared/format/rupees';
import { checkAccount, isCleanAccount } from '../../../src/shared/rules/account';
import { duplicatePayoutKey, duplicatePayoutText } from '../../../src/shared/rules/duplicates';
import { checkIfsc, isCleanIfsc } from '../../../src/shared/rules/ifsc';
import {
  checkMode,
  checkModeLimits,
  checkModeMatchesPayee,
  exactMode,
  modeMatchesPayee,
  withinModeLimits,
} from '../../../src/shared/rules/mode';
import { checkName, isCleanName } from '../../../src/shared/rules/name';
import { checkPayee, cleanPayeeShape } from '../../../src/shared/rules/payee';
import { checkReference, isCleanReference } from '../../../src/shared/rules/reference';
import { checkRemark, isCleanRemark } from '../../../src/shared/rules/remark';
import { checkVpa, isCleanVpa } from '../../../src/shared/rules/vpa';

/**
 * Issue 15's fast paths must be invisible: each `isClean…` test is true exactly when its rule keeps the text
 * unchanged with no problem, and every shortcut gives what the slow road gives. Text is generated from alphabets
 * around each rule's edges (case, spaces, the one extra character, the length limit).
 */

const text = (chars: string, maxLength: number) =>
  fc.array(fc.constantFrom(...chars.split('')), { maxLength }).map((a) => a.join(''));

/** The rule keeps `t` as it is and reports nothing. */
function keeps(rule: (t: string) => { value: unknown; problems: unknown[] }, t: string): boolean {
  const r = rule(t);
  return r.value === t && r.problems.length === 0;
}

function agree(clean: (t: string) => boolean, rule: (t: string) => { value: unknown; problems: unknown[] }) {
  return (t: string) => {
    expect([t, clean(t)]).toEqual([t, keeps(rule, t)]);
  };
}

describe('isClean… tests agree with their rules', () => {
  it('name: letters and single spaces, 1 to 100', () => {
    fc.assert(fc.property(text('aZ  \t.é', 12), agree(isCleanName, checkName)), { numRuns: 3000 });
    for (const t of ['A'.repeat(100), 'A'.repeat(101), ' Ravi', 'Ravi ', 'Ravi  Kumar', 'R K', ' ', '', '@', '`'])
      agree(isCleanName, checkName)(t);
  });

  it('account: 9 to 18 digits without a warning', () => {
    fc.assert(fc.property(text('0123456789 aA-', 20), agree(isCleanAccount, checkAccount)), { numRuns: 3000 });
    for (let n = 5; n <= 20; n++) agree(isCleanAccount, checkAccount)('7'.repeat(n));
  });

  it('IFSC: upper-case, well formed (the dataset look-up follows)', () => {
    const known = (t: string) => checkIfsc(t, () => true);
    const ifsc = fc
      .tuple(text('ABz0', 4), fc.constantFrom('0', 'O', 'o', '1'), text('AZaz09 ', 6))
      .map(([a, b, c]) => a + b + c);
    fc.assert(fc.property(ifsc, agree(isCleanIfsc, known)), { numRuns: 3000 });
    for (const t of ['SBIN0001234', 'SBIN000123', 'sbin0001234', 'SBIN00012345', '1BIN0001234', 'SBIN0ABCDEF'])
      agree(isCleanIfsc, known)(t);
  });

  it('VPA: lower-case handle@psp within the rule book', () => {
    const vpa = fc
      .tuple(text('aZ9._-@ ', 5), fc.constantFrom('@', ''), text('a9.Z-_@', 6))
      .map(([a, b, c]) => a + b + c);
    fc.assert(fc.property(vpa, agree(isCleanVpa, checkVpa)), { numRuns: 4000 });
    const long = `${'a'.repeat(40)}@${'b'.repeat(59)}`;
    for (const t of [long, `${long}c`, `a@${'b'.repeat(64)}`, `a@${'b'.repeat(65)}`, 'a@b', 'a@bc', '.@b.c', 'a@.bc'])
      agree(isCleanVpa, checkVpa)(t);
  });

  it('remark: letters, digits, single spaces, at most 30 (no warning)', () => {
    fc.assert(fc.property(text('aZ9  -\t', 34), agree(isCleanRemark, checkRemark)), { numRuns: 3000 });
    for (let n = 28; n <= 32; n++) agree(isCleanRemark, checkRemark)('a'.repeat(n));
  });

  it('reference: its characters, single spaces, 1 to 50', () => {
    fc.assert(fc.property(text('aZ9 _/.-,\t', 12), agree(isCleanReference, checkReference)), { numRuns: 3000 });
    for (let n = 0; n <= 52; n += 1) agree(isCleanReference, checkReference)('/'.repeat(n));
  });

  it('mode: the exact upper-case word', () => {
    for (const t of ['IMPS', 'NEFT', 'RTGS', 'UPI', 'imps', 'Upi', 'UPI ', 'CASH', ''])
      expect(exactMode(t) !== null).toBe(checkMode(t).value === t);
  });
});

describe('predicates asked before the rules', () => {
  it('modeMatchesPayee and withinModeLimits are false exactly when the rule reports', () => {
    const limits = {
      IMPS: { minPaise: 1000, maxPaise: 500_000 },
      NEFT: { minPaise: null, maxPaise: null },
      RTGS: { minPaise: 20_000_000, maxPaise: null },
      UPI: { minPaise: null, maxPaise: 10_000_000 },
    };
    for (const mode of ['IMPS', 'NEFT', 'RTGS', 'UPI'] as TransferMode[]) {
      for (const payee of ['bank', 'vpa', 'id-only', 'none'] as const)
        expect(modeMatchesPayee(mode, payee)).toBe(checkModeMatchesPayee(mode, payee).length === 0);
      for (const amount of [100, 999, 1000, 500_000, 500_001, 10_000_000, 10_000_001, 19_999_999, 20_000_000])
        expect(withinModeLimits(mode, amount, limits)).toBe(checkModeLimits(mode, amount, limits).length === 0);
    }
  });

  it('cleanPayeeShape is checkPayee’s shape when it has no problem, else null', () => {
    for (let bits = 0; bits < 32; bits++) {
      const [id, account, ifsc, vpa, idOnly] = [1, 2, 4, 8, 16].map((b) => (bits & b) !== 0) as boolean[];
      const full = checkPayee({ beneficiaryId: id!, account: account!, ifsc: ifsc!, vpa: vpa! }, idOnly!);
      expect(cleanPayeeShape(id!, account!, ifsc!, vpa!, idOnly!)).toBe(full.problems.length ? null : full.shape);
    }
  });
});

// The fast path as it was before issue 15's character loop (regular expressions), the reference it must equal.
const PLAIN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{2,3})+)(?:\.(\d{1,2}))?$/;
const INDIAN = /^\d{1,2}(?:,\d{2})*,\d{3}$/;
const WESTERN = /^\d{1,3}(?:,\d{3})+$/;
function regexFastPath(t: string): number {
  const plain = PLAIN.exec(t);
  if (plain) return Number(plain[1]! + (plain[2] ?? '').padEnd(2, '0'));
  const grouped = GROUPED.exec(t);
  if (grouped && (INDIAN.test(grouped[1]!) || WESTERN.test(grouped[1]!))) {
    const digits = grouped[1]!.replace(/,/g, '');
    if (digits.length <= 13) return Number(digits + (grouped[2] ?? '').padEnd(2, '0'));
  }
  return -1;
}

describe('fastAmountPaise', () => {
  it('takes exactly the texts the regex fast path took, with the same paise', () => {
    const amount = text('0123456789,,.', 20);
    fc.assert(
      fc.property(amount, (t) => {
        expect([t, fastAmountPaise(t)]).toEqual([t, regexFastPath(t)]);
        const parsed = parseAmountToPaise(t);
        if (fastAmountPaise(t) >= 0) expect(parsed).toEqual({ ok: true, paise: fastAmountPaise(t) });
      }),
      { numRuns: 20000 },
    );
  });

  it('on the edges: 13 digits, grouping shapes, decimals', () => {
    const cases = [
      '9999999999999',
      '99999999999999',
      '9999999999999.99',
      '9999999999999.999',
      '1.',
      '.5',
      '1.5',
      '1.55',
      '1,000',
      '1,00,000',
      '10,00,000',
      '1,000,000',
      '12,345',
      '123,45',
      '1,2345',
      ',100',
      '100,',
      '1,,000',
      '1,000.5',
      '1,000.',
      '99,99,99,99,99,999',
      '9,999,999,999,999',
      '99,999,999,999,999',
      '0',
      '00',
      '0.0',
      '1 000',
      '+100',
      '१००',
    ];
    for (const t of cases) expect([t, fastAmountPaise(t)]).toEqual([t, regexFastPath(t)]);
  });
});

describe('duplicatePayoutKey', () => {
  it('is hash53 of duplicatePayoutText, built without the text', () => {
    const loose = text('aZ  \t\n\u00a0\u2003İéx1#', 10);
    const payee = fc.record(
      {
        accountNumber: fc.constantFrom('123456789012', ''),
        ifsc: fc.constantFrom('SBIN0001234', ''),
        vpa: fc.constantFrom('a@okaxis', ''),
        beneficiaryId: fc.constantFrom('vend1', 'İd', ''),
      },
      { requiredKeys: [] },
    );
    const amount = fc.oneof(fc.constantFrom(null, 0, 100, 9, 10, 999_999_999_999_999), fc.nat());
    fc.assert(
      fc.property(payee, amount, loose, loose, (p, a, remark, reference) => {
        const textKey = duplicatePayoutText(p, a, remark, reference);
        expect(duplicatePayoutKey(p, a, remark, reference)).toBe(textKey === null ? null : hash53(textKey));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatPaise', () => {
  it('prints what Intl prints, for every size and sign', () => {
    const paise = fc.oneof(
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: -100_000, max: 100_000 }),
    );
    fc.assert(
      fc.property(paise, (p) => {
        expect(formatPaise(p)).toBe(formatPaiseIntl(p));
      }),
      { numRuns: 5000 },
    );
    for (let p = 1; p < Number.MAX_SAFE_INTEGER / 10; p *= 10) {
      expect(formatPaise(p)).toBe(formatPaiseIntl(p));
      expect(formatPaise(p - 1)).toBe(formatPaiseIntl(p - 1));
    }
    expect(formatPaise(-0)).toBe('₹0.00');
    expect(formatPaise(12345678)).toBe('₹1,23,456.78');
    expect(() => formatPaise(1.5)).toThrow(RangeError);
    expect(formatPaise(10n ** 20n)).toBe(formatPaiseIntl(10n ** 20n));
  });
});

describe('hash53', () => {
  it('keeps its values (int32 seeds give the same 32 bits as the written constants)', () => {
    expect(hash53('')).toBe(5517405813085275);
    expect(hash53('a')).toBe(5062353413430036);
    expect(hash53('abc')).toBe(4236113885264022);
    expect(hash53('ac:102802067456|PUNB0244200#14803650#salary march#inv0')).toBe(8665451519949771);
    expect(hash53('İé\u0000\uffff')).toBe(8236405836642571);
  });
});
