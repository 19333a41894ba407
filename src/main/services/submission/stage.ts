import type { Issue, IssueCode } from '../../../shared/domain/issue';
import type { PayoutDraft } from '../../../shared/domain/payout';
import { AppError } from '../../../shared/domain/errors';
import type { FieldKey } from '../../../shared/sheet/fields';
import type { MappedRow } from '../../../shared/sheet/row-draft';
import { createRepeatTracker } from '../../../shared/sheet/repeats';
import { createValidationFromRows, repeatKey, validationResult } from '../../../shared/sheet/validate-sheet';
import type { BatchKind } from '../../db/repos/batches-repo';
import type { Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import type { JournalDeps } from '../journal/deps';
import { nameHistoryIssuesOps } from './stage-payee';
import { clientIssues } from './stage-rows';
import { stageWriteOps } from './stage-write';

export { clientIssues, draftColumns } from './stage-rows';
export { LEAVE_OUT_REPEAT } from './stage-write';

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

export type StageOptions = { kind?: BatchKind; parentBatchId?: number | null };

type StageDeps = Pick<JournalDeps, 'profile' | 'now' | 'environment' | 'verificationCacheDays'>;

/** Re-validates and stages `input.rows` as a DRAFT batch on the desk's SQLite file. Nothing is sent. */
export function stageBatch(deps: JournalDeps, input: StageInput, opts: StageOptions = {}): StageResult {
  return logStaged(deps, runSqlite(deps.db, stageOps(deps, input, opts)));
}

/** stageBatch on `deps.store`, whichever engine holds the journal. */
export async function stageBatchOnStore(
  deps: JournalDeps,
  input: StageInput,
  opts: StageOptions = {},
): Promise<StageResult> {
  return logStaged(deps, await deps.store.run(stageOps(deps, input, opts)));
}

function logStaged(deps: Pick<JournalDeps, 'log'>, result: StageResult): StageResult {
  if (result.batchId === null) return result;
  const c = result.counts;
  deps.log.info('batch.staged', {
    batchId: result.batchId,
    rows: c.staged,
    skipped: c.skipped,
    blocked: c.blockedRows,
    leftOut: c.leftOut,
    held: c.held,
  });
  return result;
}

/** Staging as storage work: validation (no database), the history checks, then one transaction. */
export function* stageOps(deps: StageDeps, input: StageInput, opts: StageOptions = {}): Ops<StageResult> {
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
  const environment = deps.environment();
  issues.push(...(yield* nameHistoryIssuesOps(environment, candidates, labels)));
  const written = yield* stageWriteOps(deps, {
    input,
    kind: opts.kind ?? 'sheet',
    parentBatchId: opts.parentBatchId ?? null,
    candidates,
    labels,
    errors: counts.errors,
    warnings: counts.warnings,
    environment,
    chunkSize: profile.batchChunkSize,
    now,
  });
  issues.push(...written.issues);
  counts.staged = written.rowCount;
  counts.totalPaise = written.totalPaise;
  counts.blockedRows = written.blockedRows;
  counts.leftOut = written.leftOut;
  counts.leftOutPaise = written.leftOutPaise;
  counts.held = written.held;
  counts.heldPaise = written.heldPaise;
  counts.errors = issues.filter((i) => i.severity === 'error').length;
  counts.warnings = issues.length - counts.errors;
  return { batchId: written.batchId, issues: sortIssues(issues), counts };
}

function sortIssues(issues: StageIssue[]): StageIssue[] {
  return issues.sort((a, b) => a.row - b.row);
}
