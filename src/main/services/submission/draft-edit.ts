import { AppError } from '../../../shared/domain/errors';
import type { BatchState } from '../../../shared/domain/payout-states';
import { appendAuditOps } from '../../db/audit';
import { type BatchRow, getBatchRowOps, refreshBatchTotalsOps } from '../../db/repos/batches-repo';
import { getPayoutOps, insertPayoutOps, type PayoutRow, transactionIdTakenOps } from '../../db/repos/payouts-repo';
import { all, get, q, type Ops, transaction } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { mintId, PAYOUT_ID_PREFIX } from '../journal/ids';
import { type EditableFields, editPayoutOps, mappedFromRow, revalidate, type RowEdit } from './fix-retry';
import { holdStateOps } from './payee-verdicts';
import { INCLUDE_ACTION } from './preflight-repeats';
import { draftColumns, LEAVE_OUT_REPEAT, type StageIssue } from './stage';

/**
 * Working on a DRAFT batch before anyone confirms it (issue 17 point 2): put a left-out repeat or an excluded
 * row back, and edit a row's details — each re-validated with the sheet rules, each in the audit log.
 * Excluding is confirm.ts excludeRows; discarding the whole draft is the journal's cancelBatch. Storage work for
 * either engine (`…Ops`); the plain names run it on the desk's SQLite for the synchronous callers.
 */

/**
 * The batch states whose rows may change. The desk changes drafts only; a Desk Server also changes a batch waiting
 * for its checkers, because team/row-changes.ts then makes every approval given so far stop counting.
 */
export type ChangeableStates = readonly BatchState[];
const DRAFT_ONLY: ChangeableStates = ['DRAFT'];

export type IncludeResult = {
  rowCount: number;
  totalPaise: number;
  /** Rows put back (a row already back, or not a left-out row of this batch, is not counted). */
  included: number;
  /** Errors of rows that no longer pass the rules: they stay out. */
  refused: StageIssue[];
};

export function* draftBatchOps(batchId: number, states: ChangeableStates = DRAFT_ONLY): Ops<BatchRow> {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (!states.includes(batch.state)) {
    throw new AppError('conflict', `Batch #${batchId} is ${batch.state}: rows change only while it is a draft.`);
  }
  return batch;
}

function* auditedOnceOps(txn: string, action: string): Ops<boolean> {
  const row = yield* get(
    q`SELECT 1 AS seen FROM audit_log WHERE entity = 'payout' AND entity_id = ${txn} AND action = ${action} LIMIT 1`,
  );
  return row !== undefined;
}

/**
 * Puts CANCELLED rows of a DRAFT batch back as new DRAFT rows (copyBack); the audit entry on the original names
 * the copy, the reason and `actor` (who clicked "Include"). A row held as a payee mismatch is refused here.
 */
export function* includeRowsOps(
  deps: JournalDeps,
  batchId: number,
  payoutIds: readonly number[],
  opts: { actor: string; states?: ChangeableStates },
): Ops<IncludeResult> {
  yield* draftBatchOps(batchId, opts.states);
  const now = deps.now();
  const at = now.toISOString();
  return yield* transaction(function* () {
    const refused: StageIssue[] = [];
    let included = 0;
    for (const id of new Set(payoutIds)) {
      const row = yield* getPayoutOps(id);
      if (!row || row.batchId !== batchId || row.state !== 'CANCELLED') continue;
      if (yield* auditedOnceOps(row.transactionId, INCLUDE_ACTION)) continue;
      // A row held because the bank holds another name comes back only through acceptMismatch, with a reason.
      const hold = yield* holdStateOps(row.transactionId);
      if (hold === 'held') refused.push(heldIssue(row.rowNumber));
      if (hold) continue;
      const copy = yield* copyBackOps(deps, row, now);
      if ('issues' in copy) {
        refused.push(...copy.issues);
        continue;
      }
      const reason = (yield* auditedOnceOps(row.transactionId, LEAVE_OUT_REPEAT)) ? 'repeat' : 'excluded';
      const data = { batchId, rowNumber: row.rowNumber, actor: opts.actor, reason };
      yield* auditPutBackOps(at, row, copy, INCLUDE_ACTION, data, { includedFrom: row.transactionId });
      included++;
    }
    return { ...(yield* refreshBatchTotalsOps(batchId)), included, refused };
  });
}

type PutBackRow = { id: number; transactionId: string };

/**
 * The two audit entries of a left-out row put back as a copy: on the CANCELLED original (`action`, naming the
 * copy) and the copy's own staging (`copyData` says where it came from). Shared by include and accept-mismatch.
 */
export function* auditPutBackOps(
  at: string,
  original: PutBackRow,
  copy: PutBackRow,
  action: string,
  data: Record<string, unknown>,
  copyData: Record<string, unknown>,
): Ops<void> {
  yield* appendAuditOps({
    at,
    entity: 'payout',
    entityId: original.transactionId,
    action,
    fromState: 'CANCELLED',
    toState: 'CANCELLED',
    data: { ...data, payoutId: original.id, newPayoutId: copy.id, newTransactionId: copy.transactionId },
  });
  yield* appendAuditOps({
    at,
    entity: 'payout',
    entityId: copy.transactionId,
    action: 'stage',
    fromState: null,
    toState: 'DRAFT',
    data: { ...data, payoutId: copy.id, ...copyData },
  });
}

function heldIssue(rowNumber: number): StageIssue {
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
export function* copyBackOps(
  deps: JournalDeps,
  row: PayoutRow,
  now: Date,
): Ops<{ id: number; transactionId: string } | { issues: StageIssue[] }> {
  const { draft, issues } = revalidate(deps, mappedFromRow(row, {}));
  if (!draft) return { issues: issues.filter((i) => i.severity === 'error') };
  let txn = mintId(PAYOUT_ID_PREFIX, now);
  while (yield* transactionIdTakenOps(txn)) txn = mintId(PAYOUT_ID_PREFIX, now);
  const id = yield* insertPayoutOps({
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
export function* editDraftRowOps(
  deps: JournalDeps,
  payoutId: number,
  fields: EditableFields,
  states: ChangeableStates = DRAFT_ONLY,
): Ops<RowEdit> {
  return yield* editPayoutOps(deps, payoutId, fields, function* (row) {
    yield* draftBatchOps(row.batchId, states);
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
