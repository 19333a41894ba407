import { AppError } from '../../../shared/domain/errors';
import { appendAudit } from '../../db/audit';
import type { Db } from '../../db/open';
import { getBatchRow, refreshBatchTotals } from '../../db/repos/batches-repo';
import { getPayout, insertPayout, type PayoutRow, transactionIdTaken } from '../../db/repos/payouts-repo';
import { stmt } from '../../db/prepared-cache';
import { all, q, type Ops } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { mintId, PAYOUT_ID_PREFIX } from '../journal/ids';
import { type EditableFields, editPayout, mappedFromRow, revalidate, type RowEdit } from './fix-retry';
import { holdState } from './payee-verdicts';
import { INCLUDE_ACTION } from './preflight-repeats';
import { draftColumns, LEAVE_OUT_REPEAT, type StageIssue } from './stage';

/**
 * Working on a DRAFT batch before anyone confirms it (issue 17 point 2): put a left-out repeat or an excluded
 * row back, and edit a row's details — each re-validated with the sheet rules, each in the audit log.
 * Excluding is confirm.ts excludeRows; discarding the whole draft is the journal's cancelBatch.
 */

export type IncludeResult = {
  rowCount: number;
  totalPaise: number;
  /** Rows put back (a row already back, or not a left-out row of this batch, is not counted). */
  included: number;
  /** Errors of rows that no longer pass the rules: they stay out. */
  refused: StageIssue[];
};

export function draftBatch(deps: JournalDeps, batchId: number) {
  const batch = getBatchRow(deps.db, batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (batch.state !== 'DRAFT') {
    throw new AppError('conflict', `Batch #${batchId} is ${batch.state}: rows change only while it is a draft.`);
  }
  return batch;
}

const includedAlready = (db: Db, txn: string) =>
  stmt(db, "SELECT 1 FROM audit_log WHERE entity = 'payout' AND entity_id = ? AND action = ? LIMIT 1").get(
    txn,
    INCLUDE_ACTION,
  ) !== undefined;

/**
 * Puts CANCELLED rows of a DRAFT batch back as new DRAFT rows (copyBack); the audit entry on the original names
 * the copy, the reason and `actor` (who clicked "Include"). A row held as a payee mismatch is refused here.
 */
export function includeRows(
  deps: JournalDeps,
  batchId: number,
  payoutIds: readonly number[],
  opts: { actor: string },
): IncludeResult {
  draftBatch(deps, batchId);
  const now = deps.now();
  const at = now.toISOString();
  return deps.db.transaction(() => {
    const refused: StageIssue[] = [];
    let included = 0;
    const repeat = stmt(deps.db, "SELECT 1 FROM audit_log WHERE entity = 'payout' AND entity_id = ? AND action = ?");
    for (const id of new Set(payoutIds)) {
      const row = getPayout(deps.db, id);
      if (!row || row.batchId !== batchId || row.state !== 'CANCELLED') continue;
      if (includedAlready(deps.db, row.transactionId)) continue;
      // A row held because the bank holds another name comes back only through acceptMismatch, with a reason.
      const hold = holdState(deps.db, row.transactionId);
      if (hold === 'held') refused.push(heldIssue(row.rowNumber));
      if (hold) continue;
      const copy = copyBack(deps, row, now);
      if ('issues' in copy) {
        refused.push(...copy.issues);
        continue;
      }
      const reason = repeat.get(row.transactionId, LEAVE_OUT_REPEAT) ? 'repeat' : 'excluded';
      const data = { batchId, rowNumber: row.rowNumber, actor: opts.actor, reason };
      auditPutBack(deps.db, at, row, copy, INCLUDE_ACTION, data, { includedFrom: row.transactionId });
      included++;
    }
    return { ...refreshBatchTotals(deps.db, batchId), included, refused };
  })();
}

type PutBackRow = { id: number; transactionId: string };

/**
 * The two audit entries of a left-out row put back as a copy: on the CANCELLED original (`action`, naming the
 * copy) and the copy's own staging (`copyData` says where it came from). Shared by include and accept-mismatch.
 */
export function auditPutBack(
  db: Db,
  at: string,
  original: PutBackRow,
  copy: PutBackRow,
  action: string,
  data: Record<string, unknown>,
  copyData: Record<string, unknown>,
): void {
  appendAudit(db, {
    at,
    entity: 'payout',
    entityId: original.transactionId,
    action,
    fromState: 'CANCELLED',
    toState: 'CANCELLED',
    data: { ...data, payoutId: original.id, newPayoutId: copy.id, newTransactionId: copy.transactionId },
  });
  appendAudit(db, {
    at,
    entity: 'payout',
    entityId: copy.transactionId,
    action: 'stage',
    fromState: null,
    toState: 'DRAFT',
    data: { ...data, payoutId: copy.id, ...copyData },
  });
}

export function heldIssue(rowNumber: number): StageIssue {
  return {
    row: rowNumber,
    column: 'Payee Name',
    field: 'name',
    code: 'payee_mismatch_held',
    severity: 'error',
    message: `Row ${rowNumber} is held because the bank holds another name for the account; accept it with a reason to pay it.`,
  };
}

/**
 * A CANCELLED row of a draft as a new DRAFT row, re-validated with the sheet rules. The CANCELLED row cannot come
 * back itself (its state is final, and its transactionId stays used forever), so the copy gets a freshly minted
 * transactionId. Call inside the caller's transaction; the caller writes the audit entries.
 */
export function copyBack(
  deps: JournalDeps,
  row: PayoutRow,
  now: Date,
): { id: number; transactionId: string } | { issues: StageIssue[] } {
  const { draft, issues } = revalidate(deps, mappedFromRow(row, {}));
  if (!draft) return { issues: issues.filter((i) => i.severity === 'error') };
  let txn = mintId(PAYOUT_ID_PREFIX, now);
  while (transactionIdTaken(deps.db, txn)) txn = mintId(PAYOUT_ID_PREFIX, now);
  const id = insertPayout(deps.db, {
    batchId: row.batchId,
    chunkId: row.chunkId,
    rowNumber: row.rowNumber,
    transactionId: txn,
    ...draftColumns(draft),
    state: 'DRAFT',
    createdAt: now.toISOString(),
    retryOfPayoutId: row.retryOfPayoutId,
  });
  return { id, transactionId: txn };
}

/** Edits a DRAFT row of a DRAFT batch in place (same transactionId), re-validated; an error changes nothing. */
export function editDraftRow(deps: JournalDeps, payoutId: number, fields: EditableFields): RowEdit {
  return editPayout(deps, payoutId, fields, (row) => {
    draftBatch(deps, row.batchId);
    if (row.state !== 'DRAFT')
      throw new AppError('conflict', `Row ${row.rowNumber} is left out; include it to edit it.`);
  });
}

export type RetryReason = {
  payoutId: number;
  rowNumber: number;
  failureReason: string | null;
  rejectCode: string | null;
};

/** Why each row of a retry draft failed the first time (the original row's reason), for fixing before confirm. */
export function* retryReasonsOps(batchId: number): Ops<RetryReason[]> {
  return yield* all<RetryReason>(
    q`SELECT p.id AS payoutId, p.row_number AS rowNumber, o.failure_reason AS failureReason, o.reject_code AS rejectCode
     FROM payouts p JOIN payouts o ON o.id = p.retry_of_payout_id
     WHERE p.batch_id = ${batchId} AND p.state != 'CANCELLED' ORDER BY p.row_number, p.id`,
  );
}
