import type { FileIssue, Issue } from '../domain/issue';
import type { DraftFor, ModeLimits, SheetKind } from '../domain/payout';
import type { GroupIndex, GroupKey } from '../rules/duplicates';
import { firstOccurrence, groupAdd, groupMembers, groupRemove } from '../rules/duplicates';
import type { ColumnMapping } from './column-mapping';
import type { FieldKey } from './fields';
import { FIELD_LABELS } from './fields';
import type { ParsedSheet, ParseRowProblem } from './parsed-sheet';
import type { MappedRow, RowContext, RowEvaluation } from './row-draft';
import { evaluateBeneficiaryRow, evaluatePayoutRow } from './row-draft';

/**
 * The validation state and its bookkeeping: per-row results in parallel arrays, duplicate groups, and the
 * incremental re-check after an edit. The public API over it is in validate-sheet.ts.
 */

export type ValidateOptions = {
  /** Per-mode limits in paise, from the API profile (`ApiProfile['modeLimits']`). */
  modeLimits: ModeLimits;
  /** IFSC existence check; defaults to the offline `ifsc` dataset. */
  ifscExists?: (ifsc: string) => boolean;
  /** Called every few thousand rows on big sheets. */
  onProgress?: (done: number, total: number) => void;
};

/**
 * Everything needed to re-check one edited cell without re-validating the sheet, while giving exactly the issues a
 * fresh `validateSheet` of the edited data would give. Per-row data lives in parallel arrays (no wrapper object per
 * row) so a 1,000,000-row sheet stays within memory. Owns (and mutates on edit) the parsed sheet it was made from.
 */
export type ValidationState<K extends SheetKind = SheetKind> = {
  kind: K;
  ctx: RowContext;
  fileError: FileIssue | null;
  parsed?: ParsedSheet;
  mapping?: ColumnMapping;
  /** Mapped rows as handed over (main's path); absent when rows are read from `parsed` through `mapping`. */
  rows?: MappedRow[];
  /** Parse problems by Excel row number (parsed path). */
  problems: Map<number, ParseRowProblem[]>;
  /** `mapping` as entries, computed once. */
  entries: [FieldKey, number][];
  rowNumbers: number[];
  drafts: DraftFor<K>[];
  /** Per row, its own issues (undefined when none). */
  ownIssues: (Issue[] | undefined)[];
  /** transactionId (payouts) / beneficiaryId (beneficiaries) key per row. */
  idKeys: (string | null)[];
  /** Duplicate-row key per row. */
  dupKeys: (GroupKey | null)[];
  idGroups: GroupIndex;
  dupGroups: GroupIndex;
  /** Per row, the issues that depend on other rows (duplicates); undefined when none. */
  sheetIssues: (Issue[] | undefined)[];
  /** @deprecated Built on each access; use `mappedRowsOf(state)`. Kept for the renderer worker's first draft. */
  readonly mapped: MappedRow[];
  /** @deprecated Built on each access; use `validatedRowCount(state)` / `rowIssues(state, i)`. */
  readonly evals: readonly { draft: DraftFor<K>; issues: Issue[] }[];
};

const PROGRESS_EVERY = 10_000;

function evaluate<K extends SheetKind>(kind: K, m: MappedRow, ctx: RowContext): RowEvaluation<DraftFor<K>> {
  return (kind === 'payouts' ? evaluatePayoutRow(m, ctx) : evaluateBeneficiaryRow(m, ctx)) as RowEvaluation<
    DraftFor<K>
  >;
}

function label(state: ValidationState, field: FieldKey): string {
  return state.ctx.labels[field] ?? FIELD_LABELS[field];
}

export function mappingEntries(mapping: ColumnMapping): [FieldKey, number][] {
  return Object.entries(mapping) as [FieldKey, number][];
}

export function problemsByRow(parsed: ParsedSheet): Map<number, ParseRowProblem[]> {
  const problems = new Map<number, ParseRowProblem[]>();
  for (const p of parsed.rowProblems) problems.set(p.row, [...(problems.get(p.row) ?? []), p]);
  return problems;
}

function mapRow(
  parsed: ParsedSheet,
  entries: [FieldKey, number][],
  problems: Map<number, ParseRowProblem[]>,
  i: number,
): MappedRow {
  const cells = parsed.rows[i]!;
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
}

/** Row i as field → text: from the handed-over rows, or read from the parsed sheet through the mapping. */
export function mappedRow(state: ValidationState, i: number): MappedRow {
  if (state.rows) return state.rows[i]!;
  return mapRow(state.parsed!, state.entries, state.problems, i);
}

/**
 * Row i of the parsed sheet read into `into`, a row reused for every row of `fill`: evaluating a row keeps nothing
 * of it (drafts and issues copy what they need), so a 1,000,000-row sheet does not allocate two objects per row.
 */
function readRowInto(state: ValidationState, i: number, into: MappedRow): MappedRow {
  const parsed = state.parsed!;
  const cells = parsed.rows[i]!;
  const numericCells = parsed.numericCells[i];
  const values = into.values;
  let numeric: Partial<Record<FieldKey, string>> | undefined;
  for (const [field, col] of state.entries) {
    values[field] = cells[col] ?? '';
    const text = numericCells?.[col];
    if (text !== undefined) (numeric ??= {})[field] = text;
  }
  into.row = parsed.rowNumbers[i]!;
  into.numeric = numeric;
  into.problems = state.problems.size ? state.problems.get(into.row) : undefined;
  return into;
}

/** The duplicate issues of row i, derived from the groups (first occurrence is the original). */
function sheetIssuesFor(state: ValidationState, i: number): Issue[] | undefined {
  let out: Issue[] | undefined;
  const row = state.rowNumbers[i]!;
  const idKey = state.idKeys[i];
  if (idKey != null) {
    const first = firstOccurrence(state.idGroups, idKey, i);
    if (first !== undefined) {
      const firstRow = state.rowNumbers[first]!;
      (out ??= []).push(
        state.kind === 'payouts'
          ? {
              row,
              column: label(state, 'transactionId'),
              field: 'transactionId',
              code: 'duplicate_transaction_id',
              severity: 'error',
              message: `Transaction ID is already used on row ${firstRow}; every payout needs its own.`,
            }
          : {
              row,
              column: label(state, 'beneficiaryId'),
              field: 'beneficiaryId',
              code: 'duplicate_beneficiary_id',
              severity: 'error',
              message: `Beneficiary ID is already used on row ${firstRow}.`,
            },
      );
    }
  }
  const dupKey = state.dupKeys[i];
  if (dupKey != null) {
    const first = firstOccurrence(state.dupGroups, dupKey, i);
    if (first !== undefined) {
      const firstRow = state.rowNumbers[first]!;
      const draft = state.drafts[i] as { accountNumber?: string };
      const field: FieldKey = state.kind === 'payouts' ? 'amount' : draft.accountNumber ? 'accountNumber' : 'vpa';
      const message =
        state.kind === 'payouts'
          ? `Same payee, amount, remark and reference as row ${firstRow}. Is this payment listed twice?`
          : `Same bank account or UPI ID as row ${firstRow}.`;
      (out ??= []).push({
        row,
        column: label(state, field),
        field,
        code: 'duplicate_row',
        severity: 'warning',
        message,
      });
    }
  }
  return out;
}

export function emptyState<K extends SheetKind>(
  kind: K,
  ctx: RowContext,
  fileError: FileIssue | null,
): ValidationState<K> {
  const state = {
    kind,
    ctx,
    fileError,
    problems: new Map(),
    entries: [],
    rowNumbers: [],
    drafts: [],
    ownIssues: [],
    idKeys: [],
    dupKeys: [],
    idGroups: new Map(),
    dupGroups: new Map(),
    sheetIssues: [],
  } as unknown as ValidationState<K>;
  // Compatibility views computed on demand (not stored: a stored copy per row would double the memory).
  Object.defineProperties(state, {
    mapped: { get: () => mappedRowsOf(state), enumerable: false },
    evals: { get: () => state.drafts.map((draft, i) => ({ draft, issues: rowIssues(state, i) })), enumerable: false },
  });
  return state;
}

function store<K extends SheetKind>(state: ValidationState<K>, i: number, ev: RowEvaluation<DraftFor<K>>): void {
  state.drafts[i] = ev.draft;
  state.ownIssues[i] = ev.issues.length ? ev.issues : undefined;
  state.idKeys[i] = ev.idKey;
  state.dupKeys[i] = ev.dupKey;
}

export function fill<K extends SheetKind>(
  state: ValidationState<K>,
  count: number,
  options: ValidateOptions,
): ValidationState<K> {
  const scratch: MappedRow = { row: 0, values: {} };
  for (let i = 0; i < count; i++) {
    const m = state.rows ? state.rows[i]! : readRowInto(state, i, scratch);
    state.rowNumbers[i] = m.row;
    const ev = evaluate(state.kind, m, state.ctx);
    store(state, i, ev);
    if (ev.idKey !== null) groupAdd(state.idGroups, ev.idKey, i);
    if (ev.dupKey !== null) groupAdd(state.dupGroups, ev.dupKey, i);
    if (options.onProgress && (i + 1) % PROGRESS_EVERY === 0) options.onProgress(i + 1, count);
  }
  for (let i = 0; i < count; i++) state.sheetIssues[i] = sheetIssuesFor(state, i);
  options.onProgress?.(count, count);
  return state;
}

/** Turns the parsed sheet's rows into field → text rows through the mapping (what the renderer hands to main). */
export function toMappedRows(parsed: ParsedSheet, mapping: ColumnMapping): MappedRow[] {
  const entries = mappingEntries(mapping);
  const problems = problemsByRow(parsed);
  return parsed.rows.map((_, i) => mapRow(parsed, entries, problems, i));
}

/**
 * The rows as field → text, for handing to main at staging (main re-validates them with `validateMappedRows`).
 * Built on demand: the state does not keep a mapped copy of every row.
 */
export function mappedRowsOf(state: ValidationState): MappedRow[] {
  if (state.rows) return state.rows;
  if (!state.parsed || !state.mapping || state.fileError) return [];
  return toMappedRows(state.parsed, state.mapping);
}

/** All issues of one row (its own, then the duplicate checks). */
export function rowIssues(state: ValidationState, index: number): Issue[] {
  const own = state.ownIssues[index];
  const sheet = state.sheetIssues[index];
  if (!sheet) return own ?? [];
  return own ? [...own, ...sheet] : sheet;
}

export function reevaluate(state: ValidationState, rowIndex: number): { changedRows: number[] } {
  const oldId = state.idKeys[rowIndex] ?? null;
  const oldDup = state.dupKeys[rowIndex] ?? null;
  const after = evaluate(state.kind, mappedRow(state, rowIndex), state.ctx);
  store(state, rowIndex, after);
  const affected = new Set<number>([rowIndex]);
  const regroup = (groups: GroupIndex, oldKey: GroupKey | null, newKey: GroupKey | null) => {
    if (oldKey === newKey) return;
    if (oldKey !== null) {
      groupRemove(groups, oldKey, rowIndex);
      for (const i of groupMembers(groups, oldKey)) affected.add(i);
    }
    if (newKey !== null) {
      groupAdd(groups, newKey, rowIndex);
      for (const i of groupMembers(groups, newKey)) affected.add(i);
    }
  };
  regroup(state.idGroups, oldId, after.idKey);
  regroup(state.dupGroups, oldDup, after.dupKey);
  const changedRows = [...affected].sort((a, b) => a - b);
  for (const i of changedRows) state.sheetIssues[i] = sheetIssuesFor(state, i);
  return { changedRows };
}
