import type { Issue, Problem } from '../domain/issue';
import type { BeneficiaryDraft, ModeLimits, PayoutDraft, TransferMode } from '../domain/payout';
import { checkAccount } from '../rules/account';
import { checkAmount, MIN_AMOUNT_PAISE } from '../rules/amount';
import { checkEmail, checkPhone, checkPincode } from '../rules/contact';
import { duplicatePayoutKey, payeeKey } from '../rules/duplicates';
import { checkExcelDamage } from '../rules/excel-damage';
import { checkIfsc } from '../rules/ifsc';
import { checkMode, checkModeLimits, checkModeMatchesPayee, defaultMode } from '../rules/mode';
import { checkName } from '../rules/name';
import { checkBeneficiaryId, checkPayee } from '../rules/payee';
import { checkReference } from '../rules/reference';
import { checkRemark } from '../rules/remark';
import { checkTransactionId, transactionIdKey } from '../rules/transaction-id';
import { checkVpa } from '../rules/vpa';
import type { FieldKey } from './fields';
import { FIELD_LABELS, IDENTIFIER_FIELDS, MAX_CELL_LENGTH } from './fields';
import type { ParseRowProblem } from './parsed-sheet';

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

const IDENTIFIER_SET = new Set<FieldKey>(IDENTIFIER_FIELDS);

class RowChecker {
  readonly issues: Issue[] = [];
  constructor(
    private readonly m: MappedRow,
    private readonly ctx: RowContext,
  ) {
    if (m.problems)
      for (const p of m.problems)
        this.issues.push({ row: m.row, column: '', code: p.code, severity: p.severity, message: p.message });
  }

  /**
   * The field's trimmed text. Trimmed on each call rather than copied into a per-row object: trimming text that
   * has no outer spaces returns the same string without allocating, and a 1,000,000-row sheet is mostly that.
   */
  raw(field: FieldKey): string {
    const v = this.m.values[field];
    return v ? v.trim() : '';
  }

  present(field: FieldKey): boolean {
    return this.raw(field) !== '';
  }

  add(field: FieldKey, problems: readonly Problem[]): void {
    const column = this.ctx.labels[field] ?? FIELD_LABELS[field];
    for (const p of problems)
      this.issues.push({ row: this.m.row, column, code: p.code, severity: p.severity, message: p.message, field });
  }

  /**
   * Checks shared by every field: absurd length, unreadable characters, Excel number damage. Returns the
   * trimmed text when the field may go on to its own rule, or null when it is blank or already failed.
   */
  gate(field: FieldKey): string | null {
    const value = this.raw(field);
    if (value === '') return null;
    if (value.length > MAX_CELL_LENGTH) {
      this.add(field, [
        {
          code: 'value_too_long',
          severity: 'error',
          message: `${FIELD_LABELS[field]} has ${value.length.toLocaleString('en-IN')} characters; at most ${MAX_CELL_LENGTH} are allowed.`,
        },
      ]);
      return null;
    }
    if (value.includes('\ufffd')) {
      this.add(field, [
        {
          code: 'text_encoding_invalid',
          severity: 'error',
          message: `${FIELD_LABELS[field]} contains characters that could not be read ("�"); save the file as "CSV UTF-8" and import it again.`,
        },
      ]);
      return null;
    }
    if (IDENTIFIER_SET.has(field)) {
      const damage = checkExcelDamage(value, this.m.numeric?.[field], field === 'accountNumber');
      if (damage.length > 0 && damage[0]!.severity === 'error') {
        this.add(field, damage);
        return null;
      }
    }
    return value;
  }

  /** Warnings from Excel damage that do not stop the field's own rule (leading zeros on accounts). */
  excelWarnings(field: FieldKey): Problem[] {
    const value = this.raw(field);
    // Damage warnings come only from a number cell's text (xlsx): CSV rows, the usual big sheet, skip the check.
    if (!value || !IDENTIFIER_SET.has(field) || this.m.numeric?.[field] === undefined) return [];
    return checkExcelDamage(value, this.m.numeric?.[field], field === 'accountNumber').filter(
      (p) => p.severity === 'warning',
    );
  }

  /** `arg` is passed through to the rule, so callers need no closure per cell. */
  check<T, A = undefined>(
    field: FieldKey,
    rule: (text: string, arg: A) => { value: T | null; problems: Problem[] },
    arg?: A,
  ): T | undefined {
    const text = this.gate(field);
    if (text === null) return undefined;
    const result = rule(text, arg as A);
    this.add(field, result.problems);
    return result.value ?? undefined;
  }
}

const SPACES = /\s+/g;

/** Address lines: any text, runs of spaces collapsed. */
function freeText(text: string): { value: string; problems: Problem[] } {
  return { value: text.replace(SPACES, ' '), problems: [] };
}

/** A name that must be present: blank is `name_invalid` too. */
function requiredName(c: RowChecker): string | undefined {
  if (c.present('name')) return c.check('name', checkName);
  c.add('name', checkName('').problems);
  return undefined;
}

/** A name kept only if it is valid, without reporting anything (id-only payout rows). */
function quietName(raw: string): string | undefined {
  if (raw === '' || raw.length > MAX_CELL_LENGTH) return undefined;
  return checkName(raw).value ?? undefined;
}

/** Account + IFSC + VPA + the cross-field payee rules, shared by both sheet kinds. */
function checkBankAndVpa(c: RowChecker, ctx: RowContext, allowIdOnly: boolean) {
  const accountNumber = c.check('accountNumber', checkAccount);
  if (accountNumber !== undefined) {
    const warnings = c.excelWarnings('accountNumber');
    if (warnings.length > 0) {
      // "only 8 digits from a number cell" says more than the generic "unusual length", so it replaces it.
      const generic = c.issues.findIndex((i) => i.code === 'account_unusual');
      if (generic !== -1) c.issues.splice(generic, 1);
      c.add('accountNumber', warnings);
    }
  }
  const ifsc = c.check('ifsc', checkIfsc, ctx.ifscExists);
  const vpa = c.check('vpa', checkVpa);
  const payee = checkPayee(
    {
      beneficiaryId: c.present('beneficiaryId'),
      account: c.present('accountNumber'),
      ifsc: c.present('ifsc'),
      vpa: c.present('vpa'),
    },
    allowIdOnly,
  );
  c.add(payee.on === 'account' ? 'accountNumber' : payee.on, payee.problems);
  return { accountNumber, ifsc, vpa, shape: payee.shape };
}

/** Validates one payout row: every rule except the whole-sheet duplicate checks. */
export function evaluatePayoutRow(m: MappedRow, ctx: RowContext): RowEvaluation<PayoutDraft> {
  const c = new RowChecker(m, ctx);
  const beneficiaryId = c.check('beneficiaryId', checkBeneficiaryId);
  // With only a beneficiary id the name is informational (EnKash already knows the payee), so it is not checked;
  // an inline payee needs a valid name because EnKash creates the beneficiary from it.
  const inline = c.present('accountNumber') || c.present('vpa');
  const name = inline ? requiredName(c) : quietName(c.raw('name'));
  const { accountNumber, ifsc, vpa, shape } = checkBankAndVpa(c, ctx, true);
  const email = c.check('email', checkEmail);
  const phone = c.check('phone', checkPhone);
  let amountPaise: number | null = null;
  if (!c.present('amount')) c.add('amount', checkAmount('').problems);
  else amountPaise = c.check('amount', checkAmount, m.numeric?.amount !== undefined) ?? null;
  // A blank mode gets the default rule's choice, flagged so the preview can show it as a default.
  const modeDefaulted = !c.present('mode');
  const mode: TransferMode | null = modeDefaulted
    ? defaultMode(shape === 'vpa', amountPaise, ctx.modeLimits)
    : (c.check('mode', checkMode) ?? null);
  if (mode === 'UPI' && shape === 'none') {
    // Said in the row's own mode: "No payee" leaves the author of a UPI row guessing (issue 17 point 11).
    const missing = c.issues.find((i) => i.code === 'payee_missing');
    if (missing) missing.message = 'Mode is UPI but the row has no UPI ID: add a UPI ID or bank details.';
  }
  if (mode !== null) {
    c.add('mode', checkModeMatchesPayee(mode, shape));
    if (amountPaise !== null && amountPaise >= MIN_AMOUNT_PAISE)
      c.add('amount', checkModeLimits(mode, amountPaise, ctx.modeLimits));
  }
  const remark = c.check('remark', checkRemark);
  const reference = c.check('reference', checkReference);
  const transactionId = c.check('transactionId', checkTransactionId);

  const draft: PayoutDraft = { row: m.row, amountPaise, mode, modeDefaulted };
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
    issues: c.issues,
    idKey: transactionId !== undefined ? transactionIdKey(transactionId) : null,
    dupKey: duplicatePayoutKey(draft, amountPaise, c.raw('remark'), c.raw('reference')),
  };
}

/** Validates one beneficiary row: every rule except the whole-sheet duplicate checks. */
export function evaluateBeneficiaryRow(m: MappedRow, ctx: RowContext): RowEvaluation<BeneficiaryDraft> {
  const c = new RowChecker(m, ctx);
  const beneficiaryId = c.check('beneficiaryId', checkBeneficiaryId);
  const name = requiredName(c);
  const { accountNumber, ifsc, vpa } = checkBankAndVpa(c, ctx, false);
  const email = c.check('email', checkEmail);
  const phone = c.check('phone', checkPhone);
  const address = c.check('address', freeText);
  const city = c.check('city', freeText);
  const state = c.check('state', freeText);
  const pincode = c.check('pincode', checkPincode);

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
    issues: c.issues,
    idKey: beneficiaryId !== undefined ? beneficiaryId.toUpperCase() : null,
    dupKey: payeeKey({ accountNumber: draft.accountNumber, ifsc: draft.ifsc, vpa: draft.vpa }),
  };
}
