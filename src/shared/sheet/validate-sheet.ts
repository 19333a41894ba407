import type { FileIssue, Issue } from '../domain/issue';
import type { DraftFor, ModeLimits, SheetKind, TransferMode } from '../domain/payout';
import { TRANSFER_MODES } from '../domain/payout';
import type { GroupIndex } from '../rules/duplicates';
import { firstOccurrence, groupAdd, groupRemove } from '../rules/duplicates';
import type { ColumnMapping } from './column-mapping';
import { checkRequiredColumns, fieldForColumn, mappingLabels } from './column-mapping';
import type { FieldKey } from './fields';
import { FIELD_LABELS } from './fields';
import type { ParsedSheet, ParseRowProblem } from './parsed-sheet';
import type { MappedRow, RowContext, RowEvaluation } from './row-draft';
import { evaluateBeneficiaryRow, evaluatePayoutRow } from './row-draft';

export type ValidateOptions = {
  /** Per-mode limits in paise, from the API profile (`ApiProfile['modeLimits']`). */
  modeLimits: ModeLimits;
  /** IFSC existence check; defaults to the offline `ifsc` dataset. */
  ifscExists?: (ifsc: string) => boolean;
  /** Called every few thousand rows on big sheets. */
  onProgress?: (done: number, total: number) => void;
};

export type SheetSummary = {
  rows: number;
  /** Rows without any error (warnings allowed). */
  validRows: number;
  invalidRows: number;
  /** Number of error issues. */
  errors: number;
  /** Number of warning issues. */
  warnings: number;
  /** Sum of the valid rows' amounts (payouts; 0 for beneficiary sheets). */
  totalPaise: number;
  /** Valid payout rows per mode (defaulted modes included). */
  countByMode: Record<TransferMode, number>;
};

export type SheetValidation<K extends SheetKind = SheetKind> = {
  kind: K;
  /** A file-level problem (e.g. a required column is not mapped); when set, there are no drafts or issues. */
  fileError: FileIssue | null;
  /** One draft per data row, in sheet order (invalid rows included, their bad fields left out). */
  drafts: DraftFor<K>[];
  /** Every row issue, ordered by row. */
  issues: Issue[];
  summary: SheetSummary;
};

/**
 * Everything needed to re-check one edited cell without re-validating the sheet, while giving exactly the issues a
 * fresh `validateSheet` of the edited data would give. Owns (and mutates on edit) the parsed sheet it was made from.
 */
export type ValidationState<K extends SheetKind = SheetKind> = {
  kind: K;
  ctx: RowContext;
  fileError: FileIssue | null;
  parsed?: ParsedSheet;
  mapping?: ColumnMapping;
  mapped: MappedRow[];
  evals: RowEvaluation<DraftFor<K>>[];
  /** transactionId (payouts) / beneficiaryId (beneficiaries) → rows using it. */
  idGroups: GroupIndex;
  /** Duplicate-row key → rows. */
  dupGroups: GroupIndex;
  /** Per row, the issues that depend on other rows (duplicates). */
  sheetIssues: Issue[][];
};

const PROGRESS_EVERY = 10_000;

function evaluate<K extends SheetKind>(kind: K, m: MappedRow, ctx: RowContext): RowEvaluation<DraftFor<K>> {
  return (kind === 'payouts' ? evaluatePayoutRow(m, ctx) : evaluateBeneficiaryRow(m, ctx)) as RowEvaluation<DraftFor<K>>;
}

function label(state: ValidationState, field: FieldKey): string {
  return state.ctx.labels[field] ?? FIELD_LABELS[field];
}

/** The duplicate issues of row i, derived from the groups (first occurrence is the original). */
function sheetIssuesFor(state: ValidationState, i: number): Issue[] {
  const ev = state.evals[i]!;
  const row = state.mapped[i]!.row;
  const out: Issue[] = [];
  if (ev.idKey !== null) {
    const first = firstOccurrence(state.idGroups, ev.idKey, i);
    if (first !== undefined) {
      const firstRow = state.mapped[first]!.row;
      out.push(
        state.kind === 'payouts'
          ? { row, column: label(state, 'transactionId'), field: 'transactionId', code: 'duplicate_transaction_id', severity: 'error', message: `Transaction ID is already used on row ${firstRow}; every payout needs its own.` }
          : { row, column: label(state, 'beneficiaryId'), field: 'beneficiaryId', code: 'duplicate_beneficiary_id', severity: 'error', message: `Beneficiary ID is already used on row ${firstRow}.` },
      );
    }
  }
  if (ev.dupKey !== null) {
    const first = firstOccurrence(state.dupGroups, ev.dupKey, i);
    if (first !== undefined) {
      const firstRow = state.mapped[first]!.row;
      const field: FieldKey = state.kind === 'payouts' ? 'amount' : state.mapped[i]!.values.accountNumber?.trim() ? 'accountNumber' : 'vpa';
      const message =
        state.kind === 'payouts'
          ? `Same payee, amount, remark and reference as row ${firstRow}. Is this payment listed twice?`
          : `Same bank account or UPI ID as row ${firstRow}.`;
      out.push({ row, column: label(state, field), field, code: 'duplicate_row', severity: 'warning', message });
    }
  }
  return out;
}

/** Builds the validation state for mapped rows (what main does with rows the renderer sends). */
export function createValidationFromRows<K extends SheetKind>(
  rows: MappedRow[],
  kind: K,
  options: ValidateOptions,
  labels: Partial<Record<FieldKey, string>> = {},
): ValidationState<K> {
  const ctx: RowContext = { labels, modeLimits: options.modeLimits, ifscExists: options.ifscExists };
  const state: ValidationState<K> = { kind, ctx, fileError: null, mapped: rows, evals: [], idGroups: new Map(), dupGroups: new Map(), sheetIssues: [] };
  for (let i = 0; i < rows.length; i++) {
    const ev = evaluate(kind, rows[i]!, ctx);
    state.evals.push(ev);
    if (ev.idKey !== null) groupAdd(state.idGroups, ev.idKey, i);
    if (ev.dupKey !== null) groupAdd(state.dupGroups, ev.dupKey, i);
    if (options.onProgress && (i + 1) % PROGRESS_EVERY === 0) options.onProgress(i + 1, rows.length);
  }
  for (let i = 0; i < rows.length; i++) state.sheetIssues.push(sheetIssuesFor(state, i));
  options.onProgress?.(rows.length, rows.length);
  return state;
}

/** Turns the parsed sheet's rows into field → text rows through the mapping. */
export function toMappedRows(parsed: ParsedSheet, mapping: ColumnMapping): MappedRow[] {
  const entries = Object.entries(mapping) as [FieldKey, number][];
  const problems = new Map<number, ParseRowProblem[]>();
  for (const p of parsed.rowProblems) problems.set(p.row, [...(problems.get(p.row) ?? []), p]);
  return parsed.rows.map((cells, i) => {
    const values: Partial<Record<FieldKey, string>> = {};
    const numericCells = parsed.numericCells[i];
    let numeric: Partial<Record<FieldKey, string>> | undefined;
    for (const [field, col] of entries) {
      values[field] = cells[col] ?? '';
      const text = numericCells?.[col];
      if (text !== undefined) (numeric ??= {})[field] = text;
    }
    const row = parsed.rowNumbers[i]!;
    const m: MappedRow = { row, values };
    if (numeric) m.numeric = numeric;
    const p = problems.get(row);
    if (p) m.problems = p;
    return m;
  });
}

/** Builds the validation state for a parsed sheet and a column mapping (the renderer's and the CLI's path). */
export function createValidation<K extends SheetKind>(parsed: ParsedSheet, mapping: ColumnMapping, kind: K, options: ValidateOptions): ValidationState<K> {
  const fileError = checkRequiredColumns(parsed.headers, mapping, kind);
  if (fileError) {
    return { kind, ctx: { labels: {}, modeLimits: options.modeLimits }, fileError, parsed, mapping, mapped: [], evals: [], idGroups: new Map(), dupGroups: new Map(), sheetIssues: [] };
  }
  const state = createValidationFromRows(toMappedRows(parsed, mapping), kind, options, mappingLabels(parsed.headers, mapping));
  state.parsed = parsed;
  state.mapping = mapping;
  return state;
}

/** All issues of one row (its own, then the duplicate checks). */
export function rowIssues(state: ValidationState, index: number): Issue[] {
  const own = state.evals[index]?.issues ?? [];
  const sheet = state.sheetIssues[index] ?? [];
  return sheet.length ? [...own, ...sheet] : own;
}

/** Drafts, issues and the summary bar numbers for the current state. O(rows). */
export function validationResult<K extends SheetKind>(state: ValidationState<K>): SheetValidation<K> {
  const countByMode = Object.fromEntries(TRANSFER_MODES.map((m) => [m, 0])) as Record<TransferMode, number>;
  const summary: SheetSummary = { rows: state.evals.length, validRows: 0, invalidRows: 0, errors: 0, warnings: 0, totalPaise: 0, countByMode };
  const issues: Issue[] = [];
  let total = 0n;
  for (let i = 0; i < state.evals.length; i++) {
    const list = rowIssues(state, i);
    let hasError = false;
    for (const issue of list) {
      issues.push(issue);
      if (issue.severity === 'error') {
        summary.errors++;
        hasError = true;
      } else summary.warnings++;
    }
    if (hasError) {
      summary.invalidRows++;
      continue;
    }
    summary.validRows++;
    const draft = state.evals[i]!.draft as DraftFor<SheetKind>;
    if ('amountPaise' in draft && draft.amountPaise !== null) {
      // Summed as bigint so the total stays exact however many rows there are.
      total += BigInt(draft.amountPaise);
      if (draft.mode) countByMode[draft.mode]++;
    }
  }
  summary.totalPaise = Number(total);
  return { kind: state.kind, fileError: state.fileError, drafts: state.evals.map((e) => e.draft), issues, summary };
}

/**
 * Validates a parsed sheet: pure and deterministic, so the renderer, the CLI and main give identical issues for
 * the same file. A missing required column is returned as `fileError`, never thrown.
 */
export function validateSheet<K extends SheetKind>(parsed: ParsedSheet, mapping: ColumnMapping, kind: K, options: ValidateOptions): SheetValidation<K> {
  return validationResult(createValidation(parsed, mapping, kind, options));
}

/** Validates rows already mapped to fields (main re-validates what the renderer hands over). */
export function validateMappedRows<K extends SheetKind>(rows: MappedRow[], kind: K, options: ValidateOptions, labels: Partial<Record<FieldKey, string>> = {}): SheetValidation<K> {
  return validationResult(createValidationFromRows(rows, kind, options, labels));
}

/**
 * Applies one edited cell and re-checks only what it can affect: the row itself and the rows sharing its old or
 * new duplicate keys. Returns the indices (into `rows`) whose issues may have changed. Editing an unmapped column
 * just updates the sheet.
 */
export function revalidateRow(state: ValidationState, rowIndex: number, columnIndex: number, value: string): { changedRows: number[] } {
  const cells = state.parsed?.rows[rowIndex];
  if (!cells || state.fileError || !state.mapping) return { changedRows: [] };
  if (columnIndex >= 0 && columnIndex < cells.length) cells[columnIndex] = value;
  const field = fieldForColumn(state.mapping, columnIndex);
  if (!field) return { changedRows: [] };
  // The user typed the value, so it is text now: forget that the cell was numeric in the xlsx.
  const numericCells = state.parsed!.numericCells[rowIndex];
  if (numericCells) delete numericCells[columnIndex];
  const m = state.mapped[rowIndex]!;
  const updated: MappedRow = { ...m, values: { ...m.values, [field]: value } };
  if (m.numeric?.[field] !== undefined) {
    const { [field]: _dropped, ...rest } = m.numeric;
    updated.numeric = rest;
  }
  return replaceMappedRow(state, rowIndex, updated);
}

/** Replaces a whole mapped row (e.g. a one-click clean-up) and re-checks what it can affect. */
export function replaceMappedRow(state: ValidationState, rowIndex: number, updated: MappedRow): { changedRows: number[] } {
  const before = state.evals[rowIndex];
  if (!before) return { changedRows: [] };
  state.mapped[rowIndex] = updated;
  const after = evaluate(state.kind, updated, state.ctx);
  state.evals[rowIndex] = after;
  const affected = new Set<number>([rowIndex]);
  const regroup = (groups: GroupIndex, oldKey: string | null, newKey: string | null) => {
    if (oldKey === newKey) return;
    if (oldKey !== null) {
      groupRemove(groups, oldKey, rowIndex);
      for (const i of groups.get(oldKey) ?? []) affected.add(i);
    }
    if (newKey !== null) {
      groupAdd(groups, newKey, rowIndex);
      for (const i of groups.get(newKey) ?? []) affected.add(i);
    }
  };
  regroup(state.idGroups, before.idKey, after.idKey);
  regroup(state.dupGroups, before.dupKey, after.dupKey);
  const changedRows = [...affected].sort((a, b) => a - b);
  for (const i of changedRows) state.sheetIssues[i] = sheetIssuesFor(state, i);
  return { changedRows };
}
