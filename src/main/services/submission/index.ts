/**
 * Batch submission (issue 5), used by the IPC handlers (handlers/batch-handlers.ts) and the CLI alike: every
 * function takes JournalDeps first (journalDepsFromContext(ctx, {emit})) and is plain TypeScript, so neither
 * caller needs Electron. It sits above the journal: sending itself (the engine, the lease runtime, progress)
 * is journal/'s, so the reconciler can resend without importing submission.
 *
 *   stageBatch(deps, input)                      → {batchId | null, issues, counts}        (sync)
 *   createSinglePayout(deps, {values, name?})    → same as stageBatch, one row, kind single (sync)
 *   excludeRowsOps(batchId, payoutIds, at)       → new totals (DRAFT only)                 (storage work)
 *   preflight(deps, batchId, {payoutIds?})       → PreflightReport                         (async: balance)
 *   confirmBatch(deps, batchId, typedTotal, {productionConfirmedName?}) → PreflightReport  (async)
 *   editRejectedRowOps(deps, payoutId, fields)   → {ok, issues, row}                       (storage work)
 *   resubmitRejected(deps, batchId, ids, typedTotal, opts) → PreflightReport; then engine.start(batchId)
 *   retryFailedRowsOps(deps, batchId)            → {batchId (new DRAFT), rows, totalPaise, skipped} (storage work)
 *   includeRowsOps(deps, batchId, ids, {actor})  → put left-out repeats / excluded rows back (DRAFT only)  (storage work)
 *   editDraftRowOps(deps, payoutId, fields)      → {ok, issues, row} (DRAFT only)           (storage work)
 *   retryReasonsOps(batchId)                     → why each row of a retry draft failed first (storage work)
 *   acceptMismatch(deps, batchId, ids, {reason, actor}) → pay held payee mismatches, audited (DRAFT only) (sync;
 *   acceptMismatchOps for either engine)
 * On a Desk Server the row changes go through services/team/row-changes.ts (authorship, fresh approvals).
 *   heldMismatches(db, batchId)                  → rows held because the bank holds another name
 *   listBatchesOps(opts) / getBatchOps(batchId, {states, offset, limit}) / payoutHistoryOps(txnId) (storage work:
 *   ctx.store.run(…), so the screens read PostgreSQL on a Desk Server as they read SQLite on the desk)
 */
export { stageBatch, MAX_STAGE_ROWS } from './stage';
export type { StageInput, StageIssue, StageIssueCode, StageResult, StageCounts } from './stage';
export { createSinglePayout } from './single';
export type { SinglePayoutInput } from './single';
export { preflight } from './preflight';
export type { PreflightReport, ModeTotals } from './preflight';
export type { Finding, FindingCode, FindingRow, PriorPayoutRef } from './preflight-checks';
export { confirmBatch, checkTypedTotal, checkProductionName } from './confirm';
export type { ConfirmOptions } from './confirm';
export { resubmitRejected } from './fix-retry';
export type { EditableFields, RetryResult } from './fix-retry';
export { retryReasonsOps } from './draft-edit';
export type { IncludeResult, RetryReason } from './draft-edit';
export { leftOutRepeats } from './preflight-repeats';
export { acceptMismatch } from './payee-accept';
export type { AcceptResult } from './payee-accept';
export { heldMismatches } from './payee-verdicts';
export { uniqueBatchName } from './batch-name';
export { listBatchesOps, getBatchOps, payoutHistoryOps } from './queries';
export type { BatchSummary, BatchDetail } from './queries';
