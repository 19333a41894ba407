import type { Issue } from '../domain/issue';
import { FIELD_LABELS, type FieldKey } from './fields';
import type { KeyIndex } from './key-index';
import { chainHead, keyShared, markSharedRows } from './key-index';
import { rowKeyTexts } from './row-keys';
import type { ValidationState } from './validation-state';
import { evaluate, HAS_ACCOUNT, mappedRow } from './validation-state';

/**
 * The in-sheet duplicate checks over the hashed key indexes. Equal hashes are only candidates: the rows' key texts
 * (rebuilt by re-evaluating just those rows, cached until an edit) must be equal too, so a collision is never
 * reported as a duplicate nor left out as a repeat. The first row of a confirmed group is the original.
 */

function label(state: ValidationState, field: FieldKey): string {
  return state.ctx.labels[field] ?? FIELD_LABELS[field];
}

function textsOf(state: ValidationState, i: number): { id: string; dup: string } {
  let t = state.texts.get(i);
  if (!t) {
    const m = mappedRow(state, i);
    t = rowKeyTexts(m, evaluate(state.kind, m, state.ctx));
    state.texts.set(i, t);
  }
  return t;
}

/** The first earlier row whose key text equals row i's (`which` key), or undefined. */
function originalOf(state: ValidationState, index: KeyIndex, which: 'id' | 'dup', i: number): number | undefined {
  if (!keyShared(index, i)) return undefined;
  const head = chainHead(index, i);
  if (head === i) return undefined;
  const mine = textsOf(state, i)[which];
  if (textsOf(state, head)[which] === mine) return head;
  // A hash collision with the chain's first row: look for a real twin among the rows before this one.
  for (let at = index.next[head]!; at !== -1 && at < i; at = index.next[at]!) {
    if (textsOf(state, at)[which] === mine) return at;
  }
  return undefined;
}

/**
 * The key the repeat tracker groups row i by: the first row of its confirmed duplicate group, or null when no
 * other row shares its key (most rows; they need no tracking).
 */
export function repeatKey(state: ValidationState, i: number): number | null {
  if (!keyShared(state.dups, i)) return null;
  return originalOf(state, state.dups, 'dup', i) ?? i;
}

/** The duplicate issues of row i (first occurrence is the original). */
export function sheetIssuesFor(state: ValidationState, i: number): Issue[] | undefined {
  let out: Issue[] | undefined;
  const row = state.rowNumbers[i]!;
  const firstId = originalOf(state, state.ids, 'id', i);
  if (firstId !== undefined) {
    const firstRow = state.rowNumbers[firstId]!;
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
  const firstDup = originalOf(state, state.dups, 'dup', i);
  if (firstDup !== undefined) {
    const firstRow = state.rowNumbers[firstDup]!;
    const field: FieldKey =
      state.kind === 'payouts' ? 'amount' : state.flags[i]! & HAS_ACCOUNT ? 'accountNumber' : 'vpa';
    const message =
      state.kind === 'payouts'
        ? `Same payee, amount, remark and reference as row ${firstRow}. Is this payment listed twice?`
        : `Same bank account or UPI ID as row ${firstRow}.`;
    (out ??= []).push({ row, column: label(state, field), field, code: 'duplicate_row', severity: 'warning', message });
  }
  return out;
}

/** Recomputes the duplicate issues of the given rows. */
export function refreshSheetIssues(state: ValidationState, rows: Iterable<number>): void {
  for (const i of rows) {
    const issues = sheetIssuesFor(state, i);
    if (issues) state.sheetIssues.set(i, issues);
    else state.sheetIssues.delete(i);
  }
}

/** The duplicate issues of every row: only rows whose keys are shared can have any. */
export function fillSheetIssues(state: ValidationState): void {
  state.sheetIssues.clear();
  const shared = new Uint8Array(state.count);
  markSharedRows(state.ids, shared, 1);
  markSharedRows(state.dups, shared, 2);
  for (let i = 0; i < state.count; i++) {
    if (shared[i] === 0) continue;
    const issues = sheetIssuesFor(state, i);
    if (issues) state.sheetIssues.set(i, issues);
  }
}
