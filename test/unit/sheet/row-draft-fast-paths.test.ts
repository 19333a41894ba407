import fc from 'fast-check';
import ifscBranches from 'ifsc/src/IFSC.json';
import { describe, expect, it } from 'vitest';
import { ifscExists } from '../../../src/shared/rules/ifsc-data';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import type { MappedRow } from '../../../src/shared/sheet/row-draft';
import { createPayoutRowScan, evaluatePayoutRow, scanPayoutRow } from '../../../src/shared/sheet/row-draft';

/**
 * Issue 15's cheaper entry points must not change an answer: `scanPayoutRow` keeps exactly what
 * `evaluatePayoutRow` gives, and the IFSC look-up (numbers and packed bank codes) is the dataset's.
 */

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const row = fc.record(
  {
    name: pick('Ravi Kumar', 'Ravi  Kumar', ' Ravi', 'R@vi', 'A'.repeat(1000), ''),
    accountNumber: pick('102802067456', '12345678', '1.23457E+15', '1234 5678 9012', ''),
    ifsc: pick('SBIN0000300', 'sbin0000300', 'SBINO000300', 'ABCD0123456', ''),
    vpa: pick('payee1@okaxis', 'Payee@OKAXIS', 'bad', ''),
    beneficiaryId: pick('VEND1', '1E5', 'v-1', ''),
    amount: pick(
      '1500',
      ' 1500 ',
      '\u00a01500',
      '1,48,036.50',
      '20000001',
      '10000000.01',
      '0.50',
      '-5',
      'Rs. 1500/-',
      '1500.505',
      '',
    ),
    mode: pick('IMPS', 'neft', 'RTGS', 'UPI', 'UPI\t', '\ufeffIMPS', 'CASH', ''),
    remark: pick('Salary March', 'Salary  March', 'Salary-March', 'A'.repeat(40), ''),
    reference: pick('INV1', 'inv/1-2', '1E5', 'x'.repeat(60), ''),
    transactionId: pick('TXN1', 'txn_1', '1.5E3', ''),
    phone: pick('+91 98765 43210', '12345', ''),
  },
  { requiredKeys: [] },
);
const numeric = fc.option(fc.record({ accountNumber: pick('12345678', '1.23456789012346E+15') }), { nil: undefined });

describe('scanPayoutRow', () => {
  it('keeps what evaluatePayoutRow gives, row after row into one reused object', () => {
    const ctx = { labels: { amount: 'Amount (₹)' }, modeLimits: DEFAULT_API_PROFILE.modeLimits };
    const out = createPayoutRowScan();
    fc.assert(
      fc.property(row, numeric, fc.nat(1000), (values, num, n) => {
        const m: MappedRow = { row: n + 2, values };
        if (num) m.numeric = num;
        const ev = evaluatePayoutRow(m, ctx);
        const scan = scanPayoutRow(m, ctx, out);
        expect(scan).toBe(out);
        expect({ ...scan }).toEqual({
          row: ev.draft.row,
          amountPaise: ev.draft.amountPaise,
          mode: ev.draft.mode,
          modeDefaulted: ev.draft.modeDefaulted,
          hasAccount: ev.draft.accountNumber !== undefined,
          issues: ev.issues.length ? ev.issues : null,
          idKey: ev.idKey,
          dupKey: ev.dupKey,
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('a clean row has no issue list; evaluatePayoutRow still hands out a list of its own', () => {
    const ctx = { labels: {}, modeLimits: DEFAULT_API_PROFILE.modeLimits };
    const m: MappedRow = { row: 2, values: { name: 'Ravi', vpa: 'r@okaxis', amount: '1500', mode: 'UPI' } };
    expect(scanPayoutRow(m, ctx, createPayoutRowScan()).issues).toBeNull();
    const a = evaluatePayoutRow(m, ctx).issues;
    const b = evaluatePayoutRow(m, ctx).issues;
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    a.push({ row: 2, column: '', code: 'x', severity: 'warning', message: 'x' } as never);
    expect(evaluatePayoutRow(m, ctx).issues).toEqual([]);
  });
});

describe('cell text', () => {
  it('is trimmed as String.trim trims: padding a cell with any whitespace changes nothing', () => {
    const ctx = { labels: {}, modeLimits: DEFAULT_API_PROFILE.modeLimits };
    const pad = fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff', '\u2003', '\n ');
    fc.assert(
      fc.property(row, pad, pad, (values, before, after) => {
        const padded = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, `${before}${v}${after}`]));
        const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
        expect(evaluatePayoutRow({ row: 2, values: padded }, ctx)).toEqual(
          evaluatePayoutRow({ row: 2, values: trimmed }, ctx),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ifscExists', () => {
  const branches = ifscBranches as unknown as Record<string, ReadonlyArray<number | string>>;
  // The look-up as it was: one Set of 6-character codes per bank.
  const sets = new Map<string, Set<string>>();
  const reference = (ifsc: string) => {
    const bank = ifsc.slice(0, 4);
    let codes = sets.get(bank);
    if (!codes) {
      const list = Object.prototype.hasOwnProperty.call(branches, bank) ? branches[bank]! : [];
      codes = new Set(list.map((b) => (typeof b === 'number' ? String(b).padStart(6, '0') : b.toUpperCase())));
      sets.set(bank, codes);
    }
    return ifsc.length === 11 && codes.has(ifsc.slice(5));
  };

  it('answers as the dataset does for every branch of a few banks and their near misses', () => {
    for (const bank of ['SBIN', 'HDFC', 'BARB', 'PUNB']) {
      for (const b of branches[bank]!.slice(0, 400)) {
        const code = typeof b === 'number' ? String(b).padStart(6, '0') : b.toUpperCase();
        for (const ifsc of [`${bank}0${code}`, `${bank}0${code.slice(1)}9`, `${bank}0${code.toLowerCase()}`]) {
          expect([ifsc, ifscExists(ifsc)]).toEqual([ifsc, reference(ifsc)]);
        }
      }
    }
    for (const ifsc of ['SBIN0000300', 'SBIN0000300 ', 'SBIN000300', 'ZZZZ0000001', 'ŚBIN0000300', 'SBIN01234567'])
      expect([ifsc, ifscExists(ifsc)]).toEqual([ifsc, reference(ifsc)]);
  });
});
