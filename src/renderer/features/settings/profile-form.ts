import { paiseToDecimal, parseAmountToPaise } from '../../../shared/domain/money';
import type { ApiProfile } from '../../../shared/settings/api-profile';

/** Labels and rupee-text conversion for the API profile form (profile-editor.tsx). */

export const PATH_LABELS: Record<keyof ApiProfile['paths'], string> = {
  token: 'Token',
  createBeneficiary: 'Create beneficiary',
  searchBeneficiary: 'Search beneficiary (undocumented)',
  deleteBeneficiary: 'Delete beneficiary (undocumented)',
  createPayout: 'Create payout',
  createBatchPayout: 'Batch payout',
  searchPayouts: 'Search payouts (undocumented)',
  balance: 'Balance',
  sourceAccountDetails: 'Source account details (undocumented)',
  addSourceAccount: 'Add source account',
  statement: 'Statement',
  createWebhook: 'Create webhook',
  getWebhook: 'Get webhook (undocumented)',
  pennyDrop: 'Bank account verification (penny drop)',
};
export const MODES = ['IMPS', 'NEFT', 'RTGS', 'UPI'] as const;

export type Switches = ApiProfile['switches'];
export const SWITCHES: { [K in keyof Switches]: { label: string; options: [Switches[K], string][] } } = {
  searchPaging: {
    label: 'Search paging parameters',
    options: [
      ['query', 'offset/limit in the query string'],
      ['body', 'offset/limit in the request body'],
    ],
  },
  searchOffsetUnit: {
    label: 'Search offset counts',
    options: [
      ['items', 'items'],
      ['page', 'pages'],
    ],
  },
  statementAmountUnit: {
    label: 'Statement amounts are in',
    options: [
      ['rupees', 'rupees'],
      ['paise', 'paise'],
    ],
  },
  beneficiaryContactFields: {
    label: 'Beneficiary contact field names',
    options: [
      ['prefixed', 'beneficiaryEmail, beneficiaryPhone …'],
      ['plain', 'email, phone …'],
    ],
  },
  checksum: {
    label: 'Request checksum',
    // Only "off" until EnKash gives this account the checksum steps (a 412 "Invalid checksum" says so).
    options: [['off', 'off (EnKash has not supplied the steps)']],
  },
  payeeRouting: {
    label: 'Payee routing',
    // Issue 11 point 1; the default is accepted whether or not EnKash demands an id with an inline payee.
    options: [
      ['inline-with-id', 'Inline with a stable payee id (inline-with-id)'],
      ['registered', 'Register payees first (registered)'],
      ['inline', 'Inline, no id (inline)'],
    ],
  },
  searchPayoutsShape: {
    label: 'Search payouts answer shape',
    options: [
      ['page', '{content: [...], totalElements} (page)'],
      ['transaction-list', '{payoutTransactionList: [...], totalCount} (transaction-list)'],
    ],
  },
  verificationEnvelope: {
    label: 'Bank account verification body',
    // enkash-api.md §16: the verification page shows plain JSON; whether the payout envelope applies is unknown.
    options: [
      ['plain', 'plain JSON, as the verification page shows (plain)'],
      ['encrypted', 'the payout {"request": …} envelope (encrypted)'],
    ],
  },
};

export type LimitText = Record<(typeof MODES)[number], { min: string; max: string }>;

export function limitsToText(limits: ApiProfile['modeLimits']): LimitText {
  const t = (p: number | null) => (p === null ? '' : paiseToDecimal(p));
  return Object.fromEntries(
    MODES.map((m) => [m, { min: t(limits[m].minPaise), max: t(limits[m].maxPaise) }]),
  ) as LimitText;
}

/** Blank means "no limit"; anything else must be an exact rupee amount (never rounded). */
export function textToLimits(text: LimitText): ApiProfile['modeLimits'] | string {
  const out = {} as ApiProfile['modeLimits'];
  for (const m of MODES) {
    const parse = (s: string): number | null | string => {
      if (s.trim() === '') return null;
      const r = parseAmountToPaise(s);
      return r.ok ? r.paise : `${m}: "${s}" is not an amount in rupees`;
    };
    const min = parse(text[m].min);
    const max = parse(text[m].max);
    if (typeof min === 'string') return min;
    if (typeof max === 'string') return max;
    if (min !== null && max !== null && min > max) return `${m}: the minimum is above the maximum`;
    out[m] = { minPaise: min, maxPaise: max };
  }
  return out;
}
