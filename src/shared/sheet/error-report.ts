import type { ExportTable } from '../domain/export-table';
import type { Issue } from '../domain/issue';
import { columnLabel } from './column-mapping';
import type { ParsedSheet } from './parsed-sheet';
import { tableRow } from './sheet-table';

export type ErrorReportOptions = {
  /** Include warnings as well as errors (default true). */
  includeWarnings?: boolean;
};

/**
 * The error report: the sheet's original columns (all typed text, so account numbers keep their digits) followed
 * by Row, Severity, Code, Message — one line per issue, in row order, so it can be filtered in Excel. The writer in
 * src/main/services/exports saves it as CSV or XLSX where the user chose (and neutralises formula-like cells).
 */
export function buildErrorReport(
  parsed: Pick<ParsedSheet, 'table' | 'headers' | 'rowNumbers'>,
  issues: readonly Issue[],
  options: ErrorReportOptions = {},
): ExportTable {
  const includeWarnings = options.includeWarnings ?? true;
  const indexByRow = new Map<number, number>();
  parsed.rowNumbers.forEach((rowNumber, index) => indexByRow.set(rowNumber, index));
  const width = parsed.headers.length;
  const columns: ExportTable['columns'] = [
    ...parsed.headers.map((_, i) => ({ header: columnLabel(parsed.headers, i), type: 'text' as const })),
    { header: 'Row', type: 'text' },
    { header: 'Severity', type: 'text' },
    { header: 'Code', type: 'text' },
    { header: 'Message', type: 'text', width: 80 },
  ];
  const rows: ExportTable['rows'] = [];
  const sorted = [...issues].filter((i) => includeWarnings || i.severity === 'error').sort((a, b) => a.row - b.row);
  for (const issue of sorted) {
    const index = indexByRow.get(issue.row);
    const original = index === undefined ? new Array<string>(width).fill('') : tableRow(parsed.table, index);
    rows.push([
      ...original,
      String(issue.row),
      issue.severity,
      issue.code,
      issue.column ? `${issue.column}: ${issue.message}` : issue.message,
    ]);
  }
  return { sheetName: 'Errors', columns, rows };
}
