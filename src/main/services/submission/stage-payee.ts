import type { FieldKey } from '../../../shared/sheet/fields';
import type { Ops } from '../../db/store/ops';
import { nameHistoryOps, nameHistoryText } from './payee-history';
import type { HoldRow, PayeeRow } from './payee-verdicts';
import type { Candidate, StageIssue } from './stage';

/** Staging's payee findings (issue 12 points 4–5), as sheet issues the preview and the CLI list by row. */

export type HoldCandidate = PayeeRow & { transactionId: string; amountPaise: number };

/** The warning for a row staging held out (the row is staged, but CANCELLED until accepted). */
export function heldStageIssue(r: HoldRow, labels: Partial<Record<FieldKey, string>>): StageIssue {
  const bank = r.result.bankName ? `"${r.result.bankName}"` : 'another name';
  return {
    row: r.rowNumber,
    column: labels.name ?? 'Payee Name',
    field: 'name',
    code: 'payee_mismatch_held',
    severity: 'warning',
    message: `Held out of the batch: the bank holds ${bank} for this account, not "${r.payeeName ?? ''}" (${r.result.reason}). It is paid only if accepted with a reason.`,
  };
}

/** Warnings for rows whose account was paid before (SUCCESS/REVERSED, this environment) under another name. */
export function* nameHistoryIssuesOps(
  environment: string,
  candidates: readonly Candidate[],
  labels: Partial<Record<FieldKey, string>>,
): Ops<StageIssue[]> {
  const rows = candidates.map((c) => ({
    rowNumber: c.draft.row,
    payeeName: c.draft.name ?? null,
    accountNumber: c.draft.accountNumber ?? null,
    ifsc: c.draft.accountNumber ? (c.draft.ifsc ?? null) : null,
  }));
  return (yield* nameHistoryOps(environment, rows)).map((h) => ({
    row: h.row.rowNumber,
    column: labels.accountNumber ?? 'Account Number',
    field: 'accountNumber',
    code: 'payee_name_history' as const,
    severity: 'warning' as const,
    message: `${nameHistoryText(h)}; this sheet pays it to "${h.row.payeeName ?? ''}". Confirm the account belongs to this payee.`,
  }));
}
