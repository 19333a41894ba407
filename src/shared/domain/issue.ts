/** Validation findings. Problems are data, never exceptions. */

export type Severity = 'error' | 'warning';

/** Row-level codes. The first block is fixed by the import spec; the last block are our additions. */
export const ISSUE_CODES = [
  'ifsc_invalid',
  'ifsc_unknown',
  'ifsc_missing',
  'account_invalid',
  'account_unusual',
  'vpa_invalid',
  'payee_missing',
  'payee_ambiguous',
  'name_invalid',
  'amount_invalid',
  'amount_below_minimum',
  'mode_invalid',
  'mode_mismatch',
  'amount_above_mode_limit',
  'amount_below_mode_minimum',
  'remark_invalid',
  'remark_long',
  'reference_invalid',
  'email_invalid',
  'phone_invalid',
  'pincode_invalid',
  'transaction_id_invalid',
  'duplicate_transaction_id',
  'duplicate_row',
  'excel_scientific_notation',
  'excel_precision_loss',
  'excel_leading_zeros',
  // additions
  'beneficiary_id_invalid',
  'duplicate_beneficiary_id',
  'value_too_long',
  'text_encoding_invalid',
  'csv_quote_unmatched',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * A finding about one cell or row. `row` is the row number Excel shows (header = 1, first data row = 2);
 * `column` is the sheet's own header text for the cell (or the field's label when it has no column);
 * `field` is the mapped field, for the UI to locate the cell.
 */
export type Issue = {
  row: number;
  column: string;
  code: IssueCode;
  severity: Severity;
  message: string;
  field?: string;
};

/** A finding before the pipeline knows the row and column. */
export type Problem = { code: IssueCode; severity: Severity; message: string };

export const FILE_ISSUE_CODES = [
  'file_unreadable',
  'file_unsupported',
  'file_empty',
  'header_missing',
  'required_column_missing',
  'too_many_rows',
  'too_many_columns',
] as const;
export type FileIssueCode = (typeof FILE_ISSUE_CODES)[number];

/** A problem with the whole file: one clear message naming what is wrong and which columns were found. */
export type FileIssue = { code: FileIssueCode; message: string; columnsFound?: string[] };

/** Keeps user text in messages short: long values are cut, control characters dropped. */
export function quoteValue(value: string, max = 40): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `"${clean.length > max ? `${clean.slice(0, max)}…` : clean}"`;
}
