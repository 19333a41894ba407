import { has, isJsonObject, JsonNumber, readString, type JsonObject } from './exact-json';
import { parseAmountText } from './money';
import type { StoredBeneficiary } from './state';
import { TRANSFER_MODES, type PayeeSnapshot, type RejectCode, type TransferMode } from './types';
import type { SandboxConfig } from './config';
import { ENKASH_AMOUNT, ENKASH_FIELDS, ENKASH_TEXT_MAX } from '../../shared/rules/enkash-fields';

/**
 * Field rules of the simulator: the rule book's (src/shared/rules/enkash-fields.ts), the very objects the
 * sheet rules and the client read: what the app sends passes here, what it refuses is refused here too. Pure
 * functions: the HTTP layer and unit tests call them the same way.
 */

export const PATTERNS = {
  beneficiaryId: ENKASH_FIELDS.beneficiaryId.pattern,
  transactionId: ENKASH_FIELDS.transactionId.pattern,
  batchTransactionId: ENKASH_FIELDS.batchTransactionId.pattern,
  name: ENKASH_FIELDS.name.pattern,
  ifsc: ENKASH_FIELDS.ifsc.pattern,
  account: ENKASH_FIELDS.accountNumber.pattern,
  /** Source (whitelist) account, as documented. */
  sourceAccount: ENKASH_FIELDS.sourceAccountNumber.pattern,
  vpa: ENKASH_FIELDS.vpa.pattern,
  email: ENKASH_FIELDS.email.pattern,
  phone: ENKASH_FIELDS.phone.pattern,
  pincode: ENKASH_FIELDS.pincode.pattern,
  remark: ENKASH_FIELDS.remark.pattern,
  companyId: ENKASH_FIELDS.companyId.pattern,
} as const;

export const MESSAGES = {
  beneficiaryExists: 'Beneficiary ID already exists',
  transactionExists: 'Transaction ID already exists',
  batchExists: 'Batch Transaction ID already exists',
  accountAndIfsc: 'Bank account and IFSC both are required',
  accountAndVpa: 'Bank account and VPA both provided; give only one',
  invalidCompany: 'Invalid Company ID',
  invalidEncrypted: 'Invalid encrypted request',
  invalidFormat: 'Invalid request format',
  invalidBeneficiaryId: 'Please provide a valid Beneficiary ID',
  invalidName: 'Please provide a valid name',
  invalidVpa: 'Please provide a valid Virtual Payee Address (VPA)',
  invalidParameter: 'Invalid or missing parameter in the request',
  noBeneficiary: 'No beneficiary details present',
  invalidEmail: 'Please provide a valid email',
  invalidPhone: 'Please provide a valid phone number',
  beneficiaryNotFound: 'Beneficiary not found',
  webhookNotFound: 'Webhook configuration not found',
} as const;

export type Failure = { ok: false; code: number; message: string };

const OPTIONAL_TEXT = [
  ['beneficiaryAddress', ENKASH_TEXT_MAX.address],
  ['beneficiaryCity', ENKASH_TEXT_MAX.city],
  ['beneficiaryState', ENKASH_TEXT_MAX.state],
] as const;

/** Every field must be a string when present; a number or object where text belongs is a format error. */
function allStrings(obj: JsonObject, keys: readonly string[]): boolean {
  return keys.every((k) => !has(obj, k) || typeof obj[k] === 'string');
}

/** Create Beneficiary rules → the record to store, or the documented 412/422 code and message. */
export function validateBeneficiary(
  obj: JsonObject,
): { ok: true; value: Omit<StoredBeneficiary, 'createdOn'> } | Failure {
  const keys = [
    'beneficiaryId',
    'beneficiaryName',
    'beneficiaryAccountNumber',
    'beneficiaryIfsc',
    'vpaHandle',
    'beneficiaryEmail',
    'beneficiaryPhone',
    'beneficiaryPincode',
    ...OPTIONAL_TEXT.map(([k]) => k),
  ];
  if (!allStrings(obj, keys)) return { ok: false, code: 422, message: MESSAGES.invalidParameter };
  const s = (k: string): string | undefined => {
    const v = readString(obj, k)?.trim();
    return v ? v : undefined;
  };
  const id = s('beneficiaryId');
  if (!id || !PATTERNS.beneficiaryId.test(id)) return { ok: false, code: 422, message: MESSAGES.invalidBeneficiaryId };
  const name = s('beneficiaryName');
  if (!name || !PATTERNS.name.test(name)) return { ok: false, code: 422, message: MESSAGES.invalidName };
  const account = s('beneficiaryAccountNumber');
  const ifsc = s('beneficiaryIfsc');
  const vpa = s('vpaHandle');
  if ((account || ifsc) && vpa) return { ok: false, code: 412, message: MESSAGES.accountAndVpa };
  if ((account || ifsc) && !(account && ifsc)) return { ok: false, code: 412, message: MESSAGES.accountAndIfsc };
  if (!account && !vpa) return { ok: false, code: 422, message: MESSAGES.noBeneficiary };
  if (account && !PATTERNS.account.test(account)) return { ok: false, code: 422, message: MESSAGES.invalidParameter };
  if (ifsc && !PATTERNS.ifsc.test(ifsc)) return { ok: false, code: 422, message: MESSAGES.invalidParameter };
  if (vpa && !PATTERNS.vpa.test(vpa)) return { ok: false, code: 422, message: MESSAGES.invalidVpa };
  const email = s('beneficiaryEmail');
  if (email && !PATTERNS.email.test(email)) {
    return { ok: false, code: 422, message: MESSAGES.invalidEmail };
  }
  const phone = s('beneficiaryPhone');
  if (phone && !PATTERNS.phone.test(phone)) return { ok: false, code: 422, message: MESSAGES.invalidPhone };
  const pincode = s('beneficiaryPincode');
  if (pincode && !PATTERNS.pincode.test(pincode)) return { ok: false, code: 422, message: MESSAGES.invalidParameter };
  for (const [k, max] of OPTIONAL_TEXT) {
    if ((s(k)?.length ?? 0) > max) return { ok: false, code: 422, message: MESSAGES.invalidParameter };
  }
  return {
    ok: true,
    value: {
      beneficiaryId: id,
      beneficiaryName: name,
      beneficiaryAccountNumber: account,
      beneficiaryIfsc: ifsc?.toUpperCase(),
      vpaHandle: vpa,
      beneficiaryEmail: email,
      beneficiaryPhone: phone,
      beneficiaryAddress: s('beneficiaryAddress'),
      beneficiaryCity: s('beneficiaryCity'),
      beneficiaryState: s('beneficiaryState'),
      beneficiaryPincode: pincode,
    },
  };
}

/** What could be read from one transfer, kept even when it is rejected (so REJECTED rows echo it). */
export type TransferDraft = {
  transactionId?: string;
  amountPaise?: number;
  transferMode?: string;
  transferRemark?: string;
  reference?: string;
  beneficiaryId?: string;
  payee?: PayeeSnapshot;
};

export type TransferCheck =
  | {
      ok: true;
      draft: TransferDraft & {
        transactionId: string;
        amountPaise: number;
        transferMode: TransferMode;
        payee: PayeeSnapshot;
      };
    }
  | { ok: false; draft: TransferDraft; rejectCode: RejectCode; reason: string };

type Lookup = (beneficiaryId: string) => StoredBeneficiary | undefined;

function text(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v.trim() || undefined : undefined;
}

function payeeFromDetail(
  d: JsonObject,
  requireId = false,
): { payee: PayeeSnapshot } | { code: RejectCode; reason: string } {
  const detailId = text(d, 'beneficiaryId');
  if (has(d, 'beneficiaryId') && (!detailId || !PATTERNS.beneficiaryId.test(detailId))) {
    return { code: 'REJECT_BENEF_DET_ID', reason: 'Invalid beneficiaryDetail.beneficiaryId' };
  }
  // Dialect `requireInlineBeneficiaryId` (§15.17 read strictly): the detail has 5.1's fields, id required.
  if (requireId && !detailId) return { code: 'REJECT_BENEF_ID', reason: MESSAGES.invalidBeneficiaryId };
  const name = text(d, 'beneficiaryName');
  if (!name || !PATTERNS.name.test(name)) return { code: 'REJECT_BENEF_NAME', reason: 'Invalid beneficiary name' };
  const account = text(d, 'beneficiaryAccountNumber');
  const ifsc = text(d, 'beneficiaryIfsc');
  const vpa = text(d, 'vpaHandle');
  if ((account || ifsc) && vpa) return { code: 'REJECT_BENEF_ACC', reason: 'Give either account + IFSC or a VPA' };
  if (account && !ifsc) return { code: 'REJECT_BENEF_IFSC', reason: 'IFSC is required with an account number' };
  if (ifsc && !account) return { code: 'REJECT_BENEF_ACC', reason: 'Account number is required with an IFSC' };
  if (!account && !vpa) return { code: 'REJECT_BENEF_ACC', reason: MESSAGES.noBeneficiary };
  if (account && !PATTERNS.account.test(account)) return { code: 'REJECT_BENEF_ACC', reason: 'Invalid account number' };
  if (ifsc && !PATTERNS.ifsc.test(ifsc)) return { code: 'REJECT_BENEF_IFSC', reason: 'Invalid IFSC' };
  if (vpa && !PATTERNS.vpa.test(vpa)) return { code: 'REJECT_BENEF_ACC', reason: 'Invalid VPA' };
  const email = text(d, 'beneficiaryEmail');
  if (has(d, 'beneficiaryEmail') && (!email || !PATTERNS.email.test(email))) {
    return { code: 'REJECT_BENEF_EMAIL', reason: 'Invalid beneficiary email' };
  }
  return { payee: { name, accountNumber: account, ifsc: ifsc?.toUpperCase(), vpa, email } };
}

/**
 * Validates one transfer (single payout or batch item) in the documented REJECT_* order. Balance and
 * duplicate rules are not here: they depend on state and are applied by the payouts module.
 */
export function checkTransfer(
  obj: JsonObject,
  config: SandboxConfig,
  lookup: Lookup,
  remarkMaxLength: number = ENKASH_FIELDS.remark.max,
  requireInlineBeneficiaryId = false,
): TransferCheck {
  const draft: TransferDraft = {};
  const reject = (rejectCode: RejectCode, reason: string): TransferCheck => ({ ok: false, draft, rejectCode, reason });

  const txn = typeof obj.transactionId === 'string' ? obj.transactionId : undefined;
  if (txn !== undefined && PATTERNS.transactionId.test(txn)) draft.transactionId = txn;
  const amountRaw = obj.transferAmount;
  const amount =
    amountRaw instanceof JsonNumber || typeof amountRaw === 'string'
      ? parseAmountText(amountRaw instanceof JsonNumber ? amountRaw.raw : amountRaw)
      : null;
  if (amount?.ok) draft.amountPaise = amount.paise;
  const mode = typeof obj.transferMode === 'string' ? obj.transferMode : undefined;
  draft.transferMode = mode;
  draft.transferRemark = typeof obj.transferRemark === 'string' ? obj.transferRemark : undefined;
  draft.reference = typeof obj.reference === 'string' ? obj.reference : undefined;
  draft.beneficiaryId = text(obj, 'beneficiaryId');

  if (!draft.transactionId) return reject('REJECT_TXN_ID', 'Transaction ID missing or invalid');
  if (!amount) return reject('REJECT_TRF_AMT', 'Transfer amount missing');
  if (!amount.ok) return reject('REJECT_TRF_AMT', `Transfer amount invalid: ${amount.reason}`);
  if (amount.paise < ENKASH_AMOUNT.minPaise) return reject('REJECT_TRF_AMT', 'Transfer amount must be at least 1.00');
  if (amount.paise > ENKASH_AMOUNT.maxPaise) return reject('REJECT_TRF_AMT', 'Transfer amount above the maximum');
  if (!mode || !(TRANSFER_MODES as readonly string[]).includes(mode)) {
    return reject('REJECT_TRF_MODE', 'Transfer mode missing or unsupported');
  }
  const transferMode = mode as TransferMode;
  const limit = config.modeLimits[transferMode];
  if (limit.maxPaise !== null && amount.paise > limit.maxPaise) {
    return reject('REJECT_TRF_AMT', `Amount above the ${transferMode} limit`);
  }
  if (limit.minPaise !== null && amount.paise < limit.minPaise) {
    return reject('REJECT_TRF_AMT', `Amount below the ${transferMode} minimum`);
  }
  if (
    has(obj, 'transferRemark') &&
    (draft.transferRemark === undefined ||
      !PATTERNS.remark.test(draft.transferRemark) ||
      draft.transferRemark.length > remarkMaxLength)
  ) {
    return reject('REJECT_TRF_RMK', `Remark may hold up to ${remarkMaxLength} letters, digits and spaces`);
  }
  if (has(obj, 'fundSourceId') && readString(obj, 'fundSourceId') !== config.credentials.fundSourceId) {
    return reject('REJECT_FND_SRC_ID', 'Unknown fund source');
  }

  let payee: PayeeSnapshot;
  if (has(obj, 'beneficiaryId')) {
    const id = draft.beneficiaryId;
    const stored = id && PATTERNS.beneficiaryId.test(id) ? lookup(id) : undefined;
    if (!stored || stored.deletedOn !== undefined)
      return reject('REJECT_BENEF_ID', 'Beneficiary ID missing or unknown');
    payee = {
      name: stored.beneficiaryName,
      accountNumber: stored.beneficiaryAccountNumber,
      ifsc: stored.beneficiaryIfsc,
      vpa: stored.vpaHandle,
      email: stored.beneficiaryEmail,
    };
  } else if (has(obj, 'beneficiaryDetail')) {
    const detail = obj.beneficiaryDetail;
    if (!isJsonObject(detail)) return reject('REJECT_BENEF_DET_ID', 'beneficiaryDetail must be an object');
    const got = payeeFromDetail(detail, requireInlineBeneficiaryId);
    if ('code' in got) return reject(got.code, got.reason);
    payee = got.payee;
    draft.beneficiaryId = text(detail, 'beneficiaryId');
  } else {
    return reject('REJECT_BENEF_ID', MESSAGES.noBeneficiary);
  }
  draft.payee = payee;
  if (transferMode === 'UPI' && !payee.vpa) return reject('REJECT_TRF_MODE', 'UPI needs a beneficiary VPA');
  if (transferMode !== 'UPI' && !payee.accountNumber) {
    return reject('REJECT_TRF_MODE', `${transferMode} needs a beneficiary account and IFSC`);
  }
  return {
    ok: true,
    draft: { ...draft, transactionId: draft.transactionId, amountPaise: amount.paise, transferMode, payee },
  };
}
