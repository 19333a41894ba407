import { paiseToDecimal } from '../../../shared/domain/money';
import { COMMITTED_BATCH_STATES } from '../../../shared/domain/payout-states';
import { AppError } from '../../../shared/domain/errors';
import type { FieldKey } from '../../../shared/sheet/fields';
import type { MappedRow } from '../../../shared/sheet/row-draft';
import { validateMappedRows } from '../../../shared/sheet/validate-sheet';
import {
  batchTransactionIdTakenOps,
  getBatchRowOps,
  insertBatchOps,
  insertChunkOps,
  refreshBatchTotalsOps,
} from '../../db/repos/batches-repo';
import {
  getPayoutOps,
  insertPayoutOps,
  payoutsOfBatchOps,
  type PayoutRow,
  transactionIdTakenOps,
} from '../../db/repos/payouts-repo';
import { appendAuditOps } from '../../db/audit';
import { get, type Ops, q, transaction } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { BATCH_ID_PREFIX, mintId, PAYOUT_ID_PREFIX } from '../journal/ids';
import { editPayoutDataOps, transitionBatchOps, transitionPayoutsOps } from '../journal/transition';
import { uniqueBatchNameOps } from './batch-name';
import { checkProductionName, checkTypedTotal } from './confirm';
import { preflight, type PreflightReport } from './preflight';
import { type Candidate, clientIssues, draftColumns, type StageIssue } from './stage';

/**
 * Fixing what EnKash refused, and retrying what the bank failed:
 * - a REJECTED row may be edited (re-validated with the sheet rules) and resubmitted with its SAME
 *   transactionId — EnKash's documented rule for REJECTED;
 * - FAILED rows (the bank refused them after EnKash took them) go into a NEW batch with new transactionIds,
 *   linked to the originals; rows that succeeded or are still in flight are never included, and a row that
 *   already has a live retry is not retried twice.
 * Each is storage work for either engine (`…Ops`, run with deps.store.run); the plain names run it on the desk's
 * SQLite synchronously for the callers that were written against it.
 */

export type EditableFields = Partial<
  Record<Exclude<FieldKey, 'transactionId' | 'address' | 'city' | 'state' | 'pincode'>, string>
>;

/** A stored row as the sheet row it came from, with `fields` typed over it (for re-validation). */
export function mappedFromRow(row: PayoutRow, fields: EditableFields): MappedRow {
  const values: Partial<Record<FieldKey, string>> = {
    beneficiaryId: row.beneficiaryId ?? '',
    name: row.payeeName ?? '',
    accountNumber: row.accountNumber ?? '',
    ifsc: row.ifsc ?? '',
    vpa: row.vpa ?? '',
    email: row.email ?? '',
    phone: row.phone ?? '',
    amount: paiseToDecimal(row.amountPaise),
    // A mode the app chose stays a default, so a changed amount may choose another one.
    mode: row.modeDefaulted ? '' : row.mode,
    remark: row.remark ?? '',
    reference: row.reference ?? '',
    ...fields,
  };
  return { row: row.rowNumber, values };
}

/** Validates one row as staging would; the normalised draft only when there is no error. */
export function revalidate(
  deps: JournalDeps,
  m: MappedRow,
): { draft: Candidate['draft'] | null; issues: StageIssue[] } {
  const v = validateMappedRows([m], 'payouts', { modeLimits: deps.profile().modeLimits });
  const issues: StageIssue[] = [...v.issues];
  const draft = v.drafts[0];
  if (!draft || issues.some((i) => i.severity === 'error') || draft.amountPaise === null || draft.mode === null) {
    return { draft: null, issues };
  }
  const d = draft as Candidate['draft'];
  const extra = clientIssues(d, {});
  return extra.length ? { draft: null, issues: [...issues, ...extra] } : { draft: d, issues };
}

/** Edits a REJECTED row in place (same transactionId). Returns the issues; nothing changes when one is an error. */
export function* editRejectedRowOps(deps: JournalDeps, payoutId: number, fields: EditableFields): Ops<RowEdit> {
  return yield* editPayoutOps(deps, payoutId, fields, function* (row) {
    if (row.state !== 'REJECTED')
      throw new AppError('conflict', `Only REJECTED rows can be edited; this one is ${row.state}.`);
    // A REJECTED row a team already put into a retry batch (team/row-changes.ts) is retired: its copy is the payout.
    if (yield* hasLiveRetryOps(row.id))
      throw new AppError('conflict', `Row ${row.rowNumber} was already put into a retry batch; edit it there.`);
  });
}

export type RowEdit = { ok: boolean; issues: StageIssue[]; row: PayoutRow };

/**
 * An in-place edit of payout `payoutId` once `allowed` has vetted the row (it throws when the row may not change),
 * in one transaction: the row, its batch's totals and the audit entry change together.
 */
export function* editPayoutOps(
  deps: JournalDeps,
  payoutId: number,
  fields: EditableFields,
  allowed: (row: PayoutRow) => Ops<void>,
): Ops<RowEdit> {
  return yield* transaction(function* () {
    const row = yield* getPayoutOps(payoutId);
    if (!row) throw new AppError('not_found', `Payout #${payoutId} does not exist.`);
    yield* allowed(row);
    return yield* editRowInPlaceOps(deps, row, fields);
  });
}

/**
 * Re-validates `row` with `fields` typed over it and, when no rule says error, writes the normalised values in
 * place (audited as `edit`) while the row is still in the state it was read in. Same transactionId.
 */
function* editRowInPlaceOps(deps: JournalDeps, row: PayoutRow, fields: EditableFields): Ops<RowEdit> {
  const payoutId = row.id;
  const { draft, issues } = revalidate(deps, mappedFromRow(row, fields));
  if (!draft) return { ok: false, issues, row };
  const changed = yield* editPayoutDataOps(
    payoutId,
    row.state,
    {
      beneficiary_id: draft.beneficiaryId ?? null,
      payee_name: draft.name ?? null,
      account_number: draft.accountNumber ?? null,
      ifsc: draft.accountNumber ? (draft.ifsc ?? null) : null,
      vpa: draft.accountNumber ? null : (draft.vpa ?? null),
      email: draft.email ?? null,
      phone: draft.phone ?? null,
      amount_paise: draft.amountPaise,
      mode: draft.mode,
      remark: draft.remark ?? null,
      reference: draft.reference ?? null,
      mode_defaulted: draft.modeDefaulted ? 1 : 0,
    },
    deps.now(),
  );
  if (!changed) throw new AppError('conflict', 'The row changed state while it was being edited.');
  yield* refreshBatchTotalsOps(row.batchId);
  return { ok: true, issues, row: (yield* getPayoutOps(payoutId))! };
}

/** What the person confirmed about a row: who is paid, how, and how much. */
export function confirmedContent(r: PayoutRow): string {
  return JSON.stringify([
    r.state,
    r.amountPaise,
    r.mode,
    r.beneficiaryId,
    r.payeeName,
    r.accountNumber,
    r.ifsc,
    r.vpa,
    r.remark,
    r.reference,
  ]);
}

/** True when a retry row (not CANCELLED) already pays for payout `id`: the original must never be sent again. */
export function* hasLiveRetryOps(id: number): Ops<boolean> {
  const row = yield* get(
    q`SELECT 1 AS live FROM payouts WHERE retry_of_payout_id = ${id} AND state <> 'CANCELLED' LIMIT 1`,
  );
  return row !== undefined;
}

/**
 * The REJECTED rows `payoutIds` of a committed batch, all of them, none with a live retry, their sum the typed
 * total — what both a desk's resubmission and a team's (a retry batch for approval) start from.
 */
export function* rejectedRowsOps(batchId: number, payoutIds: readonly number[], typedTotal: string) {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (!COMMITTED_BATCH_STATES.includes(batch.state)) {
    throw new AppError('conflict', `Rows of a ${batch.state} batch cannot be resubmitted.`);
  }
  const wanted = new Set(payoutIds);
  const rows = (yield* payoutsOfBatchOps(batchId, { states: ['REJECTED'] })).filter((r) => wanted.has(r.id));
  if (!rows.length || rows.length !== wanted.size) {
    throw new AppError('conflict', 'Only REJECTED rows of this batch can be resubmitted.');
  }
  for (const r of rows) {
    if (yield* hasLiveRetryOps(r.id))
      throw new AppError('conflict', `Row ${r.rowNumber} was already put into a retry batch; it is not sent again.`);
  }
  checkTypedTotal(
    typedTotal,
    rows.reduce((s, r) => s + r.amountPaise, 0),
  );
  return { batch, rows };
}

/**
 * Puts fixed REJECTED rows back to READY with their same transactionIds, after the same checks as a batch:
 * pre-flight on those rows (balance, limits …), the typed total of those rows, and in production the batch
 * name. The engine then sends them one by one on the single-payout call (their chunk's batchTransactionId
 * was already used). Returns the pre-flight report it was based on.
 */
export async function resubmitRejected(
  deps: JournalDeps,
  batchId: number,
  payoutIds: readonly number[],
  typedTotal: string,
  opts: { productionConfirmedName?: string } = {},
): Promise<PreflightReport> {
  const { batch, rows } = await deps.store.run(rejectedRowsOps(batchId, payoutIds, typedTotal));
  if (batch.environment === 'production') checkProductionName(batch.name, opts.productionConfirmedName);
  const report = await preflight(deps, batchId, { payoutIds: rows.map((r) => r.id) });
  if (report.blocks.length) {
    throw new AppError('conflict', `Pre-flight found ${report.blocks.length} problem(s); nothing was resubmitted.`, {
      blocks: report.blocks.map((b) => ({ code: b.code, message: b.message, count: b.count })),
    });
  }
  const at = deps.now();
  const checked = new Map(rows.map((r) => [r.id, confirmedContent(r)]));
  await deps.store.run(
    // One write transaction (SQLite: BEGIN IMMEDIATE, so the re-read and the writes hold the lock together).
    transaction(function* () {
      // Pre-flight awaited EnKash: a row edited in that window must not go out with data nobody confirmed.
      // Re-read inside the write transaction, so no edit can land between this check and the transition.
      const now = (yield* payoutsOfBatchOps(batchId, { states: ['REJECTED'] })).filter((r) => checked.has(r.id));
      if (now.length !== rows.length || now.some((r) => checked.get(r.id) !== confirmedContent(r))) {
        throw new AppError(
          'conflict',
          'A row changed while it was being checked; nothing was resubmitted. Review the rows and confirm again.',
        );
      }
      checkTypedTotal(
        typedTotal,
        now.reduce((sum, r) => sum + r.amountPaise, 0),
      );
      const r = yield* transitionPayoutsOps(
        rows.map((row) => ({
          id: row.id,
          from: 'REJECTED' as const,
          to: 'READY' as const,
          action: 'resubmit',
          set: { rejectCode: null, failureReason: null, enkashStatus: null },
          data: { previousRejectCode: row.rejectCode },
        })),
        { at },
      );
      if (r.skipped.length) throw new AppError('conflict', 'Some rows changed state; review them and try again.');
      yield* transitionBatchOps(batchId, ['SENT'], 'SENDING', { at, action: 'resubmit', data: { rows: rows.length } });
    }),
  );
  return report;
}

export type RetryResult = { batchId: number; rows: number; totalPaise: number; skipped: StageIssue[] };

/** A new DRAFT batch (kind `retry`) of the FAILED rows of `batchId` that have no live retry yet. */
export function* retryFailedRowsOps(deps: JournalDeps, batchId: number): Ops<RetryResult> {
  const source = yield* getBatchRowOps(batchId);
  if (!source) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (source.environment !== deps.environment()) {
    throw new AppError(
      'conflict',
      `Batch #${batchId} belongs to ${source.environment}; Settings are on ${deps.environment()}.`,
    );
  }
  return yield* transaction(function* () {
    const failed: PayoutRow[] = [];
    for (const r of yield* payoutsOfBatchOps(batchId, { states: ['FAILED'] })) {
      if (!(yield* hasLiveRetryOps(r.id))) failed.push(r);
    }
    if (!failed.length) throw new AppError('conflict', 'There are no failed rows left to retry in this batch.');
    return yield* retryBatchOps(deps, source, failed);
  });
}

/**
 * A new DRAFT batch (kind `retry`, parent `source`) paying `rows` again under freshly minted transactionIds, each
 * linked to its original (retry_of_payout_id), re-validated with today's rules; a row that fails them is skipped.
 * Call inside the caller's transaction.
 */
export function* retryBatchOps(
  deps: JournalDeps,
  source: { id: number; importId: number | null; name: string; environment: string },
  rows: readonly PayoutRow[],
): Ops<RetryResult> {
  const skipped: StageIssue[] = [];
  const ok: { from: PayoutRow; draft: Candidate['draft'] }[] = [];
  for (const row of rows) {
    const { draft, issues } = revalidate(deps, mappedFromRow(row, {}));
    if (draft) ok.push({ from: row, draft });
    else skipped.push(...issues.filter((i) => i.severity === 'error'));
  }
  if (!ok.length)
    throw new AppError('invalid_input', 'None of these rows passes the current rules; fix them first.', {
      issues: skipped.slice(0, 20),
    });
  const now = deps.now();
  const at = now.toISOString();
  const size = deps.profile().batchChunkSize;
  const newId = yield* insertBatchOps({
    importId: source.importId,
    parentBatchId: source.id,
    name: yield* uniqueBatchNameOps(`${source.name} retry`),
    environment: source.environment,
    kind: 'retry',
    createdAt: at,
  });
  const chunkIds: number[] = [];
  for (let seq = 0; seq * size < ok.length; seq++) {
    let btid = mintId(BATCH_ID_PREFIX, now);
    while (yield* batchTransactionIdTakenOps(btid)) btid = mintId(BATCH_ID_PREFIX, now);
    chunkIds.push(yield* insertChunkOps({ batchId: newId, seq, batchTransactionId: btid }));
  }
  for (const [i, { from, draft }] of ok.entries()) {
    let txn = mintId(PAYOUT_ID_PREFIX, now);
    while (yield* transactionIdTakenOps(txn)) txn = mintId(PAYOUT_ID_PREFIX, now);
    yield* insertPayoutOps({
      batchId: newId,
      chunkId: chunkIds[Math.floor(i / size)] ?? null,
      rowNumber: from.rowNumber,
      transactionId: txn,
      ...draftColumns(draft),
      state: 'DRAFT',
      createdAt: at,
      retryOfPayoutId: from.id,
    });
  }
  const totals = yield* refreshBatchTotalsOps(newId);
  yield* appendAuditOps({
    at,
    entity: 'batch',
    entityId: String(newId),
    action: 'retry-of',
    fromState: null,
    toState: 'DRAFT',
    data: { parentBatchId: source.id, rows: totals.rowCount, totalPaise: totals.totalPaise },
  });
  return { batchId: newId, rows: totals.rowCount, totalPaise: totals.totalPaise, skipped };
}
