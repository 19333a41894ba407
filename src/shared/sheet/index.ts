/** The sheet-import API shared by the renderer's Worker, main and the CLI. */
export type { SheetKind } from '../domain/payout';
export type { ColumnMapping } from './column-mapping';
export {
  checkRequiredColumns,
  columnLabel,
  columnLetter,
  fieldForColumn,
  headerLayoutKey,
  mappingLabels,
  sanitiseMapping,
  suggestMapping,
} from './column-mapping';
export { buildErrorReport } from './error-report';
export type { FieldKey } from './fields';
export { FIELD_KEYS, FIELD_LABELS, KIND_FIELDS, REQUIRED_FIELDS } from './fields';
export { fieldForHeader, normaliseHeader, synonymsOf } from './header-synonyms';
export { parseSheetBytes } from './parse-sheet';
export { parseCsvBytes } from './csv-parse';
export { parseXlsxBytes } from './xlsx-parse';
export type { ParsedSheet, ParseOutcome, ParseOptions, ParseProgress, ParseRowProblem } from './parsed-sheet';
export { MAX_COLUMNS, MAX_DATA_ROWS } from './parsed-sheet';
export type { MappedRow } from './row-draft';
export { detectSheetKind } from './sheet-kind';
export type { SheetSummary, SheetValidation, ValidateOptions, ValidationState } from './validate-sheet';
export {
  createValidation,
  createValidationFromRows,
  mappedRowsOf,
  replaceMappedRow,
  revalidateRow,
  rowIssues,
  toMappedRows,
  validateMappedRows,
  validateSheet,
  validatedRowCount,
  validationResult,
} from './validate-sheet';
export { TEMPLATE_COLUMNS, TEMPLATE_FILES } from './templates';
