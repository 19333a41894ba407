/**
 * Batch submission (issue 5). The lead wires these to IPC; every function takes JournalDeps first
 * (journalDepsFromContext(ctx, {emit})) and is plain TypeScript.
 *
 *   stageBatch(deps, input)                      → {batchId | null, issues, counts}        (sync)
 *   createSinglePayout(deps, {values, name?})    → same as stageBatch, one row, kind single (sync)
 *   excludeRows(deps, batchId, payoutIds)        → new totals (DRAFT only)                 (sync)
 *   preflight(deps, batchId, {payoutIds?})       → PreflightReport                         (async: balance)
 *   confirmBatch(deps, batchId, typedTotal, {productionConfirmedName?}) → PreflightReport  (async)
 *   createJournalRuntime(deps) → {engine, poller, start(), stop()}; engine.start/pause/resume/cancel/progress
 *   getBatchProgress(db, batchId)                → BatchProgress from SQLite (renderer reload)
 *   editRejectedRow(deps, payoutId, fields)      → {ok, issues, row}                       (sync)
 *   resubmitRejected(deps, batchId, ids, typedTotal, opts) → PreflightReport; then engine.start(batchId)
 *   retryFailedRows(deps, batchId)               → {batchId (new DRAFT), rows, totalPaise, skipped}
 *   listBatches(db, opts) / getBatch(db, batchId, {states, offset, limit}) / payoutHistory(db, txnId)
 */
export { stageBatch, MAX_STAGE_ROWS } from './stage';
export type { StageInput, StageIssue, StageIssueCode, StageResult, StageCounts } from './stage';
export { createSinglePayout } from './single';
export type { SinglePayoutInput } from './single';
export { preflight } from './preflight';
export type { PreflightReport, ModeTotals } from './preflight';
export type { Finding, FindingCode, FindingRow, PriorPayoutRef } from './preflight-checks';
export { confirmBatch, excludeRows, checkTypedTotal, checkProductionName } from './confirm';
export type { ConfirmOptions } from './confirm';
export { createSubmissionEngine } from './engine';
export { cancelBatch } from './cancel';
export type { SubmissionEngine, EngineRunResult, CancelResult } from './engine';
export { createJournalRuntime } from './runtime';
export type { JournalRuntime } from './runtime';
export { getBatchProgress } from './progress';
export type { BatchProgress } from './progress';
export { editRejectedRow, resubmitRejected, retryFailedRows } from './fix-retry';
export type { EditableFields, RetryResult } from './fix-retry';
export { listBatches, getBatch, payoutHistory } from './queries';
export type { BatchSummary, BatchDetail } from './queries';
export { toPayoutInput } from './request';
