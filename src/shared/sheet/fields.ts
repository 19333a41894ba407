import type { SheetKind } from '../domain/payout';

// The payee fields both sheet kinds share, in the order templates and the mapping UI show them.
const PAYEE_FIELDS = ['beneficiaryId', 'name', 'accountNumber', 'ifsc', 'vpa', 'email', 'phone'] as const;
const PAYMENT_FIELDS = ['amount', 'mode', 'remark', 'reference', 'transactionId'] as const;
const ADDRESS_FIELDS = ['address', 'city', 'state', 'pincode'] as const;

/** Every field a sheet column can map to. */
export const FIELD_KEYS = [...PAYEE_FIELDS, ...PAYMENT_FIELDS, ...ADDRESS_FIELDS] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** Human labels, used in the mapping UI and when an issue concerns a field that has no column. */
export const FIELD_LABELS: Record<FieldKey, string> = {
  beneficiaryId: 'Beneficiary ID',
  name: 'Name',
  accountNumber: 'Account number',
  ifsc: 'IFSC',
  vpa: 'UPI ID',
  email: 'Email',
  phone: 'Phone',
  amount: 'Amount',
  mode: 'Mode',
  remark: 'Remark',
  reference: 'Reference',
  transactionId: 'Transaction ID',
  address: 'Address',
  city: 'City',
  state: 'State',
  pincode: 'PIN code',
};

/** Fields per sheet kind, in the order templates and the mapping UI show them. */
export const KIND_FIELDS: Record<SheetKind, readonly FieldKey[]> = {
  payouts: [...PAYEE_FIELDS, ...PAYMENT_FIELDS],
  beneficiaries: [...PAYEE_FIELDS, ...ADDRESS_FIELDS],
};

/**
 * Columns a sheet must have. Each inner list is "at least one of". Payouts need an amount and some way to name
 * the payee; beneficiary sheets need a name and account or VPA (beneficiaryId may be minted by the app).
 */
export const REQUIRED_FIELDS: Record<SheetKind, readonly (readonly FieldKey[])[]> = {
  payouts: [['amount'], ['beneficiaryId', 'accountNumber', 'vpa']],
  beneficiaries: [['name'], ['accountNumber', 'vpa']],
};

/** Field values treated as identifiers: Excel number damage is checked on these. */
export const IDENTIFIER_FIELDS: readonly FieldKey[] = [
  'accountNumber',
  'beneficiaryId',
  'transactionId',
  'reference',
  'phone',
  'pincode',
];

/** No real cell needs more; longer values are rejected before any pattern runs (a 10 MB cell stays cheap). */
export const MAX_CELL_LENGTH = 1000;
