import type { SheetKind } from '../domain/payout';
import type { FieldKey } from './fields';

/**
 * The columns of the downloadable templates (resources/templates), in order. Every header is a synonym of its
 * field, so a filled-in template maps itself without the user touching the mapping.
 */
export const TEMPLATE_COLUMNS: Record<SheetKind, readonly { header: string; field: FieldKey; hint: string }[]> = {
  payouts: [
    {
      header: 'Beneficiary ID',
      field: 'beneficiaryId',
      hint: 'An existing EnKash beneficiary (leave blank to pay by account/UPI below)',
    },
    { header: 'Beneficiary Name', field: 'name', hint: 'Letters and spaces only, up to 100 characters' },
    { header: 'Account Number', field: 'accountNumber', hint: 'Typed as text so Excel keeps every digit' },
    { header: 'IFSC', field: 'ifsc', hint: '4 letters, a zero, 6 letters/digits, e.g. SBIN0000300' },
    { header: 'UPI ID', field: 'vpa', hint: 'Instead of account + IFSC, e.g. ravi.kumar@okhdfcbank' },
    { header: 'Amount (INR)', field: 'amount', hint: 'Rupees with up to 2 decimals, e.g. 1,23,456.50 (minimum 1.00)' },
    {
      header: 'Mode',
      field: 'mode',
      hint: 'IMPS, NEFT, RTGS or UPI; blank = UPI for a UPI ID, else IMPS up to ₹2,00,000, then NEFT',
    },
    { header: 'Remarks', field: 'remark', hint: 'Letters, digits and spaces; up to 30 characters' },
    { header: 'Reference', field: 'reference', hint: 'Your own reference, e.g. an invoice number' },
    { header: 'Email', field: 'email', hint: 'Optional' },
    { header: 'Mobile', field: 'phone', hint: 'Optional, 10 digits' },
    {
      header: 'Transaction ID',
      field: 'transactionId',
      hint: 'Optional, 1–30 letters/digits; the app creates one when blank',
    },
  ],
  beneficiaries: [
    {
      header: 'Beneficiary ID',
      field: 'beneficiaryId',
      hint: 'Your ID for this payee, letters and digits (the app creates one when blank)',
    },
    { header: 'Beneficiary Name', field: 'name', hint: 'Letters and spaces only, up to 100 characters' },
    { header: 'Account Number', field: 'accountNumber', hint: 'Typed as text so Excel keeps every digit' },
    { header: 'IFSC', field: 'ifsc', hint: '4 letters, a zero, 6 letters/digits, e.g. SBIN0000300' },
    { header: 'UPI ID', field: 'vpa', hint: 'Instead of account + IFSC' },
    { header: 'Email', field: 'email', hint: 'Optional' },
    { header: 'Mobile', field: 'phone', hint: 'Optional, 10 digits' },
    { header: 'Address', field: 'address', hint: 'Optional' },
    { header: 'City', field: 'city', hint: 'Optional' },
    { header: 'State', field: 'state', hint: 'Optional' },
    { header: 'Pincode', field: 'pincode', hint: 'Optional, 6 digits' },
  ],
};

/** File names of the shipped templates, relative to resources/templates. */
export const TEMPLATE_FILES: Record<SheetKind, { csv: string; xlsx: string }> = {
  payouts: { csv: 'payouts-template.csv', xlsx: 'payouts-template.xlsx' },
  beneficiaries: { csv: 'beneficiaries-template.csv', xlsx: 'beneficiaries-template.xlsx' },
};
