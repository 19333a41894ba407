/**
 * Bank-statement reconciliation (issue 6 §4): `reconcileStatement` fetches and stores a run; the read
 * functions show stored runs offline.
 */
export { reconcileStatement } from './reconcile';
export type { ReconDeps, ReconInput, ReconResult, StatementClient } from './reconcile';
export {
  getReconciliation,
  getReconciliationOps,
  listReconciliations,
  listReconciliationsOps,
  listReconLines,
  listReconLinesOps,
  listReconIssues,
  listReconIssuesOps,
} from './read';
export type { ReconRun, ReconLineView, ReconIssueView, ReconLineFilter, ReconPayoutRef } from './read';
export { matchStatement, DEFAULT_MATCH_WINDOWS } from './match';
export { normaliseEntries, directionOf, parseStatementTime } from './normalise';
export { matchWithStore } from './lookup';
export type { PayoutLookup } from './lookup';
export * from './types';
