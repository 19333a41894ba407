import type { FileIssue, Issue } from '../domain/issue';
import type { DraftFor, SheetKind, TransferMode } from '../domain/payout';
import { TRANSFER_MODES } from '../domain/payout';
import type { ColumnMapping } from './column-mapping';
import { checkRequiredColumns, fieldForColumn, mappingLabels } from './column-mapping';
import type { FieldKey } from './fields';
import type { FooterCheck } from './footer-check';
import { checkedFooter, checkFooterTotal } from './footer-check';
import type { ParsedSheet } from './parsed-sheet';
import type { MappedRow, RowContext } from './row-draft';
import type { ValidateOptions, ValidationState } from './validation-state';
import { draftAt, emptyState, fill, OWN_ERROR, OWN_ISSUES } from './validation-state';
import { mappingEntries, problemsByRow } from './row-reader';
import { fillSheetIssues, repeatKey } from './duplicate-issues';
import { reevaluate } from './revalidate';
import { createRepeatTracker } from './repeats';
import { markSharedRows } from './key-index';
import { setTableCell } from './sheet-table';

export type { ValidateOptions, ValidationState } from './validation-state';
export { draftAt, mappedRowsOf, rowIssues } from './validation-state';
export { toMappedRows } from './row-reader';
export { repeatKey } from './duplicate-issues';
export { createRepeatTracker } from './repeats';
export type { RepeatTracker } from './repeats';

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
  /**
   * Valid payout rows that repeat an earlier valid row (same payee, amount, remark and reference): counted in
   * validRows, but left out of the batch unless a person includes them in pre-flight (issue 17 point 1).
   */
  repeatRows: number;
  /** Sum of the repeats' amounts (part of totalPaise). */
  repeatPaise: number;
  /** The sheet's own total row checked against the rows' sum (payout sheets with a total row only). */
  footer?: FooterCheck;
};

export type SheetValidation<K extends SheetKind = SheetKind> = {
  kind: K;
  /** A file-level problem (e.g. a required column is not mapped); when set, there are no drafts or issues. */
  fileError: FileIssue | null;
  /**
   * One draft per data row, in sheet order (invalid rows included, their bad fields left out). Built on first
   * access by re-evaluating the rows (the validation state keeps no drafts), from the state as it is then.
   */
  readonly drafts: DraftFor<K>[];
  /** Every row issue, ordered by row. */
  issues: Issue[];
  summary: SheetSummary;
};

/** Builds the validation state for mapped rows (what main does with rows the renderer sends). */
export function createValidationFromRows<K extends SheetKind>(
  rows: MappedRow[],
  kind: K,
  options: ValidateOptions,
  labels: Partial<Record<FieldKey, string>> = {},
): ValidationState<K> {
  const ctx = { labels, modeLimits: options.modeLimits, ifscExists: options.ifscExists };
  const state = emptyState(kind, ctx, null, rows.length);
  state.rows = rows;
  fill(state, options);
  fillSheetIssues(state);
  return state;
}

/** Builds the validation state for a parsed sheet and a column mapping (the renderer's and the CLI's path). */
export function createValidation<K extends SheetKind>(
  parsed: ParsedSheet,
  mapping: ColumnMapping,
  kind: K,
  options: ValidateOptions,
): ValidationState<K> {
  const fileError = checkRequiredColumns(parsed.headers, mapping, kind);
  const ctx: RowContext = {
    labels: fileError ? {} : mappingLabels(parsed.headers, mapping),
    modeLimits: options.modeLimits,
    ifscExists: options.ifscExists,
  };
  const state = emptyState(kind, ctx, fileError, fileError ? 0 : parsed.rowNumbers.length);
  state.parsed = parsed;
  state.mapping = mapping;
  if (fileError) return state;
  state.problems = problemsByRow(parsed);
  state.entries = mappingEntries(mapping);
  fill(state, options);
  fillSheetIssues(state);
  return state;
}

/** Number of data rows the state holds. */
export function validatedRowCount(state: ValidationState): number {
  return state.count;
}

function footerCheckOf(state: ValidationState): FooterCheck | null {
  const footer = state.kind === 'payouts' ? checkedFooter(state.parsed?.footers) : null;
  const column = state.mapping?.amount;
  if (!footer || column === undefined || state.fileError) return null;
  return checkFooterTotal(footer, column, state.rowNumbers, (i) => {
    const amount = state.amounts[i]!;
    return Number.isNaN(amount) ? null : amount;
  });
}

/** Appends a row's issues and counts them; true when one is an error. */
function countIssues(list: Issue[] | undefined, issues: Issue[], summary: SheetSummary): boolean {
  if (!list) return false;
  let hasError = false;
  for (const issue of list) {
    issues.push(issue);
    if (issue.severity === 'error') {
      summary.errors++;
      hasError = true;
    } else summary.warnings++;
  }
  return hasError;
}

/** Drafts (on first access), issues and the summary bar numbers for the current state. O(rows). */
export function validationResult<K extends SheetKind>(state: ValidationState<K>): SheetValidation<K> {
  const countByMode = Object.fromEntries(TRANSFER_MODES.map((m) => [m, 0])) as Record<TransferMode, number>;
  const count = state.count;
  const summary: SheetSummary = {
    rows: count,
    validRows: 0,
    invalidRows: 0,
    errors: 0,
    warnings: 0,
    totalPaise: 0,
    countByMode,
    repeatRows: 0,
    repeatPaise: 0,
  };
  const issues: Issue[] = [];
  let total = 0n;
  let sum = 0;
  let repeatTotal = 0n;
  const repeats = createRepeatTracker();
  const anySheetIssues = state.sheetIssues.size > 0;
  // Only rows with a twin can repeat one: marked in one pass, not asked of the key table row by row.
  const twins = new Uint8Array(state.kind === 'payouts' ? count : 0);
  // Valid rows per mode index (state.modes: 0 none, else TRANSFER_MODES + 1): no keyed store by mode name per row.
  const modeCounts = new Float64Array(TRANSFER_MODES.length + 1);
  if (state.kind === 'payouts') markSharedRows(state.dups, twins, 1);
  for (let i = 0; i < count; i++) {
    const flags = state.flags[i]!;
    if (flags & OWN_ISSUES) countIssues(state.ownIssues.get(i), issues, summary);
    const sheetError = anySheetIssues && countIssues(state.sheetIssues.get(i), issues, summary);
    if (flags & OWN_ERROR || sheetError) {
      summary.invalidRows++;
      continue;
    }
    summary.validRows++;
    const amount = state.amounts[i]!;
    if (state.kind === 'payouts' && !Number.isNaN(amount)) {
      // Exact however many rows there are: integer paise summed as a number while that is exact (no bigint per
      // row), folded into a bigint before the sum could pass 2^53.
      if (sum + amount > Number.MAX_SAFE_INTEGER) {
        total += BigInt(sum);
        sum = 0;
      }
      sum += amount;
      modeCounts[state.modes[i]!]!++;
      if (twins[i] !== 0 && repeats.check(repeatKey(state, i), i) !== undefined) {
        summary.repeatRows++;
        repeatTotal += BigInt(amount);
      }
    }
  }
  TRANSFER_MODES.forEach((mode, m) => (countByMode[mode] = modeCounts[m + 1]!));
  summary.totalPaise = Number(total + BigInt(sum));
  summary.repeatPaise = Number(repeatTotal);
  const footer = footerCheckOf(state);
  if (footer) summary.footer = footer;
  const result = { kind: state.kind, fileError: state.fileError, issues, summary } as Omit<
    SheetValidation<K>,
    'drafts'
  >;
  let drafts: DraftFor<K>[] | undefined;
  Object.defineProperty(result, 'drafts', {
    get: () => (drafts ??= Array.from({ length: state.count }, (_, i) => draftAt(state, i))),
    enumerable: true,
  });
  return result as SheetValidation<K>;
}

/**
 * Validates a parsed sheet: pure and deterministic, so the renderer, the CLI and main give identical issues for
 * the same file. A missing required column is returned as `fileError`, never thrown.
 */
export function validateSheet<K extends SheetKind>(
  parsed: ParsedSheet,
  mapping: ColumnMapping,
  kind: K,
  options: ValidateOptions,
): SheetValidation<K> {
  return validationResult(createValidation(parsed, mapping, kind, options));
}

/** Validates rows already mapped to fields (main re-validates what the renderer hands over). */
export function validateMappedRows<K extends SheetKind>(
  rows: MappedRow[],
  kind: K,
  options: ValidateOptions,
  labels: Partial<Record<FieldKey, string>> = {},
): SheetValidation<K> {
  return validationResult(createValidationFromRows(rows, kind, options, labels));
}

/**
 * Applies one edited cell and re-checks only what it can affect: the row itself and the rows sharing its old or
 * new duplicate keys. Returns the indices (into `rows`) whose issues may have changed. Editing an unmapped column
 * just updates the sheet.
 */
export function revalidateRow(
  state: ValidationState,
  rowIndex: number,
  columnIndex: number,
  value: string,
): { changedRows: number[] } {
  const parsed = state.parsed;
  if (!parsed || state.fileError || !state.mapping || state.rows) return { changedRows: [] };
  if (rowIndex < 0 || rowIndex >= parsed.table.rows) return { changedRows: [] };
  if (columnIndex < 0 || columnIndex >= parsed.table.width) return { changedRows: [] };
  setTableCell(parsed.table, rowIndex, columnIndex, value);
  // The user typed the value, so it is text now: forget that the cell was numeric in the xlsx.
  const numericCells = parsed.numericCells[rowIndex];
  if (numericCells) delete numericCells[columnIndex];
  if (!fieldForColumn(state.mapping, columnIndex)) return { changedRows: [] };
  return reevaluate(state, rowIndex);
}

/** Replaces a handed-over mapped row (main's path, e.g. a one-click clean-up) and re-checks what it can affect. */
export function replaceMappedRow(
  state: ValidationState,
  rowIndex: number,
  updated: MappedRow,
): { changedRows: number[] } {
  if (!state.rows || rowIndex < 0 || rowIndex >= state.rows.length) return { changedRows: [] };
  state.rows[rowIndex] = updated;
  return reevaluate(state, rowIndex);
}
