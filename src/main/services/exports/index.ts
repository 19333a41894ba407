/** Export jobs (issue 6 §5): a batch, a filtered history view or a reconciliation → CSV (BOM) or XLSX. */
export { exportBatch, exportHistory, exportReconciliation } from './jobs';
export type { ExportFormat, ExportOptions, ExportProgress, ExportResult } from './jobs';
export { PAYOUT_COLUMNS, payoutCells, ExportTotals } from './payout-columns';
export { RECON_COLUMNS } from './recon-columns';
export { writeCsvStream, writeXlsxStream } from './stream-writers';
export type { Row, RowChunks, StreamOptions, StreamSheet } from './stream-writers';
