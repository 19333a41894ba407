/**
 * The light part of the sheet API for React components: labels, mapping helpers, kind detection, templates and
 * types. Import from here in the UI thread; `./index` also pulls in papaparse, read-excel-file and the 1 MB IFSC
 * dataset, which belong in the parsing Worker only (papaparse's CommonJS wrapper defeats tree-shaking).
 */
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
export type { FieldKey } from './fields';
export { FIELD_KEYS, FIELD_LABELS, KIND_FIELDS, REQUIRED_FIELDS } from './fields';
export { fieldForHeader, normaliseHeader, synonymsOf } from './header-synonyms';
export type { ParsedSheet, ParseOutcome, ParseOptions, ParseProgress, ParseRowProblem } from './parsed-sheet';
export type { SheetFooter } from './footer';
export type { FooterCheck } from './footer-check';
export type { MappedRow } from './row-draft';
export { detectSheetKind } from './sheet-kind';
export { TEMPLATE_COLUMNS, TEMPLATE_FILES } from './templates';
export type { SheetSummary, SheetValidation, ValidateOptions, ValidationState } from './validate-sheet';
