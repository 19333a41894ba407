import type { Issue } from '../domain/issue';
import { fastAmountPaise } from '../domain/money';
import type { BeneficiaryDraft, ModeLimits, PayoutDraft, TransferMode } from '../domain/payout';
import { checkAmount, MIN_AMOUNT_PAISE } from '../rules/amount';
import { checkEmail, checkPhone, checkPincode } from '../rules/contact';
import { duplicatePayoutKey, payeeKey } from '../rules/duplicates';
import { ENKASH_AMOUNT } from '../rules/enkash-fields';
import {
  checkMode,
  checkModeLimits,
  checkModeMatchesPayee,
  defaultMode,
  exactMode,
  modeMatchesPayee,
  withinModeLimits,
} from '../rules/mode';
import { checkReference, isCleanReference } from '../rules/reference';
import { checkRemark, isCleanRemark } from '../rules/remark';
import { checkTransactionId, TRANSACTION_ID_PATTERN, transactionIdKey } from '../rules/transaction-id';
import type { FieldKey } from './fields';
import type { ParseRowProblem } from './parsed-sheet';
import type { RowChecker } from './row-checker';
import {
  beneficiaryIdOf,
  cell,
  checkBankAndVpa,
  freeText,
  quietName,
  releaseChecker,
  requiredName,
  takeChecker,
} from './row-checker';

/** One data row as field → cell text, independent of the sheet layout. This is what the renderer hands to main. */
export type MappedRow = {
  /** Excel row number. */
  row: number;
  values: Partial<Record<FieldKey, string>>;
  /** Fields whose cell was numeric in the xlsx, with the number's original text. */
  numeric?: Partial<Record<FieldKey, string>>;
  /** Structural problems the parser found in this row. */
  problems?: ParseRowProblem[];
};

export type RowContext = {
  labels: Partial<Record<FieldKey, string>>;
  modeLimits: ModeLimits;
  ifscExists?: (ifsc: string) => boolean;
};

/** A row's draft, its own issues, and the keys the whole-sheet duplicate checks need. */
export type RowEvaluation<D> = {
  draft: D;
  issues: Issue[];
  /** transactionId (payouts) or beneficiaryId (beneficiaries) key, for "repeated in the sheet" errors. */
  idKey: string | null;
  /** Same payee (+ amount + remark + reference on payouts), for duplicate_row warnings. */
  dupKey: string | number | null;
};

const MAX_AMOUNT_PAISE = ENKASH_AMOUNT.maxPaise;

/** Validates one payout row: every rule except the whole-sheet duplicate checks. */
export function evaluatePayoutRow(m: MappedRow, ctx: RowContext): RowEvaluation<PayoutDraft> {
  const c = takeChecker(m, ctx);
  try {
    return payoutRow(c, m, ctx);
  } finally {
    releaseChecker(c);
  }
}

/** Every payout rule on the row; what is kept goes to the checker's fields, the issues to `c.issues`. */
function payoutChecks(c: RowChecker, m: MappedRow, ctx: RowContext): void {
  const v = m.values;
  const nameText = cell(v.name);
  const amountText = cell(v.amount);
  const modeText = cell(v.mode);
  const remarkText = cell(v.remark);
  const referenceText = cell(v.reference);
  const transactionIdText = cell(v.transactionId);

  const beneficiaryId = beneficiaryIdOf(c, c.beneficiaryIdText);
  // With only a beneficiary id the name is informational (EnKash already knows the payee), so it is not checked;
  // an inline payee needs a valid name because EnKash creates the beneficiary from it.
  const inline = c.accountText !== '' || c.vpaText !== '';
  const name = inline ? requiredName(c, nameText) : quietName(nameText);
  const shape = checkBankAndVpa(c, ctx, true);
  const email = c.check('email', cell(v.email), checkEmail);
  const phone = c.check('phone', cell(v.phone), checkPhone);
  let amountPaise: number | null = null;
  if (amountText === '') c.add('amount', checkAmount('').problems);
  else {
    const fast = fastAmountPaise(amountText);
    // A plain or grouped amount within the payout bounds is exactly what checkAmount accepts without a problem.
    if (fast >= MIN_AMOUNT_PAISE && fast <= MAX_AMOUNT_PAISE) amountPaise = fast;
    else amountPaise = c.check('amount', amountText, checkAmount, m.numeric?.amount !== undefined) ?? null;
  }
  // A blank mode gets the default rule's choice, flagged so the preview can show it as a default.
  const modeDefaulted = modeText === '';
  const mode: TransferMode | null = modeDefaulted
    ? defaultMode(shape === 'vpa', amountPaise, ctx.modeLimits)
    : (exactMode(modeText) ?? c.check('mode', modeText, checkMode) ?? null);
  if (mode === 'UPI' && shape === 'none') {
    // Said in the row's own mode: "No payee" leaves the author of a UPI row guessing (issue 17 point 11).
    const missing = c.issues.find((i) => i.code === 'payee_missing');
    if (missing) missing.message = 'Mode is UPI but the row has no UPI ID: add a UPI ID or bank details.';
  }
  if (mode !== null) {
    if (!modeMatchesPayee(mode, shape)) c.add('mode', checkModeMatchesPayee(mode, shape));
    if (amountPaise !== null && amountPaise >= MIN_AMOUNT_PAISE && !withinModeLimits(mode, amountPaise, ctx.modeLimits))
      c.add('amount', checkModeLimits(mode, amountPaise, ctx.modeLimits));
  }
  const remark =
    remarkText !== '' && isCleanRemark(remarkText) ? remarkText : c.check('remark', remarkText, checkRemark);
  const reference =
    referenceText !== '' && c.undamaged(referenceText) && isCleanReference(referenceText)
      ? referenceText
      : c.check('reference', referenceText, checkReference);
  const transactionId =
    transactionIdText !== '' && c.undamaged(transactionIdText) && TRANSACTION_ID_PATTERN.test(transactionIdText)
      ? transactionIdText
      : c.check('transactionId', transactionIdText, checkTransactionId);

  c.beneficiaryId = beneficiaryId;
  c.name = name;
  c.email = email;
  c.phone = phone;
  c.amountPaise = amountPaise;
  c.mode = mode;
  c.modeDefaulted = modeDefaulted;
  c.remark = remark;
  c.reference = reference;
  c.transactionId = transactionId;
  c.remarkText = remarkText;
  c.referenceText = referenceText;
}

function payoutRow(c: RowChecker, m: MappedRow, ctx: RowContext): RowEvaluation<PayoutDraft> {
  payoutChecks(c, m, ctx);
  const { beneficiaryId, name, accountNumber, ifsc, vpa, email, phone, remark, reference, transactionId } = c;
  const draft: PayoutDraft = { row: m.row, amountPaise: c.amountPaise, mode: c.mode, modeDefaulted: c.modeDefaulted };
  if (beneficiaryId !== undefined) draft.beneficiaryId = beneficiaryId;
  if (name !== undefined) draft.name = name;
  if (accountNumber !== undefined) draft.accountNumber = accountNumber;
  if (ifsc !== undefined && accountNumber !== undefined) draft.ifsc = ifsc;
  if (vpa !== undefined) draft.vpa = vpa;
  if (email !== undefined) draft.email = email;
  if (phone !== undefined) draft.phone = phone;
  if (remark !== undefined) draft.remark = remark;
  if (reference !== undefined) draft.reference = reference;
  if (transactionId !== undefined) draft.transactionId = transactionId;
  return {
    draft,
    issues: c.issueList(),
    idKey: transactionId !== undefined ? transactionIdKey(transactionId) : null,
    // The checker, not the draft: one object shape for every row (its ifsc counts only with an account, as here).
    dupKey: duplicatePayoutKey(c, c.amountPaise, c.remarkText, c.referenceText),
  };
}

/**
 * What the sheet's validation state keeps of a payout row, written into a reused object: `evaluatePayoutRow`
 * without the draft, the evaluation object or an empty issue list, so a clean row allocates nothing here.
 * Every field equals what `evaluatePayoutRow` gives (`issues` is null instead of []); test/unit/sheet/
 * row-draft-fast-paths.test.ts checks both on the same rows. Offered for the validation state's fill (issue 15):
 * it saves the garbage of three objects per row; `draftAt` and the key texts keep `evaluatePayoutRow`.
 */
export type PayoutRowScan = {
  row: number;
  amountPaise: number | null;
  mode: TransferMode | null;
  modeDefaulted: boolean;
  /** The draft has an account number (the duplicate_row issue's field on beneficiary sheets asks the same). */
  hasAccount: boolean;
  issues: Issue[] | null;
  idKey: string | null;
  dupKey: number | null;
};

export function createPayoutRowScan(): PayoutRowScan {
  return {
    row: 0,
    amountPaise: null,
    mode: null,
    modeDefaulted: false,
    hasAccount: false,
    issues: null,
    idKey: null,
    dupKey: null,
  };
}

export function scanPayoutRow(m: MappedRow, ctx: RowContext, out: PayoutRowScan): PayoutRowScan {
  const c = takeChecker(m, ctx);
  try {
    payoutChecks(c, m, ctx);
    out.row = m.row;
    out.amountPaise = c.amountPaise;
    out.mode = c.mode;
    out.modeDefaulted = c.modeDefaulted;
    out.hasAccount = c.accountNumber !== undefined;
    out.issues = c.issues.length > 0 ? c.issues : null;
    out.idKey = c.transactionId !== undefined ? transactionIdKey(c.transactionId) : null;
    // The checker carries the draft's payee fields (its ifsc counts only with an account, as in payeeKey).
    out.dupKey = duplicatePayoutKey(c, c.amountPaise, c.remarkText, c.referenceText);
    return out;
  } finally {
    releaseChecker(c);
  }
}

/** Validates one beneficiary row: every rule except the whole-sheet duplicate checks. */
export function evaluateBeneficiaryRow(m: MappedRow, ctx: RowContext): RowEvaluation<BeneficiaryDraft> {
  const c = takeChecker(m, ctx);
  try {
    return beneficiaryRow(c, m, ctx);
  } finally {
    releaseChecker(c);
  }
}

function beneficiaryRow(c: RowChecker, m: MappedRow, ctx: RowContext): RowEvaluation<BeneficiaryDraft> {
  const v = m.values;
  const beneficiaryId = beneficiaryIdOf(c, c.beneficiaryIdText);
  const name = requiredName(c, cell(v.name));
  checkBankAndVpa(c, ctx, false);
  const { accountNumber, ifsc, vpa } = c;
  const email = c.check('email', cell(v.email), checkEmail);
  const phone = c.check('phone', cell(v.phone), checkPhone);
  const address = c.check('address', cell(v.address), freeText);
  const city = c.check('city', cell(v.city), freeText);
  const state = c.check('state', cell(v.state), freeText);
  const pincode = c.check('pincode', cell(v.pincode), checkPincode);

  const draft: BeneficiaryDraft = { row: m.row };
  const set = <K extends keyof BeneficiaryDraft>(k: K, v: BeneficiaryDraft[K] | undefined) => {
    if (v !== undefined) draft[k] = v;
  };
  set('beneficiaryId', beneficiaryId);
  set('name', name);
  set('accountNumber', accountNumber);
  if (accountNumber !== undefined) set('ifsc', ifsc);
  set('vpa', vpa);
  set('email', email);
  set('phone', phone);
  set('address', address);
  set('city', city);
  set('state', state);
  set('pincode', pincode);
  return {
    draft,
    issues: c.issueList(),
    idKey: beneficiaryId !== undefined ? beneficiaryId.toUpperCase() : null,
    dupKey: payeeKey({ accountNumber: draft.accountNumber, ifsc: draft.ifsc, vpa: draft.vpa }),
  };
}
