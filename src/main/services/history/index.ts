/**
 * Offline history (issue 6): search, batch detail, timelines, the aging board and the audit log viewer. Every
 * function here works with no network, except `checkRowsNow`, which asks EnKash; the `…Ops` forms run on either
 * engine (ctx.store.run), the plain ones on the desk's SQLite connection.
 */
export {
  searchPayouts,
  searchPayoutsOps,
  totalPayouts,
  explainPage,
  choosePlan,
  MAX_PAGE,
  PROBE_CAP,
  PAYEE_CAP,
} from './search';
export { FIELD, HISTORY_COLUMNS } from './query';
export { payoutHeadline } from './headline';
export type { HistoryHeadline } from './headline';
export { getBatchDetail, batchTotals, listBatches } from './batches';
export type { BatchDetail, BatchListItem, StateTotals, ModeTotals } from './batches';
export { payoutTimeline, payoutTimelineOps, timelinesFor, batchEvents } from './timeline';
export type { TimelineEntry } from './timeline';
export { agingBoard, agingBoardOps, checkRowsNow, AGING_BUCKETS, AGING_STATES } from './aging';
export type { AgingBoard, AgingBucket, AgingBucketKey, AgingRow } from './aging';
export { listAudit, listAuditOps, verifyChain } from './audit-viewer';
export type { AuditEntryView, AuditFilters, ChainReport } from './audit-viewer';
export { syncPayeeIndex } from './payee-index';
export { istRange, istDateOf, istDayStartMs, istWeekStart, isIstDate } from '../../../shared/domain/ist';
export { DEFAULT_SORT } from './types';
export type {
  HistoryFilters,
  HistorySort,
  HistorySortKey,
  HistoryPage,
  HistoryRow,
  PageRequest,
  Totals,
} from './types';
