import type { ExportCell, ExportColumn } from '../../../shared/domain/export-table';
import { formatIst } from '../../../shared/domain/ist';
import { paiseToDecimal } from '../../../shared/domain/money';

// A whole cell that is a plain negative number ("-2000", "-2000.50") is data Excel must be able to sum, not a
// formula: it is the one exception (issue 17 point 11). "+…" is never exempt: "+91…" is a phone number as text.
const PLAIN_NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * CSV/formula injection: a cell starting with = + - @ (or a tab/CR that Excel skips before them) is run as a
 * formula when the export is opened in Excel or re-imported. We prefix such cells with an apostrophe, the OWASP
 * recommendation; the apostrophe is visible, which is the honest outcome for a value that really starts with "=".
 * Every export (CSV and XLSX, cells and headers) goes through this one function.
 */
export function neutraliseCell(text: string): string {
  if (PLAIN_NEGATIVE_NUMBER.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A column header, neutralised like a data cell: headers are not always ours (error reports and re-exports
 * carry the column names of the user's own sheet), and a header cell is opened by Excel like any other.
 */
export function headerText(header: string): string {
  return neutraliseCell(header);
}

export function toDate(value: ExportCell): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Integer paise → "1234.50"; anything else (a non-integer slipped in) is written as text, never rounded. */
export function moneyText(value: ExportCell): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return paiseToDecimal(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value) && value.length < 19) return paiseToDecimal(BigInt(value));
  return neutraliseCell(String(value));
}

/** A cell as CSV text per its column type. */
export function cellText(column: ExportColumn, value: ExportCell): string {
  switch (column.type) {
    case 'money':
      return moneyText(value);
    case 'date': {
      const d = toDate(value);
      return d ? formatIst(d) : neutraliseCell(value instanceof Date ? '' : String(value ?? ''));
    }
    case 'text':
      if (value === null || value === undefined) return '';
      return neutraliseCell(value instanceof Date ? value.toISOString() : String(value));
  }
}
