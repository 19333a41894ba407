import type { Issue, IssueCode } from '../../../shared/domain/issue';
import type { PayoutDraft } from '../../../shared/domain/payout';
import { AppError } from '../../../shared/domain/errors';
import type { FieldKey } from '../../../shared/sheet/fields';
import type { MappedRow } from '../../../shared/sheet/row-draft';
import { createRepeatTracker } from '../../../shared/sheet/repeats';
import { createValidationFromRows, repeatKey, validationResult } from '../../../shared/sheet/validate-sheet';
import { appendAudit } from '../../db/audit';
import {
  type BatchKind,
  batchTransactionIdTaken,
  insertBatch,
  insertChunk,
  refreshBatchTotals,
} from '../../db/repos/batches-repo';
import { getPayoutByTransactionId, insertPayout, transactionIdTaken } from '../../db/repos/payouts-repo';
import type { JournalDeps } from '../journal/deps';
import { BATCH_ID_PREFIX, mintId, PAYOUT_ID_PREFIX } from '../journal/ids';
import { transitionPayouts } from '../journal/transition';
import { uniqueBatchName } from './batch-name';
import { type HoldCandidate, heldStageIssue, nameHistoryIssues } from './stage-payee';
import { clientIssues, draftColumns } from './stage-rows';
import { holdRows, payeeVerdicts, rowsToHold } from './payee-verdicts';

export { clientIssues, draftColumns } from './stage-rows';

/**
 * Staging: the renderer's mapped rows become a DRAFT batch. Main re-validates every row with the same shared
 * rules (the renderer is untrusted), checks each row against what the EnKash client will accept, mints one
 * transactionId per row (keeping a valid one from the sheet) and one batchTransactionId per chunk, and
 * commits all of it in one transaction — before anything can be sent.
 */

/**
 * Staging adds findings to the sheet rules: ids already used in history, client-side request limits, and (issue 12)
 * a verified payee mismatch held out of the batch and an account paid before under another payee's name.
 */
export type StageIssueCode =
  | IssueCode
  | 'transaction_id_exists'
  | 'request_invalid'
  // Issue 12: a verified mismatch held out of the batch, and an account paid before under another name.
  | 'payee_mismatch_held'
  | 'payee_name_history';
export type StageIssue = Omit<Issue, 'code'> & { code: StageIssueCode };

export type StageInput = {
  /** An existing `imports` row; when absent one is recorded from fileName/sha256. */
  importId?: number;
  fileName: string;
  /** SHA-256 of the file bytes (64 hex characters). */
  sha256: string;
  kind: 'payouts';
  rows: MappedRow[];
  /** The sheet's own column names per field, so issues name the column the user sees. */
  labels?: Partial<Record<FieldKey, string>>;
  /** Batch name shown in history (and typed again to confirm in production); defaults to the file name. */
  name?: string;
  /** Stage only the rows without errors (the others come back as issues); default refuses the whole sheet. */
  skipInvalid?: boolean;
  /**
   * Stage repeated rows as payable too (CLI `--include-duplicates`). By default every repeat after the first is
   * staged already left out (CANCELLED, audited) and pre-flight lists it with an "Include" (issue 17 point 1).
   */
  includeDuplicates?: boolean;
};

export type StageCounts = {
  rows: number;
  staged: number;
  skipped: number;
  errors: number;
  warnings: number;
  totalPaise: number;
  /** Staged rows whose sheet transactionId is already in history: pre-flight blocks until they are removed. */
  blockedRows: number;
  /** Repeats of an earlier row left out of the batch (not in staged/totalPaise); pre-flight can include them. */
  leftOut: number;
  leftOutPaise: number;
  /** Rows held out because the cached bank check holds another name (not in staged/totalPaise). */
  held: number;
  heldPaise: number;
};

export type StageResult = { batchId: number | null; issues: StageIssue[]; counts: StageCounts };

export const MAX_STAGE_ROWS = 1_000_000;

export type Candidate = {
  draft: PayoutDraft & { amountPaise: number; mode: NonNullable<PayoutDraft['mode']> };
  /** Sheet row number of the row this one repeats (left out unless includeDuplicates). */
  repeatOf?: number;
};

/** Audit action of a repeat that staging left out; pre-flight finds the left-out repeats by it. */
export const LEAVE_OUT_REPEAT = 'leave_out_repeat';

/** Re-validates and stages `input.rows` as a DRAFT batch. Nothing is sent. */
export function stageBatch(
  deps: JournalDeps,
  input: StageInput,
  opts: { kind?: BatchKind; parentBatchId?: number | null } = {},
): StageResult {
  if (input.kind !== 'payouts') throw new AppError('invalid_input', 'Only payout sheets can be staged as a batch.');
  if (!/^[0-9a-f]{64}$/i.test(input.sha256)) throw new AppError('invalid_input', 'sha256 must be 64 hex characters.');
  if (input.rows.length === 0) throw new AppError('invalid_input', 'The sheet has no rows to pay.');
  if (input.rows.length > MAX_STAGE_ROWS) throw new AppError('invalid_input', 'The sheet has too many rows.');
  const profile = deps.profile();
  const labels = input.labels ?? {};
  const state = createValidationFromRows(input.rows, 'payouts', { modeLimits: profile.modeLimits }, labels);
  const validation = validationResult(state);
  const issues: StageIssue[] = [...validation.issues];
  const badRows = new Set(validation.issues.filter((i) => i.severity === 'error').map((i) => i.row));

  const candidates: Candidate[] = [];
  const repeats = createRepeatTracker();
  validation.drafts.forEach((draft, index) => {
    if (badRows.has(draft.row) || draft.amountPaise === null || draft.mode === null) return;
    const c: Candidate = { draft: draft as Candidate['draft'] };
    const extra = clientIssues(c.draft, labels);
    if (extra.length) {
      issues.push(...extra);
      badRows.add(draft.row);
      return;
    }
    const first = repeats.check(repeatKey(state, index), index);
    if (first !== undefined && !input.includeDuplicates) c.repeatOf = validation.drafts[first]!.row;
    candidates.push(c);
  });
  const errors = issues.filter((i) => i.severity === 'error').length;
  const counts: StageCounts = {
    rows: input.rows.length,
    staged: 0,
    skipped: input.rows.length - candidates.length,
    errors,
    warnings: issues.length - errors,
    totalPaise: 0,
    blockedRows: 0,
    leftOut: 0,
    leftOutPaise: 0,
    held: 0,
    heldPaise: 0,
  };
  if (candidates.length === 0 || (badRows.size > 0 && !input.skipInvalid)) {
    return { batchId: null, issues: sortIssues(issues), counts };
  }

  const now = deps.now();
  const at = now.toISOString();
  const environment = deps.environment();
  issues.push(...nameHistoryIssues(deps, environment, candidates, labels));
  const chunkSize = profile.batchChunkSize;
  const batchId = deps.db.transaction(() => {
    const importId =
      input.importId ??
      Number(
        deps.db
          .prepare(
            `INSERT INTO imports (file_name, sha256, kind, row_count, valid_count, error_count, warning_count,
               total_paise, environment, created_at) VALUES (?, ?, 'payouts', ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.fileName,
            input.sha256.toLowerCase(),
            input.rows.length,
            candidates.length,
            counts.errors,
            counts.warnings,
            candidates.reduce((s, c) => s + c.draft.amountPaise, 0),
            environment,
            at,
          ).lastInsertRowid,
      );
    const id = insertBatch(deps.db, {
      importId,
      parentBatchId: opts.parentBatchId ?? null,
      name: uniqueBatchName(deps.db, input.name ?? input.fileName.replace(/\.[^.]+$/, '')),
      environment,
      kind: opts.kind ?? 'sheet',
      createdAt: at,
    });
    // Single payouts go out on the single-payout call: no chunk, no batchTransactionId.
    const chunkIds: number[] = [];
    if ((opts.kind ?? 'sheet') !== 'single') {
      for (let seq = 0; seq * chunkSize < candidates.length; seq++) {
        let btid = mintId(BATCH_ID_PREFIX, now);
        while (batchTransactionIdTaken(deps.db, btid)) btid = mintId(BATCH_ID_PREFIX, now);
        chunkIds.push(insertChunk(deps.db, { batchId: id, seq, batchTransactionId: btid }));
      }
    }
    const usedHere = new Set<string>();
    const leftOut: { id: number; repeatOf: number; row: number }[] = [];
    const payable: HoldCandidate[] = [];
    candidates.forEach((c, i) => {
      const d = c.draft;
      const own = d.transactionId;
      const ownKey = own?.toUpperCase();
      let requested: string | null = null;
      let txn: string;
      if (own && ownKey && !usedHere.has(ownKey) && !transactionIdTaken(deps.db, own)) {
        txn = own;
      } else {
        // Already in history: stage under a minted id so the row can be shown, and let pre-flight block it.
        if (own) {
          requested = own;
          counts.blockedRows++;
          const prior = getPayoutByTransactionId(deps.db, own);
          issues.push({
            row: d.row,
            column: labels.transactionId ?? 'Transaction ID',
            field: 'transactionId',
            code: 'transaction_id_exists',
            severity: 'error',
            message: prior
              ? `Transaction ID ${own} was already used by batch #${prior.batchId} (row ${prior.rowNumber}, ${prior.state}); paying it again is blocked.`
              : `Transaction ID ${own} is used twice in this sheet.`,
          });
        }
        txn = mintId(PAYOUT_ID_PREFIX, now);
        while (usedHere.has(txn) || transactionIdTaken(deps.db, txn)) txn = mintId(PAYOUT_ID_PREFIX, now);
      }
      usedHere.add(txn.toUpperCase());
      const payoutId = insertPayout(deps.db, {
        batchId: id,
        chunkId: chunkIds[Math.floor(i / chunkSize)] ?? null,
        rowNumber: d.row,
        transactionId: txn,
        ...draftColumns(d),
        state: 'DRAFT',
        createdAt: at,
        requestedTransactionId: requested,
        idFromSheet: txn === own,
      });
      if (c.repeatOf !== undefined) {
        leftOut.push({ id: payoutId, repeatOf: c.repeatOf, row: d.row });
        counts.leftOutPaise += d.amountPaise;
      } else {
        const cols = draftColumns(d);
        payable.push({
          id: payoutId,
          rowNumber: d.row,
          transactionId: txn,
          amountPaise: d.amountPaise,
          mode: d.mode,
          payeeName: cols.payeeName ?? null,
          accountNumber: cols.accountNumber ?? null,
          ifsc: cols.ifsc ?? null,
          vpa: cols.vpa ?? null,
        });
      }
    });
    // Staged, then left out in the same transaction: the row keeps its data for "Include", and the audit
    // trail says why it is not paid. CANCELLED rows are outside the batch total.
    transitionPayouts(
      deps.db,
      leftOut.map((r) => ({
        id: r.id,
        from: 'DRAFT' as const,
        to: 'CANCELLED' as const,
        action: LEAVE_OUT_REPEAT,
        data: { batchId: id, rowNumber: r.row, repeatOfRow: r.repeatOf },
      })),
      { at: now },
    );
    counts.leftOut = leftOut.length;
    // A verified mismatch never enters the payable set: held like a repeat, back only with a reason.
    const hold = rowsToHold(deps.db, payable, payeeVerdicts(deps, environment, payable));
    counts.held = holdRows(deps.db, id, hold, now, 'stage');
    counts.heldPaise = hold.reduce((sum, r) => sum + r.amountPaise, 0);
    for (const r of hold) issues.push(heldStageIssue(r, labels));
    const totals = refreshBatchTotals(deps.db, id);
    counts.staged = totals.rowCount;
    counts.totalPaise = totals.totalPaise;
    appendAudit(deps.db, {
      at,
      entity: 'batch',
      entityId: String(id),
      action: 'stage',
      fromState: null,
      toState: 'DRAFT',
      data: {
        rows: totals.rowCount,
        totalPaise: totals.totalPaise,
        chunks: chunkIds.length,
        importId,
        environment,
        leftOutRepeats: counts.leftOut,
        heldMismatches: counts.held,
      },
    });
    return id;
  })();
  counts.errors = issues.filter((i) => i.severity === 'error').length;
  counts.warnings = issues.length - counts.errors;
  deps.log.info('batch.staged', {
    batchId,
    rows: counts.staged,
    skipped: counts.skipped,
    blocked: counts.blockedRows,
    leftOut: counts.leftOut,
    held: counts.held,
  });
  return { batchId, issues: sortIssues(issues), counts };
}

function sortIssues(issues: StageIssue[]): StageIssue[] {
  return issues.sort((a, b) => a.row - b.row);
}
