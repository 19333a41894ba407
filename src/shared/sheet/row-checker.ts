import type { Issue, Problem } from '../domain/issue';
import type { ModeLimits, TransferMode } from '../domain/payout';
import { checkAccount, isCleanAccount } from '../rules/account';
import { checkExcelDamage, looksScientific } from '../rules/excel-damage';
import { checkIfsc, isCleanIfsc } from '../rules/ifsc';
import { ifscExists } from '../rules/ifsc-data';
import { checkName, isCleanName } from '../rules/name';
import type { PayeeShape } from '../rules/payee';
import { BENEFICIARY_ID_PATTERN, checkBeneficiaryId, checkPayee, cleanPayeeShape } from '../rules/payee';
import { checkVpa, isCleanVpa } from '../rules/vpa';
import type { FieldKey } from './fields';
import { FIELD_LABELS, IDENTIFIER_FIELDS, MAX_CELL_LENGTH } from './fields';
import type { MappedRow, RowContext } from './row-draft';

/**
 * The per-row checker behind row-draft.ts's evaluate functions: the checks every field shares (length, encoding,
 * Excel damage), the payee fields both sheet kinds check, and the one reused instance.
 */

const IDENTIFIER_SET = new Set<FieldKey>(IDENTIFIER_FIELDS);

/*
 * Speed (issue 15): every field's text is read and trimmed once, by name (a keyed read per call made the property
 * access megamorphic), and a clean value takes its rule's `isClean…` test — a character loop that is true exactly
 * when the rule would keep the text unchanged with no problem — so the clean row builds no result, problem or
 * message object. Anything else goes through the rule as before; the result is identical either way
 * (test/unit/rules/clean-fast-paths.test.ts compares each test with its rule on generated text).
 */

/**
 * A cell's trimmed text ('' when blank or absent). Printable ASCII at both ends cannot be whitespace, so the usual
 * cell skips the `trim` call; anything else (a space, a tab, NBSP, any non-ASCII end) is trimmed as before.
 */
export function cell(value: string | undefined): string {
  if (!value) return '';
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return value;
  return value.trim();
}

// Never handed out and never pushed to: a row's list until its first issue (`RowChecker.note`).
const NO_ISSUES = Object.freeze([]) as unknown as Issue[];
const IDLE_ROW: MappedRow = { row: 0, values: {} };
const IDLE_CONTEXT: RowContext = { labels: {}, modeLimits: {} as ModeLimits };

/**
 * One row's checks. A single instance is reused from row to row (`takeChecker`/`releaseChecker`), so a clean row
 * allocates only what it returns: the draft, the issue list and the evaluation.
 */
export class RowChecker {
  /** NO_ISSUES until the row's first issue: a clean row allocates no list (see `note`). */
  issues: Issue[] = NO_ISSUES;
  /** No xlsx number cell in the row (every CSV row): no Excel damage but scientific notation can apply. */
  textOnly = true;
  private m: MappedRow = IDLE_ROW;
  private ctx: RowContext = IDLE_CONTEXT;
  // The payee cells' trimmed text, and what checkBankAndVpa kept of them.
  beneficiaryIdText = '';
  accountText = '';
  ifscText = '';
  vpaText = '';
  accountNumber: string | undefined;
  ifsc: string | undefined;
  vpa: string | undefined;
  // What payoutChecks kept (payout rows).
  beneficiaryId: string | undefined;
  name: string | undefined;
  email: string | undefined;
  phone: string | undefined;
  amountPaise: number | null = null;
  mode: TransferMode | null = null;
  modeDefaulted = false;
  remark: string | undefined;
  reference: string | undefined;
  transactionId: string | undefined;
  remarkText = '';
  referenceText = '';

  start(m: MappedRow, ctx: RowContext): this {
    this.m = m;
    this.ctx = ctx;
    this.issues = NO_ISSUES;
    this.textOnly = m.numeric === undefined;
    const v = m.values;
    this.beneficiaryIdText = cell(v.beneficiaryId);
    this.accountText = cell(v.accountNumber);
    this.ifscText = cell(v.ifsc);
    this.vpaText = cell(v.vpa);
    if (m.problems)
      for (const p of m.problems)
        this.note({ row: m.row, column: '', code: p.code, severity: p.severity, message: p.message });
    return this;
  }

  note(issue: Issue): void {
    if (this.issues === NO_ISSUES) this.issues = [issue];
    else this.issues.push(issue);
  }

  /** The row's issues as a list of its own (a fresh empty one for a clean row). */
  issueList(): Issue[] {
    return this.issues === NO_ISSUES ? [] : this.issues;
  }

  /** Lets go of the row, so the reused instance keeps no sheet text alive. */
  clear(): void {
    this.m = IDLE_ROW;
    this.ctx = IDLE_CONTEXT;
    this.issues = NO_ISSUES;
    this.beneficiaryIdText = this.accountText = this.ifscText = this.vpaText = '';
    this.accountNumber = this.ifsc = this.vpa = undefined;
    this.beneficiaryId = this.name = this.email = this.phone = undefined;
    this.remark = this.reference = this.transactionId = undefined;
    this.remarkText = this.referenceText = '';
  }

  add(field: FieldKey, problems: readonly Problem[]): void {
    if (problems.length === 0) return;
    const column = this.ctx.labels[field] ?? FIELD_LABELS[field];
    for (const p of problems)
      this.note({ row: this.m.row, column, code: p.code, severity: p.severity, message: p.message, field });
  }

  /** True when an identifier's text can skip the Excel damage check: no number cell, no "e" for a 1.5E+3. */
  undamaged(value: string): boolean {
    return this.textOnly && !looksScientific(value);
  }

  /**
   * Checks shared by every field: absurd length, unreadable characters, Excel number damage. `value` is the
   * field's trimmed, non-blank text; true when it may go on to its own rule, false when it already failed.
   */
  gate(field: FieldKey, value: string): boolean {
    if (value.length > MAX_CELL_LENGTH) {
      this.add(field, [
        {
          code: 'value_too_long',
          severity: 'error',
          message: `${FIELD_LABELS[field]} has ${value.length.toLocaleString('en-IN')} characters; at most ${MAX_CELL_LENGTH} are allowed.`,
        },
      ]);
      return false;
    }
    if (value.includes('\ufffd')) {
      this.add(field, [
        {
          code: 'text_encoding_invalid',
          severity: 'error',
          message: `${FIELD_LABELS[field]} contains characters that could not be read ("�"); save the file as "CSV UTF-8" and import it again.`,
        },
      ]);
      return false;
    }
    if (IDENTIFIER_SET.has(field)) {
      const numeric = this.m.numeric?.[field];
      // checkExcelDamage finds nothing without a number cell unless the text looks scientific: skip the call.
      if (numeric !== undefined || looksScientific(value)) {
        const damage = checkExcelDamage(value, numeric, field === 'accountNumber');
        if (damage.length > 0 && damage[0]!.severity === 'error') {
          this.add(field, damage);
          return false;
        }
      }
    }
    return true;
  }

  /** Warnings from Excel damage that do not stop the field's own rule (leading zeros on accounts). */
  excelWarnings(field: FieldKey, value: string): Problem[] {
    // Damage warnings come only from a number cell's text (xlsx): CSV rows, the usual big sheet, skip the check.
    if (!value || !IDENTIFIER_SET.has(field) || this.m.numeric?.[field] === undefined) return [];
    return checkExcelDamage(value, this.m.numeric?.[field], field === 'accountNumber').filter(
      (p) => p.severity === 'warning',
    );
  }

  /**
   * The field's rule on its trimmed text (undefined when blank or failed). `arg` is passed through to the rule,
   * so callers need no closure per cell.
   */
  check<T, A = undefined>(
    field: FieldKey,
    text: string,
    rule: (text: string, arg: A) => { value: T | null; problems: Problem[] },
    arg?: A,
  ): T | undefined {
    if (text === '' || !this.gate(field, text)) return undefined;
    const result = rule(text, arg as A);
    this.add(field, result.problems);
    return result.value ?? undefined;
  }
}

let spareChecker: RowChecker | null = new RowChecker();

export function takeChecker(m: MappedRow, ctx: RowContext): RowChecker {
  // A rule calling back into evaluation (an ifscExists that validates, say) gets its own instance.
  const c = spareChecker ?? new RowChecker();
  spareChecker = null;
  return c.start(m, ctx);
}

export function releaseChecker(c: RowChecker): void {
  c.clear();
  spareChecker = c;
}

const SPACES = /\s+/g;

/** Address lines: any text, runs of spaces collapsed. */
export function freeText(text: string): { value: string; problems: Problem[] } {
  return { value: text.replace(SPACES, ' '), problems: [] };
}

/** A name that must be present: blank is `name_invalid` too. */
export function requiredName(c: RowChecker, text: string): string | undefined {
  if (text === '') {
    c.add('name', checkName('').problems);
    return undefined;
  }
  return isCleanName(text) ? text : c.check('name', text, checkName);
}

/** A name kept only if it is valid, without reporting anything (id-only payout rows). */
export function quietName(raw: string): string | undefined {
  if (raw === '' || raw.length > MAX_CELL_LENGTH) return undefined;
  if (isCleanName(raw)) return raw;
  return checkName(raw).value ?? undefined;
}

/**
 * Account + IFSC + VPA + the cross-field payee rules, shared by both sheet kinds. The kept values go to
 * `c.accountNumber`, `c.ifsc`, `c.vpa`; returns the payee shape.
 */
export function checkBankAndVpa(c: RowChecker, ctx: RowContext, allowIdOnly: boolean): PayeeShape {
  const accountText = c.accountText;
  const ifscText = c.ifscText;
  const vpaText = c.vpaText;
  let accountNumber: string | undefined;
  if (accountText !== '' && c.textOnly && isCleanAccount(accountText)) accountNumber = accountText;
  else {
    accountNumber = c.check('accountNumber', accountText, checkAccount);
    if (accountNumber !== undefined) {
      const warnings = c.excelWarnings('accountNumber', accountText);
      if (warnings.length > 0) {
        // "only 8 digits from a number cell" says more than the generic "unusual length", so it replaces it.
        const generic = c.issues.findIndex((i) => i.code === 'account_unusual');
        if (generic !== -1) c.issues.splice(generic, 1);
        c.add('accountNumber', warnings);
      }
    }
  }
  c.accountNumber = accountNumber;
  c.ifsc =
    isCleanIfsc(ifscText) && (ctx.ifscExists ?? ifscExists)(ifscText)
      ? ifscText
      : c.check('ifsc', ifscText, checkIfsc, ctx.ifscExists);
  c.vpa = isCleanVpa(vpaText) ? vpaText : c.check('vpa', vpaText, checkVpa);
  const hasId = c.beneficiaryIdText !== '';
  const hasAccount = accountText !== '';
  const hasIfsc = ifscText !== '';
  const hasVpa = vpaText !== '';
  const shape = cleanPayeeShape(hasId, hasAccount, hasIfsc, hasVpa, allowIdOnly);
  if (shape !== null) return shape;
  const payee = checkPayee({ beneficiaryId: hasId, account: hasAccount, ifsc: hasIfsc, vpa: hasVpa }, allowIdOnly);
  c.add(payee.on === 'account' ? 'accountNumber' : payee.on, payee.problems);
  return payee.shape;
}

/** beneficiaryId: the rule book's letters and digits, or its rule's message. */
export function beneficiaryIdOf(c: RowChecker, text: string): string | undefined {
  if (text !== '' && c.undamaged(text) && BENEFICIARY_ID_PATTERN.test(text)) return text;
  return c.check('beneficiaryId', text, checkBeneficiaryId);
}
