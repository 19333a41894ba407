/**
 * A generic table for exports (error reports, results lists, templates). The one CSV and the one XLSX writer in
 * src/main/services/exports write it; the type lives in shared so IPC contracts can carry it.
 *
 * - `text`: written as text; in XLSX the cell is typed text (`@`) so account numbers, UTRs and ids keep every digit.
 * - `money`: integer paise; CSV gets "1234.50", XLSX gets a number with Indian grouping format.
 * - `date`: a Date, epoch milliseconds or ISO string; shown as IST wall-clock time (India has no DST).
 */
export type ExportColumnType = 'text' | 'money' | 'date';

export type ExportColumn = { header: string; type: ExportColumnType; width?: number };

export type ExportCell = string | number | Date | null | undefined;

export type ExportTable = {
  sheetName?: string;
  columns: ExportColumn[];
  rows: ExportCell[][];
};
