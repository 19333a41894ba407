import { paiseToDecimal } from '../../../shared/domain/money';
import { COMMITTED_BATCH_STATES } from '../../../shared/domain/payout-states';
import { AppError } from '../../../shared/domain/errors';
import type { FieldKey } from '../../../shared/sheet/fields';
import type { MappedRow } from '../../../shared/sheet/row-draft';
import { validateMappedRows } from '../../../shared/sheet/validate-sheet';
import {
  getBatchRow,
  insertBatch,
  insertChunk,
  batchTransactionIdTaken,
  refreshBatchTotals,
} from '../../db/repos/batches-repo';
import {
  getPayout,
  insertPayout,
  payoutsOfBatch,
  type PayoutRow,
  transactionIdTaken,
} from '../../db/repos/payouts-repo';
import { stmt } from '../../db/prepared-cache';
import { appendAudit } from '../../db/audit';
import type { JournalDeps } from '../journal/deps';
import { BATCH_ID_PREFIX, mintId, PAYOUT_ID_PREFIX } from '../journal/ids';
import { editPayoutData, transitionBatch, transitionPayouts } from '../journal/transition';
import { uniqueBatchName } from './batch-name';
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
export function editRejectedRow(deps: JournalDeps, payoutId: number, fields: EditableFields): RowEdit {
  return editPayout(deps, payoutId, fields, (row) => {
    if (row.state !== 'REJECTED')
      throw new AppError('conflict', `Only REJECTED rows can be edited; this one is ${row.state}.`);
  });
}

export type RowEdit = { ok: boolean; issues: StageIssue[]; row: PayoutRow };

/** An in-place edit of payout `payoutId` once `allowed` has vetted the row (it throws when the row may not change). */
export function editPayout(
  deps: JournalDeps,
  payoutId: number,
  fields: EditableFields,
  allowed: (row: PayoutRow) => void,
): RowEdit {
  const row = getPayout(deps.db, payoutId);
  if (!row) throw new AppError('not_found', `Payout #${payoutId} does not exist.`);
  allowed(row);
  return editRowInPlace(deps, row, fields);
}

/**
 * Re-validates `row` with `fields` typed over it and, when no rule says error, writes the normalised values in
 * place (audited as `edit`) while the row is still in the state it was read in. Same transactionId.
 */
export function editRowInPlace(
  deps: JournalDeps,
  row: PayoutRow,
  fields: EditableFields,
): { ok: boolean; issues: StageIssue[]; row: PayoutRow } {
  const payoutId = row.id;
  const { draft, issues } = revalidate(deps, mappedFromRow(row, fields));
  if (!draft) return { ok: false, issues, row };
  const changed = editPayoutData(
    deps.db,
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
  refreshBatchTotals(deps.db, row.batchId);
  return { ok: true, issues, row: getPayout(deps.db, payoutId)! };
}

/** What the person confirmed about a row: who is paid, how, and how much. */
function confirmedContent(r: PayoutRow): string {
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
  const batch = getBatchRow(deps.db, batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (!COMMITTED_BATCH_STATES.includes(batch.state)) {
    throw new AppError('conflict', `Rows of a ${batch.state} batch cannot be resubmitted.`);
  }
  const rows = payoutsOfBatch(deps.db, batchId, { states: ['REJECTED'] }).filter((r) => payoutIds.includes(r.id));
  if (!rows.length || rows.length !== new Set(payoutIds).size) {
    throw new AppError('conflict', 'Only REJECTED rows of this batch can be resubmitted.');
  }
  checkTypedTotal(
    typedTotal,
    rows.reduce((s, r) => s + r.amountPaise, 0),
  );
  if (batch.environment === 'production') checkProductionName(batch.name, opts.productionConfirmedName);
  const report = await preflight(deps, batchId, { payoutIds: rows.map((r) => r.id) });
  if (report.blocks.length) {
    throw new AppError('conflict', `Pre-flight found ${report.blocks.length} problem(s); nothing was resubmitted.`, {
      blocks: report.blocks.map((b) => ({ code: b.code, message: b.message, count: b.count })),
    });
  }
  const at = deps.now();
  const checked = new Map(rows.map((r) => [r.id, confirmedContent(r)]));
  deps.db
    .transaction(() => {
      // Pre-flight awaited EnKash: a row edited in that window must not go out with data nobody confirmed.
      // Re-read inside the write transaction, so no edit can land between this check and the transition.
      const now = payoutsOfBatch(deps.db, batchId, { states: ['REJECTED'] }).filter((r) => payoutIds.includes(r.id));
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
      const r = transitionPayouts(
        deps.db,
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
      transitionBatch(deps.db, batchId, ['SENT'], 'SENDING', { at, action: 'resubmit', data: { rows: rows.length } });
      // IMMEDIATE: the re-read above and the writes below hold the write lock together (no upgrade, no BUSY).
    })
    .immediate();
  return report;
}

export type RetryResult = { batchId: number; rows: number; totalPaise: number; skipped: StageIssue[] };

/** A new DRAFT batch (kind `retry`) of the FAILED rows of `batchId` that have no live retry yet. */
export function retryFailedRows(deps: JournalDeps, batchId: number): RetryResult {
  const source = getBatchRow(deps.db, batchId);
  if (!source) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (source.environment !== deps.environment()) {
    throw new AppError(
      'conflict',
      `Batch #${batchId} belongs to ${source.environment}; Settings are on ${deps.environment()}.`,
    );
  }
  const liveRetry = stmt(
    deps.db,
    "SELECT 1 FROM payouts WHERE retry_of_payout_id = ? AND state != 'CANCELLED' LIMIT 1",
  );
  const failed = payoutsOfBatch(deps.db, batchId, { states: ['FAILED'] }).filter((r) => !liveRetry.get(r.id));
  if (!failed.length) throw new AppError('conflict', 'There are no failed rows left to retry in this batch.');
  const skipped: StageIssue[] = [];
  const ok: { from: PayoutRow; draft: Candidate['draft'] }[] = [];
  for (const row of failed) {
    const { draft, issues } = revalidate(deps, mappedFromRow(row, {}));
    if (draft) ok.push({ from: row, draft });
    else skipped.push(...issues.filter((i) => i.severity === 'error'));
  }
  if (!ok.length)
    throw new AppError('invalid_input', 'None of the failed rows passes the current rules.', {
      issues: skipped.slice(0, 20),
    });
  const now = deps.now();
  const at = now.toISOString();
  const size = deps.profile().batchChunkSize;
  const id = deps.db.transaction(() => {
    const newId = insertBatch(deps.db, {
      importId: source.importId,
      parentBatchId: batchId,
      name: uniqueBatchName(deps.db, `${source.name} retry`),
      environment: source.environment,
      kind: 'retry',
      createdAt: at,
    });
    const chunkIds: number[] = [];
    for (let seq = 0; seq * size < ok.length; seq++) {
      let btid = mintId(BATCH_ID_PREFIX, now);
      while (batchTransactionIdTaken(deps.db, btid)) btid = mintId(BATCH_ID_PREFIX, now);
      chunkIds.push(insertChunk(deps.db, { batchId: newId, seq, batchTransactionId: btid }));
    }
    ok.forEach(({ from, draft }, i) => {
      let txn = mintId(PAYOUT_ID_PREFIX, now);
      while (transactionIdTaken(deps.db, txn)) txn = mintId(PAYOUT_ID_PREFIX, now);
      insertPayout(deps.db, {
        batchId: newId,
        chunkId: chunkIds[Math.floor(i / size)] ?? null,
        rowNumber: from.rowNumber,
        transactionId: txn,
        ...draftColumns(draft),
        state: 'DRAFT',
        createdAt: at,
        retryOfPayoutId: from.id,
      });
    });
    const totals = refreshBatchTotals(deps.db, newId);
    appendAudit(deps.db, {
      at,
      entity: 'batch',
      entityId: String(newId),
      action: 'retry-of',
      fromState: null,
      toState: 'DRAFT',
      data: { parentBatchId: batchId, rows: totals.rowCount, totalPaise: totals.totalPaise },
    });
    return newId;
  })();
  const totals = getBatchRow(deps.db, id)!;
  return { batchId: id, rows: totals.rowCount, totalPaise: totals.totalPaise, skipped };
}
