import { AppError } from '../../../shared/domain/errors';
import { appendAuditOps } from '../../db/audit';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { getPayoutOps } from '../../db/repos/payouts-repo';
import { engine, get, type Ops, q, run, transaction } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { checkProductionName, excludeRowsOps } from '../submission/confirm';
import { type ChangeableStates, editDraftRowOps, type IncludeResult, includeRowsOps } from '../submission/draft-edit';
import {
  type EditableFields,
  editRejectedRowOps,
  rejectedRowsOps,
  retryBatchOps,
  retryFailedRowsOps,
  type RetryResult,
  type RowEdit,
} from '../submission/fix-retry';
import { type AcceptResult, acceptMismatchOps } from '../submission/payee-accept';
import type { PreflightReport } from '../submission/preflight';
import { createSinglePayoutOnStore, type SinglePayoutInput } from '../submission/single';
import type { StageResult } from '../submission/stage';
import { batchContentHashOps, recordAuthorOps } from './approvals';
import { submitIfClear } from './approve-batch';
import { authorise } from './roles';
import type { SessionUser } from './sessions';

/**
 * Changing rows on a Desk Server (issue 14 point 3: "any later change needs fresh approvals"). The desk's own
 * services do the work (the same storage work on PostgreSQL); around each one this file adds maker-checker:
 *
 * - Whoever changes a batch becomes one of its authors (batch_authors), so migration 012's trigger refuses their
 *   approval of it, even by a hand-written INSERT.
 * - A change to a batch waiting for approval (edit, exclude, include, accept a held mismatch) runs in one
 *   transaction with the batch row locked: the rows change, the batch gets the hash of its new content and every
 *   approval given so far is dropped (audited as `content-changed`; the approvals stay in the audit log). A checker
 *   racing the change either approved first — then the batch is CONFIRMED and the change is refused — or is
 *   refused as stale by the trigger, which compares with the locked batch's hash. Dropping them, not only
 *   re-hashing, matters because the hash covers who is paid and how much, not a remark a checker also read.
 * - A changed DRAFT (one a checker rejected back to its maker) is submitted for approval again as soon as pre-flight
 *   passes; with a block it stays a DRAFT and the next change tries again.
 * - Nothing is ever sent from here. Fixed REJECTED rows and FAILED rows go into a new batch (kind `retry`, parent
 *   the original) staged by this user and submitted for approval; the approval that confirms it is what starts
 *   sending. The retry rows carry fresh transactionIds linked to their originals. For FAILED rows that is the
 *   desk's rule too; for REJECTED rows it departs from the desk's same-id resubmission, and is safe because EnKash
 *   refused the original outright (nothing landed under its id) and an original with a live retry is never edited
 *   or resubmitted again (fix-retry.ts hasLiveRetryOps) — so one logical payout still has exactly one live id.
 *   PostgreSQL migration 013 refuses the desk's REJECTED → READY on a team's database, whoever writes it.
 *   A retry batch's authors include the original's, so whoever staged or changed what it pays may not approve it.
 */
const TEAM_STATES: ChangeableStates = ['DRAFT', 'AWAITING_APPROVAL'];

/** The batch row locked for this transaction (PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the file). */
function* lockedBatchOps(batchId: number, states: ChangeableStates) {
  if ((yield* engine()) === 'pg') yield* run(q`SELECT id FROM batches WHERE id = ${batchId} FOR UPDATE`);
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (!states.includes(batch.state)) {
    throw new AppError('conflict', `Batch #${batchId} is ${batch.state}: its rows no longer change.`);
  }
  return batch;
}

/** After rows of `batchId` changed in this transaction: the user is an author, and approvals so far stop counting. */
function* contentChangedOps(batchId: number, user: SessionUser, at: Date, change: string): Ops<void> {
  yield* recordAuthorOps(batchId, user, 'edited', at);
  const batch = yield* getBatchRowOps(batchId);
  if (batch?.state !== 'AWAITING_APPROVAL') return;
  const before = yield* get<{ contentHash: string | null }>(
    q`SELECT content_hash AS contentHash FROM batches WHERE id = ${batchId}`,
  );
  const contentHash = yield* batchContentHashOps(batchId);
  yield* run(q`UPDATE batches SET content_hash = ${contentHash} WHERE id = ${batchId}`);
  const dropped = yield* run(q`DELETE FROM batch_approvals WHERE batch_id = ${batchId}`);
  yield* appendAuditOps({
    at: at.toISOString(),
    entity: 'batch',
    entityId: String(batchId),
    action: 'content-changed',
    data: {
      by: user.name,
      change,
      previousHash: before?.contentHash ?? null,
      contentHash,
      approvalsDropped: dropped.changes,
      totalPaise: batch.totalPaise,
      rows: batch.rowCount,
    },
  });
}

/** `work` on a DRAFT or awaiting batch, then its content-change bookkeeping, in one transaction. */
async function changeBatch<T>(
  deps: JournalDeps,
  user: SessionUser,
  batchId: number,
  change: string,
  work: () => Ops<{ result: T; changed: boolean }>,
): Promise<T> {
  authorise(user, 'batch.stage');
  const at = deps.now();
  const { result, changed } = await deps.store.run(
    transaction(function* () {
      yield* lockedBatchOps(batchId, TEAM_STATES);
      const done = yield* work();
      if (done.changed) yield* contentChangedOps(batchId, user, at, change);
      return done;
    }),
  );
  if (changed) await resubmitIfDraft(deps, user, batchId);
  return result;
}

async function resubmitIfDraft(deps: JournalDeps, user: SessionUser, batchId: number): Promise<void> {
  const batch = await deps.store.run(getBatchRowOps(batchId));
  if (batch?.state === 'DRAFT' && batch.rowCount > 0) await submitIfClear(deps, batchId, user);
}

export function teamExcludeRows(deps: JournalDeps, user: SessionUser, batchId: number, payoutIds: readonly number[]) {
  return changeBatch(deps, user, batchId, 'exclude', function* () {
    const before = yield* getBatchRowOps(batchId);
    const result = yield* excludeRowsOps(batchId, payoutIds, deps.now(), TEAM_STATES);
    return { result, changed: result.rowCount !== before?.rowCount };
  });
}

export function teamIncludeRows(
  deps: JournalDeps,
  user: SessionUser,
  batchId: number,
  payoutIds: readonly number[],
): Promise<IncludeResult> {
  return changeBatch(deps, user, batchId, 'include', function* () {
    const result = yield* includeRowsOps(deps, batchId, payoutIds, { actor: user.name, states: TEAM_STATES });
    return { result, changed: result.included > 0 };
  });
}

export function teamAcceptMismatch(
  deps: JournalDeps,
  user: SessionUser,
  batchId: number,
  payoutIds: readonly number[],
  reason: string,
): Promise<AcceptResult> {
  return changeBatch(deps, user, batchId, 'accept-mismatch', function* () {
    const opts = { reason, actor: user.name, states: TEAM_STATES };
    const result = yield* acceptMismatchOps(deps, batchId, payoutIds, opts);
    return { result, changed: result.accepted > 0 };
  });
}

async function batchOfPayout(deps: JournalDeps, payoutId: number): Promise<number> {
  const row = await deps.store.run(getPayoutOps(payoutId));
  if (!row) throw new AppError('not_found', `Payout #${payoutId} does not exist.`);
  return row.batchId;
}

export async function teamEditDraftRow(
  deps: JournalDeps,
  user: SessionUser,
  payoutId: number,
  fields: EditableFields,
): Promise<RowEdit> {
  const batchId = await batchOfPayout(deps, payoutId);
  return changeBatch(deps, user, batchId, 'edit', function* () {
    const result = yield* editDraftRowOps(deps, payoutId, fields, TEAM_STATES);
    return { result, changed: result.ok };
  });
}

/**
 * A REJECTED row of a sent batch edited in place. Nothing is sent: the editor becomes an author of that batch,
 * and teamResubmitRejected puts the fixed row into a retry batch the checkers approve.
 */
export async function teamEditRejectedRow(
  deps: JournalDeps,
  user: SessionUser,
  payoutId: number,
  fields: EditableFields,
): Promise<RowEdit> {
  authorise(user, 'batch.stage');
  const at = deps.now();
  return deps.store.run(
    transaction(function* () {
      const result = yield* editRejectedRowOps(deps, payoutId, fields);
      if (result.ok) yield* recordAuthorOps(result.row.batchId, user, 'edited', at);
      return result;
    }),
  );
}

/** The new retry batch's authors: this user (staged) and everyone who staged or changed the original. */
function* retryAuthorsOps(retryId: number, sourceId: number, user: SessionUser, at: Date): Ops<void> {
  yield* recordAuthorOps(retryId, user, 'staged', at);
  yield* run(
    q`INSERT INTO batch_authors (batch_id, user_id, action, at)
      SELECT ${retryId}, user_id, action, ${at.toISOString()} FROM batch_authors WHERE batch_id = ${sourceId}
      ON CONFLICT DO NOTHING`,
  );
  yield* run(q`UPDATE batches SET staged_by = ${user.id} WHERE id = ${retryId}`);
}

function checkEnvironment(deps: JournalDeps, batch: { id: number; environment: string }): void {
  if (batch.environment !== deps.environment()) {
    throw new AppError(
      'conflict',
      `Batch #${batch.id} belongs to ${batch.environment}; this server runs ${deps.environment()}.`,
    );
  }
}

/**
 * Fixed REJECTED rows into a retry batch staged by `user` and submitted for approval (see the file comment). The
 * typed total (and in production the batch name) still confirm what the maker means; the returned pre-flight is
 * the new batch's, and with a block the retry stays a DRAFT for its maker to fix.
 */
export async function teamResubmitRejected(
  deps: JournalDeps,
  user: SessionUser,
  input: { batchId: number; payoutIds: readonly number[]; typedTotal: string; productionName?: string },
): Promise<PreflightReport> {
  authorise(user, 'batch.stage');
  const at = deps.now();
  const retry = await deps.store.run(
    transaction(function* () {
      const { batch, rows } = yield* rejectedRowsOps(input.batchId, input.payoutIds, input.typedTotal);
      checkEnvironment(deps, batch);
      if (batch.environment === 'production') checkProductionName(batch.name, input.productionName);
      const made = yield* retryBatchOps(deps, batch, rows);
      if (made.skipped.length) {
        throw new AppError('invalid_input', 'Some rows do not pass the current rules; fix them and try again.', {
          issues: made.skipped.slice(0, 20),
        });
      }
      yield* retryAuthorsOps(made.batchId, batch.id, user, at);
      return made;
    }),
  );
  return (await submitIfClear(deps, retry.batchId, user)).report;
}

/** FAILED rows into a retry batch staged by `user` and submitted for approval, instead of a desk's DRAFT. */
export async function teamRetryFailedRows(deps: JournalDeps, user: SessionUser, batchId: number): Promise<RetryResult> {
  authorise(user, 'batch.stage');
  const at = deps.now();
  const retry = await deps.store.run(
    transaction(function* () {
      const made = yield* retryFailedRowsOps(deps, batchId);
      yield* retryAuthorsOps(made.batchId, batchId, user, at);
      return made;
    }),
  );
  await submitIfClear(deps, retry.batchId, user);
  return retry;
}

/** A single payout is a batch of one row: staged by `user` and submitted for approval like a sheet. */
export async function teamCreateSinglePayout(
  deps: JournalDeps,
  user: SessionUser,
  input: SinglePayoutInput,
): Promise<StageResult> {
  authorise(user, 'batch.stage');
  const staged = await createSinglePayoutOnStore(deps, input);
  if (staged.batchId !== null) {
    await deps.store.run(recordAuthorOps(staged.batchId, user, 'staged', deps.now()));
    await submitIfClear(deps, staged.batchId, user);
  }
  return staged;
}
