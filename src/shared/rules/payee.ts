import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

/**
 * Who gets paid. A row names an existing beneficiary by id, or carries an inline payee: account + IFSC, or a VPA
 * — never both (EnKash: "Bank account and VPA both provided; give only one").
 */
export type PayeeShape = 'bank' | 'vpa' | 'id-only' | 'none';

/** beneficiaryId: the rule book's (alphanumeric per EnKash, up to 50). */
export const BENEFICIARY_ID_PATTERN = ENKASH_FIELDS.beneficiaryId.pattern;

export function checkBeneficiaryId(raw: string): { value: string | null; problems: Problem[] } {
  const value = raw.trim();
  if (BENEFICIARY_ID_PATTERN.test(value)) return { value, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'beneficiary_id_invalid',
        severity: 'error',
        message: `Beneficiary ID ${quoteValue(value)} must be ${ENKASH_FIELDS.beneficiaryId.hint}.`,
      },
    ],
  };
}

export type PayeePresence = { beneficiaryId: boolean; account: boolean; ifsc: boolean; vpa: boolean };

/**
 * The row's payee shape when checkPayee has no problem to report, else null (then ask checkPayee for it): the
 * clean row's answer without the presence and result objects (issue 15). Same branches as checkPayee.
 */
export function cleanPayeeShape(
  beneficiaryId: boolean,
  account: boolean,
  ifsc: boolean,
  vpa: boolean,
  allowIdOnly: boolean,
): PayeeShape | null {
  if (account) return vpa || !ifsc ? null : 'bank';
  if (vpa) return 'vpa';
  return beneficiaryId && allowIdOnly ? 'id-only' : null;
}

/**
 * Cross-field payee rules on what is present (not blank) in the row: `payee_missing`, `payee_ambiguous`,
 * `ifsc_missing`. `allowIdOnly` is true on payout sheets (an existing payee), false on beneficiary sheets.
 */
export function checkPayee(
  p: PayeePresence,
  allowIdOnly: boolean,
): { shape: PayeeShape; problems: Problem[]; on: 'account' | 'ifsc' | 'vpa' } {
  if (p.account && p.vpa) {
    return {
      shape: 'none',
      on: 'vpa',
      problems: [
        {
          code: 'payee_ambiguous',
          severity: 'error',
          message: 'Row has both an account number and a UPI ID; keep only one.',
        },
      ],
    };
  }
  if (p.account) {
    if (!p.ifsc) {
      return {
        shape: 'bank',
        on: 'ifsc',
        problems: [{ code: 'ifsc_missing', severity: 'error', message: 'Account number is given but IFSC is blank.' }],
      };
    }
    return { shape: 'bank', on: 'account', problems: [] };
  }
  if (p.vpa) return { shape: 'vpa', on: 'vpa', problems: [] };
  if (p.beneficiaryId && allowIdOnly) return { shape: 'id-only', on: 'account', problems: [] };
  const what = allowIdOnly
    ? 'a beneficiary ID, an account number + IFSC, or a UPI ID'
    : 'an account number + IFSC, or a UPI ID';
  return {
    shape: 'none',
    on: 'account',
    problems: [{ code: 'payee_missing', severity: 'error', message: `No payee: give ${what}.` }],
  };
}
