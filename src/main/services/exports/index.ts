/** Export jobs (issue 6 §5): a batch, a filtered history view or a reconciliation → CSV (BOM) or XLSX. */
export { exportBatchOn, exportHistoryOn, exportReconciliationOn } from './jobs';
export type { ExportFormat, ExportOptions, ExportProgress, ExportResult } from './jobs';
export { PAYOUT_COLUMNS, payoutCells, ExportTotals } from './payout-columns';
export { RECON_COLUMNS } from './recon-columns';
export { writeCsv } from './csv-writer';
export type { Row, RowChunks, StreamOptions, StreamSheet } from './csv-writer';
export { writeXlsx } from './xlsx-writer';
export { writeTableFile } from './table-file';
export { createSaveDesk } from './save-desk';
export type { FileDeps, SaveDesk, SaveRequest, SaveResult } from './save-desk';
