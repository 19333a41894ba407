import { describe, expect, it } from 'vitest';
import { paiseToDecimal } from '../../../src/shared/domain/money';
import { checkAccount } from '../../../src/shared/rules/account';
import { checkAmount } from '../../../src/shared/rules/amount';
import { checkEmail, checkPhone, checkPincode } from '../../../src/shared/rules/contact';
import { ENKASH_AMOUNT, ENKASH_FIELDS, ENKASH_TEXT_MAX, fieldAllows } from '../../../src/shared/rules/enkash-fields';
import { checkIfsc } from '../../../src/shared/rules/ifsc';
import { checkName } from '../../../src/shared/rules/name';
import { checkBeneficiaryId } from '../../../src/shared/rules/payee';
import { checkReference } from '../../../src/shared/rules/reference';
import { checkRemark } from '../../../src/shared/rules/remark';
import { checkTransactionId } from '../../../src/shared/rules/transaction-id';
import { checkVpa } from '../../../src/shared/rules/vpa';
import * as client from '../../../src/main/enkash/inputs';
import { DEFAULT_DIALECT, resolveConfig } from '../../../src/main/sandbox/config';
import { createBatchPayout } from '../../../src/main/sandbox/payouts';
import { checkTransfer, validateBeneficiary } from '../../../src/main/sandbox/validation';
import { item, testEngine, wire } from '../sandbox/helpers';

/*
 * The rule book at every boundary (max, max+1, bad characters): the sheet rules, the client's request schemas
 * and the Sandbox accept or refuse the same values, and the rule book says which.
 */
const config = resolveConfig({});
const noBeneficiaries = () => undefined;
const bank = {
  beneficiaryName: 'Ravi Kumar',
  beneficiaryAccountNumber: '123456789012',
  beneficiaryIfsc: 'HDFC0000001',
};
const payout = {
  transactionId: 'T1',
  amountPaise: 1000,
  mode: 'NEFT' as const,
  beneficiary: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'HDFC0000001' },
};
const beneficiary = { beneficiaryId: 'B1', name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'HDFC0000001' };
const vpaBeneficiary = { beneficiaryId: 'B1', name: 'Ravi Kumar', vpa: 'ravi@okaxis' };

const sandboxTransfer = (extra: Record<string, unknown>) =>
  checkTransfer(wire(item('T1', extra)), config, noBeneficiaries);
const sandboxBeneficiary = (extra: Record<string, unknown>) =>
  validateBeneficiary(wire({ beneficiaryId: 'B1', ...bank, ...extra })).ok;
const ok = (r: { success: boolean }) => r.success;
const noError = (r: { value: unknown; problems: { severity: string }[] }) =>
  r.value !== null && r.problems.every((p) => p.severity !== 'error');

/** Per field: how the sheet rules, the client and the Sandbox each answer "is this value allowed?". */
type Judges = { sheet?: (v: string) => boolean; client: (v: string) => boolean; sandbox: (v: string) => boolean };

const JUDGES: Record<string, Judges> = {
  transactionId: {
    sheet: (v) => noError(checkTransactionId(v)),
    client: (v) => ok(client.payoutInputSchema.safeParse({ ...payout, transactionId: v })),
    sandbox: (v) => sandboxTransfer({ transactionId: v }).ok,
  },
  batchTransactionId: {
    client: (v) => ok(client.batchPayoutInputSchema.safeParse({ batchTransactionId: v, transfers: [payout] })),
    sandbox: (v) =>
      createBatchPayout(testEngine().engine, wire({ batchTransactionId: v, transfers: [item('T1')] }), 0).kind === 'ok',
  },
  beneficiaryId: {
    sheet: (v) => noError(checkBeneficiaryId(v)),
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, beneficiaryId: v })),
    sandbox: (v) => sandboxBeneficiary({ beneficiaryId: v }),
  },
  name: {
    sheet: (v) => noError(checkName(v)),
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, name: v })),
    sandbox: (v) => sandboxBeneficiary({ beneficiaryName: v }),
  },
  ifsc: {
    sheet: (v) => noError(checkIfsc(v, () => true)),
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, ifsc: v })),
    sandbox: (v) => sandboxBeneficiary({ beneficiaryIfsc: v }),
  },
  accountNumber: {
    sheet: (v) => noError(checkAccount(v)),
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, accountNumber: v })),
    sandbox: (v) => sandboxBeneficiary({ beneficiaryAccountNumber: v }),
  },
  vpa: {
    sheet: (v) => noError(checkVpa(v)),
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...vpaBeneficiary, vpa: v })),
    sandbox: (v) => validateBeneficiary(wire({ beneficiaryId: 'B1', beneficiaryName: 'Ravi Kumar', vpaHandle: v })).ok,
  },
  remark: {
    sheet: (v) => noError(checkRemark(v)),
    client: (v) => ok(client.payoutInputSchema.safeParse({ ...payout, remark: v })),
    sandbox: (v) => sandboxTransfer({ transferRemark: v }).ok,
  },
  email: {
    sheet: (v) => noError(checkEmail(v)),
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, email: v })),
    sandbox: (v) => sandboxBeneficiary({ beneficiaryEmail: v }),
  },
  phone: {
    // The sheet normalises what people type ("98765 43210") to 10 digits; its output is checked below.
    client: (v) => ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, phone: v })),
    sandbox: (v) => sandboxBeneficiary({ beneficiaryPhone: v }),
  },
  reference: {
    // The Sandbox, like EnKash, documents no reference rule; it is ours, shared by sheet and client.
    sheet: (v) => noError(checkReference(v)),
    client: (v) => ok(client.payoutInputSchema.safeParse({ ...payout, reference: v })),
    sandbox: (v) => fieldAllows('reference', v),
  },
};

const a = (n: number, c = 'A') => c.repeat(n);
const CASES: Record<string, [string, boolean][]> = {
  transactionId: [
    ['Ab9', true],
    [a(30), true],
    [a(31), false],
    ['T_1', false],
    ['T-1', false],
    ['', false],
  ],
  batchTransactionId: [
    [a(30), true],
    [a(31), false],
    ['B_1', false],
    ['B-1', false],
  ],
  beneficiaryId: [
    [a(50), true],
    [a(51), false],
    ['B-1', false],
  ],
  name: [
    ['Ravi Kumar', true],
    [a(100), true],
    [a(101), false],
    ["D'Souza", false],
    ['Ravi 2', false],
  ],
  ifsc: [
    ['HDFC0001234', true],
    ['hdfc0001234', true],
    ['HDFCO001234', false],
    ['HDFC000123', false],
  ],
  accountNumber: [
    ['123456', true],
    ['12345', false],
    [a(35, '1'), true],
    [a(36, '1'), false],
    ['1234-5678', false],
  ],
  vpa: [
    ['ravi@okaxis', true],
    ['a@ok', true],
    [`${a(93, 'a')}@okaxis`, true],
    [`${a(94, 'a')}@okaxis`, false],
    ['ravi@ok-axis', false],
    ['ravi@ok_axis', false],
    ['ravi+1@okaxis', false],
    ['ravi@o', false],
  ],
  remark: [
    ['', true],
    ['Salary March', true],
    [a(50), true],
    [a(51), false],
    [a(100), false],
    ['Rent & bills', false],
  ],
  email: [
    ['asha@example.com', true],
    [`${a(188, 'a')}@example.com`, true],
    [`${a(189, 'a')}@example.com`, false],
    ['asha..iyer@example.com', false],
    ['asha@example', false],
  ],
  phone: [
    ['9876543210', true],
    ['+91 9876543210', true],
    ['98765 43210', false],
    ['12345678', false],
  ],
  reference: [
    ['INV/2025-26/001', true],
    [a(50), true],
    [a(51), false],
    ['INV#1', false],
  ],
};

describe('one rule book: the same answers at every boundary', () => {
  for (const [field, cases] of Object.entries(CASES)) {
    it(`${field}: sheet rules, client and Sandbox agree with the rule book`, () => {
      const judges = JUDGES[field]!;
      for (const [value, allowed] of cases) {
        const label = `${field} ${JSON.stringify(value.length > 40 ? `${value.slice(0, 12)}…(${value.length})` : value)}`;
        expect({ rule: fieldAllows(field as keyof typeof ENKASH_FIELDS, value) }, label).toEqual({ rule: allowed });
        if (judges.sheet) expect({ sheet: judges.sheet(value) }, label).toEqual({ sheet: allowed });
        expect({ client: judges.client(value) }, label).toEqual({ client: allowed });
        expect({ sandbox: judges.sandbox(value) }, label).toEqual({ sandbox: allowed });
      }
    });
  }

  it('amount: ₹1.00 up to the rule book maximum, identically in sheet, client and Sandbox', () => {
    const { minPaise, maxPaise } = ENKASH_AMOUNT;
    for (const [paise, allowed] of [
      [minPaise, true],
      [minPaise - 1, false],
      [maxPaise, true],
      [maxPaise + 1, false],
    ] as const) {
      const label = `${paise} paise`;
      expect({ sheet: noError(checkAmount(paiseToDecimal(paise))) }, label).toEqual({ sheet: allowed });
      expect({ client: ok(client.payoutInputSchema.safeParse({ ...payout, amountPaise: paise })) }, label).toEqual({
        client: allowed,
      });
      const transfer = sandboxTransfer({ transferAmount: paiseToDecimal(paise), transferMode: 'NEFT' });
      expect({ sandbox: transfer.ok }, label).toEqual({ sandbox: allowed });
    }
  });

  it('address, city and state: the client and the Sandbox take the same lengths', () => {
    for (const [field, wire_] of [
      ['address', 'beneficiaryAddress'],
      ['city', 'beneficiaryCity'],
      ['state', 'beneficiaryState'],
    ] as const) {
      const max = ENKASH_TEXT_MAX[field];
      for (const [value, allowed] of [
        [a(max, 'x'), true],
        [a(max + 1, 'x'), false],
      ] as const) {
        const label = `${field} ${value.length}`;
        expect(
          { client: ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, [field]: value })) },
          label,
        ).toEqual({ client: allowed });
        expect({ sandbox: sandboxBeneficiary({ [wire_]: value }) }, label).toEqual({ sandbox: allowed });
      }
    }
  });

  it("the Sandbox's remark limit defaults to the rule book's; lowered, it rehearses a stricter EnKash", () => {
    expect(DEFAULT_DIALECT.remarkMaxLength).toBe(ENKASH_FIELDS.remark.max);
    const remark = { transferRemark: a(31) };
    expect(checkTransfer(wire(item('T1', remark)), config, noBeneficiaries).ok).toBe(true);
    const strict = checkTransfer(wire(item('T1', remark)), config, noBeneficiaries, 30);
    expect(strict.ok ? 'OK' : strict.rejectCode).toBe('REJECT_TRF_RMK');
    const { engine } = testEngine({ dialect: { remarkMaxLength: 30 } });
    const batch = { batchTransactionId: 'B1', transfers: [item('T1', remark)] };
    const answer = createBatchPayout(engine, wire(batch), 0);
    expect(answer.kind === 'ok' && JSON.stringify(answer.payload)).toContain('REJECT_TRF_RMK');
  });

  it('what the sheet stores for phone and PIN code passes the rule book (the sheet is stricter, never looser)', () => {
    for (const typed of ['98765 43210', '+91-98765-43210', '0091 9876543210', '09876543210']) {
      const stored = checkPhone(typed).value;
      expect(stored, typed).not.toBeNull();
      expect(fieldAllows('phone', stored!), typed).toBe(true);
    }
    const pin = checkPincode('560 001').value;
    expect(pin).toBe('560001');
    expect(fieldAllows('pincode', pin!)).toBe(true);
    expect(ok(client.beneficiaryInputSchema.safeParse({ ...beneficiary, pincode: pin }))).toBe(true);
    expect(sandboxBeneficiary({ beneficiaryPincode: pin })).toBe(true);
  });
});
