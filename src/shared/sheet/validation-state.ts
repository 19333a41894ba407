import type { FileIssue, Issue } from '../domain/issue';
import type { DraftFor, ModeLimits, SheetKind, TransferMode } from '../domain/payout';
import { TRANSFER_MODES } from '../domain/payout';
import type { ColumnMapping } from './column-mapping';
import type { FieldKey } from './fields';
import type { KeyIndex } from './key-index';
import { createKeyIndex, keyAdd, keyBuild, keyRemove } from './key-index';
import type { ParsedSheet, ParseRowProblem } from './parsed-sheet';
import type { MappedRow, PayoutRowScan, RowContext, RowEvaluation } from './row-draft';
import { createPayoutRowScan, evaluateBeneficiaryRow, evaluatePayoutRow, scanPayoutRow } from './row-draft';
import type { PlainRow } from './plain-rows';
import { createPlainRow, plainPayoutRow, plainReader } from './plain-rows';
import { rowKeyNumber } from './row-keys';
import { readRowInto, rowReader, toMappedRows } from './row-reader';

/**
 * The validation state (issue 15 point 2): per row only what the summary and the duplicate checks need, in typed
 * arrays — row number, amount, mode, flags, the hashed id and duplicate keys — plus the issues of the rows that
 * have any. Drafts are not kept: `draftAt` re-evaluates the row (staging, the visible grid rows), and the row's
 * text stays in the parsed sheet's compact table. The public API over it is in validate-sheet.ts; the duplicate
 * issues (and their collision check) are in duplicate-issues.ts.
 */

export type ValidateOptions = {
  /** Per-mode limits in paise, from the API profile (`ApiProfile['modeLimits']`). */
  modeLimits: ModeLimits;
  /** IFSC existence check; defaults to the offline `ifsc` dataset. */
  ifscExists?: (ifsc: string) => boolean;
  /** Called every few thousand rows on big sheets. */
  onProgress?: (done: number, total: number) => void;
};

/** `flags` bits. */
export const OWN_ERROR = 1;
export const OWN_ISSUES = 2;
/** The draft has an account number (a beneficiary duplicate names the account column, else the UPI one). */
export const HAS_ACCOUNT = 4;

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
  /** Mapped rows as handed over (main's path); absent when rows are read from `parsed` through `mapping`. */
  rows?: MappedRow[];
  /** Parse problems by Excel row number (parsed path). */
  problems: Map<number, ParseRowProblem[]>;
  /** `mapping` as entries, computed once. */
  entries: [FieldKey, number][];
  count: number;
  rowNumbers: Int32Array;
  /** Amount in paise per row; NaN when the row has none (unreadable or blank). */
  amounts: Float64Array;
  /** Mode per row: 0 none, else index in TRANSFER_MODES + 1. */
  modes: Uint8Array;
  flags: Uint8Array;
  /** The row's own issues, only for rows that have any. */
  ownIssues: Map<number, Issue[]>;
  /** The issues that depend on other rows (duplicates), only for rows that have any. */
  sheetIssues: Map<number, Issue[]>;
  /** transactionId (payouts) / beneficiaryId (beneficiaries) key per row, hashed. */
  ids: KeyIndex;
  /** Duplicate-row key per row, hashed. */
  dups: KeyIndex;
  /** Confirmation texts of rows whose hashed key is shared, computed on demand ('' = none); see duplicate-issues. */
  texts: Map<number, { id: string; dup: string }>;
  /** @deprecated Built on each access; use `mappedRowsOf(state)`. */
  readonly mapped: MappedRow[];
  /** @deprecated Built on each access; use `validatedRowCount(state)` / `rowIssues(state, i)` / `draftAt`. */
  readonly evals: readonly { draft: DraftFor<K>; issues: Issue[] }[];
  /** @deprecated Built on each access (every row re-evaluated); use `draftAt(state, i)`. */
  readonly drafts: DraftFor<K>[];
};

const PROGRESS_EVERY = 10_000;

export function evaluate<K extends SheetKind>(kind: K, m: MappedRow, ctx: RowContext): RowEvaluation<DraftFor<K>> {
  return (kind === 'payouts' ? evaluatePayoutRow(m, ctx) : evaluateBeneficiaryRow(m, ctx)) as RowEvaluation<
    DraftFor<K>
  >;
}

/** Row i as field → text: from the handed-over rows, or read from the parsed sheet through the mapping. */
export function mappedRow(state: ValidationState, i: number): MappedRow {
  if (state.rows) return state.rows[i]!;
  return readRowInto(state.parsed!, rowReader(state.entries), state.problems, i, { row: 0, values: {} });
}

/** Row i evaluated afresh: its draft and own issues as a fresh validation would give them. */
export function evaluateAt<K extends SheetKind>(state: ValidationState<K>, i: number): RowEvaluation<DraftFor<K>> {
  return evaluate(state.kind, mappedRow(state, i), state.ctx);
}

/** Row i's draft, built on demand (the state keeps none). */
export function draftAt<K extends SheetKind>(state: ValidationState<K>, i: number): DraftFor<K> {
  return evaluateAt(state, i).draft;
}

export function emptyState<K extends SheetKind>(
  kind: K,
  ctx: RowContext,
  fileError: FileIssue | null,
  count = 0,
): ValidationState<K> {
  const state = {
    kind,
    ctx,
    fileError,
    problems: new Map(),
    entries: [],
    count,
    rowNumbers: new Int32Array(count),
    amounts: new Float64Array(count),
    modes: new Uint8Array(count),
    flags: new Uint8Array(count),
    ownIssues: new Map(),
    sheetIssues: new Map(),
    ids: createKeyIndex(count),
    dups: createKeyIndex(count),
    texts: new Map(),
  } as unknown as ValidationState<K>;
  Object.defineProperties(state, STATE_VIEWS);
  return state;
}

/**
 * Compatibility views computed on demand (not stored: a stored copy per row is what issue 15 removed). One set of
 * getters for every state, so states share one hidden class (see ROWS_VIEW in parsed-sheet.ts: per-state getters
 * made each later state a dictionary object, slow to read in the per-row loops).
 */
const STATE_VIEWS: PropertyDescriptorMap = {
  mapped: {
    get(this: ValidationState) {
      return mappedRowsOf(this);
    },
    enumerable: false,
  },
  drafts: {
    get(this: ValidationState) {
      return Array.from({ length: this.count }, (_, i) => draftAt(this, i));
    },
    enumerable: false,
  },
  evals: {
    get(this: ValidationState) {
      return Array.from({ length: this.count }, (_, i) => ({ draft: draftAt(this, i), issues: rowIssues(this, i) }));
    },
    enumerable: false,
  },
};

// A plain object, not a Map: one property load per row.
const MODE_INDEX = Object.fromEntries(TRANSFER_MODES.map((m, i) => [m, i + 1])) as Record<TransferMode, number>;

/**
 * A row's keys into the indexes: added at once (an edit), or only written down (`fill`, which builds both
 * indexes in one go at the end: see keyBuild).
 */
function putKeys(state: ValidationState, i: number, id: number | null, dup: number | null, deferred: boolean): void {
  if (deferred) {
    if (id !== null) state.ids.keys[i] = id;
    if (dup !== null) state.dups.keys[i] = dup;
    return;
  }
  if (id !== null) keyAdd(state.ids, i, id);
  if (dup !== null) keyAdd(state.dups, i, dup);
}

/** Keeps what the summary needs of row i's evaluation; the keys go to the indexes. */
function store(state: ValidationState, i: number, ev: RowEvaluation<DraftFor<SheetKind>>, deferred: boolean): void {
  const draft = ev.draft as { amountPaise?: number | null; mode?: TransferMode | null; accountNumber?: string };
  state.rowNumbers[i] = ev.draft.row;
  state.amounts[i] = draft.amountPaise ?? NaN;
  state.modes[i] = draft.mode ? (MODE_INDEX[draft.mode] ?? 0) : 0;
  let flags = draft.accountNumber ? HAS_ACCOUNT : 0;
  if (ev.issues.length > 0) {
    flags |= OWN_ISSUES;
    for (const issue of ev.issues) if (issue.severity === 'error') flags |= OWN_ERROR;
    state.ownIssues.set(i, ev.issues);
  }
  state.flags[i] = flags;
  const id = ev.idKey === null ? null : rowKeyNumber(ev.idKey);
  putKeys(state, i, id, ev.dupKey === null ? null : rowKeyNumber(ev.dupKey), deferred);
}

/** `store` for a payout row's scan (`scanPayoutRow` keeps exactly what `evaluatePayoutRow` gives, minus the draft). */
function storeScan(state: ValidationState, i: number, scan: PayoutRowScan, deferred: boolean): void {
  state.rowNumbers[i] = scan.row;
  state.amounts[i] = scan.amountPaise ?? NaN;
  state.modes[i] = scan.mode ? (MODE_INDEX[scan.mode] ?? 0) : 0;
  let flags = scan.hasAccount ? HAS_ACCOUNT : 0;
  const issues = scan.issues;
  if (issues !== null) {
    flags |= OWN_ISSUES;
    for (const issue of issues) if (issue.severity === 'error') flags |= OWN_ERROR;
    state.ownIssues.set(i, issues);
  }
  state.flags[i] = flags;
  putKeys(state, i, scan.idKey === null ? null : rowKeyNumber(scan.idKey), scan.dupKey, deferred);
}

/** `storeScan` for a plain row (its keys only written down, as `fill` builds the indexes at the end). */
function storePlain(state: ValidationState, i: number, rowNumber: number, plain: PlainRow): void {
  state.rowNumbers[i] = rowNumber;
  state.amounts[i] = plain.amountPaise;
  state.modes[i] = plain.mode;
  let flags = plain.hasAccount ? HAS_ACCOUNT : 0;
  const issues = plain.issues;
  if (issues !== null) {
    flags |= OWN_ISSUES;
    for (const issue of issues) if (issue.severity === 'error') flags |= OWN_ERROR;
    state.ownIssues.set(i, issues);
  }
  state.flags[i] = flags;
  if (!Number.isNaN(plain.idKey)) state.ids.keys[i] = plain.idKey;
  if (!Number.isNaN(plain.dupKey)) state.dups.keys[i] = plain.dupKey;
}

/** Evaluates every row of a fresh state (from `emptyState`: nothing stored yet) and builds its key indexes. */
export function fill<K extends SheetKind>(state: ValidationState<K>, options: ValidateOptions): ValidationState<K> {
  const count = state.count;
  const scratch: MappedRow = { row: 0, values: {} };
  const { parsed, problems, rows } = state;
  const reader = rowReader(state.entries);
  // Payout rows take the scan: no draft, evaluation object or empty issue list per row (issue 15).
  const scan = state.kind === 'payouts' ? createPayoutRowScan() : null;
  // And a plain payout row is read in place from the table, before any of that (plain-rows.ts).
  const plain = scan && parsed && !rows ? plainReader(state.entries, state.ctx) : null;
  const plainRow = createPlainRow();
  // A CSV sheet has no number cells at all: no look-up past the end of an empty list per row.
  const numericCells = parsed?.numericCells ?? [];
  const anyNumeric = numericCells.length > 0;
  for (let i = 0; i < count; i++) {
    if (
      plain !== null &&
      (!anyNumeric || numericCells[i] === undefined) &&
      (problems.size === 0 || !problems.has(parsed!.rowNumbers[i]!)) &&
      plainPayoutRow(parsed!.table, i, parsed!.rowNumbers[i]!, plain, plainRow)
    )
      storePlain(state, i, parsed!.rowNumbers[i]!, plainRow);
    else {
      const m = rows ? rows[i]! : readRowInto(parsed!, reader, problems, i, scratch);
      if (scan) storeScan(state, i, scanPayoutRow(m, state.ctx, scan), true);
      else store(state, i, evaluate(state.kind, m, state.ctx), true);
    }
    if (options.onProgress && (i + 1) % PROGRESS_EVERY === 0) options.onProgress(i + 1, count);
  }
  // The rows' keys were only written down above (the state is fresh: its indexes hold no rows yet).
  keyBuild(state.ids);
  keyBuild(state.dups);
  options.onProgress?.(count, count);
  return state;
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
  // The flags say whether a row has own issues, and most sheets have no duplicate: no map look-up for a clean row
  // (the worker asks every row of a big sheet).
  const own = state.flags[index]! & OWN_ISSUES ? state.ownIssues.get(index) : undefined;
  const sheet = state.sheetIssues.size === 0 ? undefined : state.sheetIssues.get(index);
  if (!sheet) return own ?? [];
  return own ? [...own, ...sheet] : sheet;
}

/** Re-evaluates row i after an edit: its stored values, issues and keys replaced. */
export function restore(state: ValidationState, i: number): void {
  keyRemove(state.ids, i);
  keyRemove(state.dups, i);
  state.texts.delete(i);
  state.ownIssues.delete(i);
  // The same entry as `fill`, so an edited row keeps exactly what a fresh validation would.
  if (state.kind === 'payouts')
    storeScan(state, i, scanPayoutRow(mappedRow(state, i), state.ctx, createPayoutRowScan()), false);
  else store(state, i, evaluateAt(state, i), false);
}
