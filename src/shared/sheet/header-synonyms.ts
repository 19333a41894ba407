import type { FieldKey } from './fields';

/**
 * Header synonyms accountants actually write. Matching is case-, space- and punctuation-insensitive: both the
 * header and the synonyms go through `normaliseHeader`, which also drops currency markers and filler words
 * ("Amount (₹)", "Amount in Rs." and "AMOUNT" all become "amount"; "A/c No." becomes "ac").
 */
const SYNONYMS: Record<FieldKey, readonly string[]> = {
  beneficiaryId: [
    'Beneficiary Id',
    'Beneficiary Code',
    'Bene Id',
    'Bene Code',
    'Benef Id',
    'Payee Id',
    'Payee Code',
    'BeneficiaryId',
  ],
  name: [
    'Name',
    'Beneficiary Name',
    'Payee Name',
    'Bene Name',
    'Account Holder Name',
    'Account Holder',
    'A/c Holder Name',
    'Account Name',
    'Vendor Name',
    'Employee Name',
    'Party Name',
    'Customer Name',
    'Receiver Name',
    'Recipient Name',
    'Supplier Name',
    'Full Name',
    'Name As Per Bank',
    'Name As Per Bank Account',
  ],
  accountNumber: [
    'Account Number',
    'Account No',
    'Account',
    'A/c No',
    'A/c',
    'Ac No',
    'Acc No',
    'Acct No',
    'Bank Account',
    'Bank Account Number',
    'Bank A/c',
    'Bank A/c No',
    'Beneficiary Account Number',
    'Beneficiary Account No',
    'Beneficiary Account',
    'Beneficiary A/c No',
    'Bene Account No',
    'Bene A/c No',
    'Payee Account Number',
    'Payee Account No',
    'Credit Account Number',
    'Credit A/c No',
    'Savings Account Number',
    'Beneficiary Bank Account',
    'Beneficiary Bank Account Number',
  ],
  ifsc: [
    'IFSC',
    'IFSC Code',
    'IFS Code',
    'Bank IFSC',
    'Bank IFSC Code',
    'Beneficiary IFSC',
    'Beneficiary IFSC Code',
    'Bene IFSC',
    'Payee IFSC',
    'Branch IFSC',
    'IFSC No',
  ],
  vpa: [
    'UPI ID',
    'UPI',
    'VPA',
    'UPI VPA',
    'UPI Handle',
    'VPA Handle',
    'UPI Address',
    'Virtual Payment Address',
    'Beneficiary UPI',
    'Beneficiary UPI ID',
    'Beneficiary VPA',
    'Payee UPI ID',
    'Payee VPA',
  ],
  email: [
    'Email',
    'Email ID',
    'E-mail',
    'Email Address',
    'Mail',
    'Mail ID',
    'Beneficiary Email',
    'Beneficiary Email ID',
    'Payee Email',
  ],
  phone: [
    'Mobile',
    'Mobile No',
    'Mobile Number',
    'Phone',
    'Phone No',
    'Phone Number',
    'Contact',
    'Contact No',
    'Contact Number',
    'Mob No',
    'Cell',
    'Beneficiary Mobile',
    'Beneficiary Mobile No',
    'Beneficiary Phone',
    'Payee Mobile',
  ],
  amount: [
    'Amount',
    'Amt',
    'Payment Amount',
    'Transfer Amount',
    'Payout Amount',
    'Net Amount',
    'Net Pay',
    'Net Payable',
    'Net Salary',
    'Amount Payable',
    'Payable Amount',
    'Txn Amount',
    'Transaction Amount',
    'Value',
    'Total Amount',
  ],
  mode: [
    'Mode',
    'Payment Mode',
    'Transfer Mode',
    'Txn Mode',
    'Transaction Mode',
    'Pay Mode',
    'Mode of Payment',
    'Payment Type',
    'Transfer Type',
  ],
  remark: [
    'Remark',
    'Remarks',
    'Narration',
    'Transfer Remark',
    'Transfer Remarks',
    'Payment Remarks',
    'Payment Remark',
    'Description',
    'Purpose',
    'Note',
    'Notes',
    'Comments',
    'Payment Narration',
    'Particulars',
  ],
  reference: [
    'Reference',
    'Ref',
    'Ref No',
    'Reference No',
    'Reference Number',
    'Payment Reference',
    'Customer Reference',
    'Invoice No',
    'Invoice Number',
    'Bill No',
  ],
  transactionId: [
    'Transaction Id',
    'Txn Id',
    'Transaction Ref',
    'Txn Ref',
    'Txn Ref No',
    'Transaction Reference',
    'Unique Id',
    'TransactionId',
  ],
  address: [
    'Address',
    'Beneficiary Address',
    'Address Line',
    'Address Line 1',
    'Street',
    'Full Address',
    'Postal Address',
  ],
  city: ['City', 'Town', 'City Name', 'District'],
  state: ['State', 'State Name', 'Province'],
  pincode: ['Pincode', 'Pin Code', 'PIN', 'Postal Code', 'Post Code', 'Zip', 'Zip Code'],
};

// Tokens that carry no meaning for matching: currency markers and "number" words.
const FILLER = new Set(['inr', 'rs', 'rupees', 'rupee', 'in', 'no', 'num', 'nbr', 'number', 'of', 'the']);
// Leading qualifiers that may prefix any field name ("Vendor IFSC", "Employee Mobile").
const QUALIFIERS = [
  'beneficiary',
  'bene',
  'benef',
  'payee',
  'vendor',
  'employee',
  'emp',
  'party',
  'customer',
  'receiver',
  'recipient',
  'supplier',
  'creditor',
];

/** Lower-case alphanumeric tokens without filler words, joined: "Amount (₹)" → "amount", "A/c No." → "ac". */
export function normaliseHeader(header: string): string {
  const tokens = header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[₹]/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '' && !FILLER.has(t));
  return tokens.join('');
}

const EXACT = new Map<string, FieldKey>();
for (const [field, list] of Object.entries(SYNONYMS) as [FieldKey, readonly string[]][]) {
  for (const synonym of list) {
    const key = normaliseHeader(synonym);
    if (!EXACT.has(key)) EXACT.set(key, field);
  }
}

/** The field a header most likely means, or null. Exact synonym first, then without a leading qualifier. */
export function fieldForHeader(header: string): FieldKey | null {
  const key = normaliseHeader(header);
  if (key === '') return null;
  const exact = EXACT.get(key);
  if (exact) return exact;
  for (const q of QUALIFIERS) {
    if (key.startsWith(q) && key.length > q.length) {
      const rest = EXACT.get(key.slice(q.length));
      // "Beneficiary Id" is matched exactly above; a bare "id" after a qualifier is too vague to guess.
      if (rest && rest !== 'beneficiaryId') return rest;
    }
  }
  return null;
}

/** The synonyms of a field (for help text in the mapping UI). */
export function synonymsOf(field: FieldKey): readonly string[] {
  return SYNONYMS[field];
}
