/**
 * The sheet-import API shared by the renderer's Worker, main and the CLI: everything in `./ui` (the light part
 * React components import) plus parsing, validation and the error report.
 */
export * from './ui';
export { buildErrorReport } from './error-report';
export { parseSheetBytes } from './parse-sheet';
export { parseCsvBytes } from './csv-parse';
export { parseXlsxBytes } from './xlsx-parse';
export { MAX_COLUMNS, MAX_DATA_ROWS } from './parsed-sheet';
export { setTableCell, tableCell, tableRow, tableRows } from './sheet-table';
export type { SheetTable } from './sheet-table';
export {
  createValidation,
  createValidationFromRows,
  draftAt,
  mappedRowsOf,
  repeatKey,
  replaceMappedRow,
  revalidateRow,
  rowIssues,
  toMappedRows,
  validateMappedRows,
  validateSheet,
  validatedRowCount,
  validationResult,
} from './validate-sheet';
