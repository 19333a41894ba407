import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/main/sandbox/config';
import type { StoredBeneficiary } from '../../../src/main/sandbox/state';
import { checkTransfer, validateBeneficiary } from '../../../src/main/sandbox/validation';
import { item, wire } from './helpers';

const config = resolveConfig({});
const stored: StoredBeneficiary = {
  beneficiaryId: 'BEN1',
  beneficiaryName: 'Asha',
  vpaHandle: 'asha@okaxis',
  createdOn: 0,
};
const lookup = (id: string) => (id === 'BEN1' ? stored : undefined);
const code = (body: Record<string, unknown>) => {
  const r = checkTransfer(wire(body), config, lookup);
  return r.ok ? 'OK' : r.rejectCode;
};

describe('checkTransfer', () => {
  it('accepts a valid transfer with exact paise', () => {
    const r = checkTransfer(wire(item('T1', { transferAmount: 2_00_000 })), config, lookup);
    expect(r.ok && r.draft.amountPaise).toBe(2_00_000_00);
  });

  it('returns the documented reject code for each broken field', () => {
    expect(code(item('bad id!'))).toBe('REJECT_TXN_ID');
    expect(code(item(''))).toBe('REJECT_TXN_ID');
    expect(code(item('T', { transferAmount: undefined }))).toBe('REJECT_TRF_AMT');
    expect(code(item('T', { transferAmount: 0.99 }))).toBe('REJECT_TRF_AMT');
    expect(code(item('T', { transferAmount: true }))).toBe('REJECT_TRF_AMT');
    expect(code(item('T', { transferMode: 'IMPS', transferAmount: 200_000.01 }))).toBe('REJECT_TRF_AMT');
    expect(code(item('T', { transferMode: 'IMPS', transferAmount: 200_000 }))).toBe('OK');
    expect(code(item('T', { transferMode: 'RTGS', transferAmount: 1000 }))).toBe('REJECT_TRF_AMT');
    expect(code(item('T', { transferMode: 'imps' }))).toBe('REJECT_TRF_MODE');
    expect(code(item('T', { transferRemark: 'Rent & bills' }))).toBe('REJECT_TRF_RMK');
    expect(code(item('T', { transferRemark: 'x'.repeat(51) }))).toBe('REJECT_TRF_RMK');
    expect(code(item('T', { fundSourceId: 'EKWRONG' }))).toBe('REJECT_FND_SRC_ID');
    expect(code(item('T', { beneficiaryDetail: undefined }))).toBe('REJECT_BENEF_ID');
    expect(code(item('T', { beneficiaryDetail: undefined, beneficiaryId: 'NOPE' }))).toBe('REJECT_BENEF_ID');
    expect(code(item('T', { beneficiaryDetail: 'x' }))).toBe('REJECT_BENEF_DET_ID');
    expect(
      code(item('T', { beneficiaryDetail: { beneficiaryId: 'a b', beneficiaryName: 'Asha', vpaHandle: 'a@ok' } })),
    ).toBe('REJECT_BENEF_DET_ID');
    expect(
      code(
        item('T', {
          beneficiaryDetail: {
            beneficiaryName: '',
            beneficiaryAccountNumber: '123456789',
            beneficiaryIfsc: 'SBIN0001234',
          },
        }),
      ),
    ).toBe('REJECT_BENEF_NAME');
    expect(
      code(
        item('T', {
          beneficiaryDetail: {
            beneficiaryName: 'Asha',
            beneficiaryAccountNumber: '12-34',
            beneficiaryIfsc: 'SBIN0001234',
          },
        }),
      ),
    ).toBe('REJECT_BENEF_ACC');
    expect(
      code(
        item('T', {
          beneficiaryDetail: {
            beneficiaryName: 'Asha',
            beneficiaryAccountNumber: '123456789',
            beneficiaryIfsc: 'SBIN1001234',
          },
        }),
      ),
    ).toBe('REJECT_BENEF_IFSC');
    expect(code(item('T', { beneficiaryDetail: { beneficiaryName: 'Asha', beneficiaryIfsc: 'SBIN0001234' } }))).toBe(
      'REJECT_BENEF_ACC',
    );
    expect(
      code(
        item('T', {
          beneficiaryDetail: {
            beneficiaryName: 'Asha',
            beneficiaryAccountNumber: '123456789',
            beneficiaryIfsc: 'SBIN0001234',
            vpaHandle: 'a@ok',
          },
        }),
      ),
    ).toBe('REJECT_BENEF_ACC');
  });

  it('ties UPI to a VPA and the bank modes to an account', () => {
    expect(code(item('T', { transferMode: 'UPI' }))).toBe('REJECT_TRF_MODE');
    expect(code(item('T', { beneficiaryDetail: undefined, beneficiaryId: 'BEN1' }))).toBe('REJECT_TRF_MODE');
    expect(code(item('T', { beneficiaryDetail: undefined, beneficiaryId: 'BEN1', transferMode: 'UPI' }))).toBe('OK');
  });

  it('keeps what it could read on a rejection, so the REJECTED row echoes it', () => {
    const r = checkTransfer(wire(item('T9', { transferRemark: 'a/b' })), config, lookup);
    expect(r.ok).toBe(false);
    expect(r.draft).toMatchObject({ transactionId: 'T9', amountPaise: 1000, transferMode: 'NEFT' });
  });
});

describe('validateBeneficiary', () => {
  const base = {
    beneficiaryId: 'B1',
    beneficiaryName: 'Asha Rao',
    beneficiaryAccountNumber: '123456789',
    beneficiaryIfsc: 'sbin0001234',
  };

  it('normalises and accepts a bank beneficiary', () => {
    const r = validateBeneficiary(wire(base));
    expect(r.ok && r.value.beneficiaryIfsc).toBe('SBIN0001234');
  });

  it('maps each problem to the documented code and message', () => {
    const fail = (b: Record<string, unknown>) => {
      const r = validateBeneficiary(wire(b));
      return r.ok ? 'OK' : `${r.code} ${r.message}`;
    };
    expect(fail({ ...base, beneficiaryIfsc: undefined })).toBe('412 Bank account and IFSC both are required');
    expect(fail({ ...base, vpaHandle: 'a@ok' })).toBe('412 Bank account and VPA both provided; give only one');
    expect(fail({ ...base, beneficiaryName: 'A'.repeat(101) })).toBe('422 Please provide a valid name');
    expect(fail({ ...base, beneficiaryPincode: '1234567' })).toBe('422 Invalid or missing parameter in the request');
    expect(fail({ ...base, beneficiaryAccountNumber: 123456789 })).toBe(
      '422 Invalid or missing parameter in the request',
    );
    expect(
      fail({
        beneficiaryId: 'B1',
        beneficiaryName: 'Asha',
        vpaHandle: 'asha-1@okaxis',
        beneficiaryPhone: '9876543210',
      }),
    ).toBe('OK');
  });
});
