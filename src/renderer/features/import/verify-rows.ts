import type { Issue } from '../../../shared/domain/issue';
import type { ModeLimits } from '../../../shared/domain/payout';
import type { ColumnMapping, FieldKey, MappedRow } from '../../../shared/sheet/ui';
import { evaluatePayoutRow } from '../../../shared/sheet/row-draft';
import { PAYEE_VERDICTS, type PayeeVerdict } from '../../../shared/verify/payee-verdict';
import {
  type VerificationResult,
  type VerificationRowInput,
  verificationRowFromDraft,
} from '../../../shared/verify/verification';

/** Verification results of the preview, by the sheet row number the user sees (not the worker's state). */
export type VerdictMap = ReadonlyMap<number, VerificationResult>;

/** The fields a verification row is built from: an edit of any of them re-scores that row. */
export const VERIFY_FIELDS: readonly FieldKey[] = ['name', 'accountNumber', 'ifsc', 'vpa', 'mode', 'amount'];

/** Row numbers with an error: those rows are not payees the batch will pay, so they are not checked. */
export function errorRowNumbers(issuesByIndex: Record<number, Issue[]>): Set<number> {
  const out = new Set<number>();
  for (const list of Object.values(issuesByIndex)) {
    for (const i of list) if (i.severity === 'error') out.add(i.row);
  }
  return out;
}

/**
 * One verification row per valid payout row with a payee of its own (bank account or UPI ID). The row goes
 * through the same row rules staging uses, so the account, IFSC and (defaulted) mode sent are exactly those
 * main will pay; a row naming only a beneficiary id has no account here to check and is not sent.
 */
export function verificationRowOf(m: MappedRow, modeLimits: ModeLimits): VerificationRowInput | null {
  const { draft, issues } = evaluatePayoutRow(m, { labels: {}, modeLimits });
  if (!draft.mode || issues.some((i) => i.severity === 'error')) return null;
  if (!draft.accountNumber && !draft.vpa) return null;
  // A bank row is checked by account + IFSC alone; a UPI row's IFSC (if any) means nothing to the check.
  const bank = Boolean(draft.accountNumber);
  return verificationRowFromDraft({
    ...draft,
    row: m.row,
    ifsc: bank ? draft.ifsc : undefined,
    vpa: bank ? undefined : draft.vpa,
  });
}

export function verificationRows(
  rows: MappedRow[],
  issuesByIndex: Record<number, Issue[]>,
  modeLimits: ModeLimits,
): VerificationRowInput[] {
  const bad = errorRowNumbers(issuesByIndex);
  const out: VerificationRowInput[] = [];
  for (const m of rows) {
    if (bad.has(m.row)) continue;
    const input = verificationRowOf(m, modeLimits);
    if (input) out.push(input);
  }
  return out;
}

/** Rows with a bank account to check (UPI rows come back `skipped` without an EnKash call). */
export function bankRowCount(rows: readonly VerificationRowInput[]): number {
  return rows.filter((r) => r.mode !== 'UPI' && r.accountNumber).length;
}

/** One grid row's cells as a mapped row, for re-scoring it after an edit without asking the worker. */
export function mappedRowFromCells(row: number, cells: readonly string[], mapping: ColumnMapping): MappedRow {
  const values: Partial<Record<FieldKey, string>> = {};
  for (const [field, col] of Object.entries(mapping) as [FieldKey, number | undefined][]) {
    if (col !== undefined) values[field] = cells[col] ?? '';
  }
  return { row, values };
}

export function verdictCounts(results: VerdictMap): Record<PayeeVerdict, number> {
  const counts = Object.fromEntries(PAYEE_VERDICTS.map((v) => [v, 0])) as Record<PayeeVerdict, number>;
  for (const r of results.values()) counts[r.verdict]++;
  return counts;
}

/** A copy of the map with `results` written in (a re-score replaces that row's earlier verdict). */
export function withResults(map: VerdictMap, results: readonly VerificationResult[]): Map<number, VerificationResult> {
  const next = new Map(map);
  for (const r of results) next.set(r.row, r);
  return next;
}
