import type { ExportTable } from '../../../shared/domain/export-table';
import type { TableFormat } from '../../../shared/domain/file-types';
import { writeCsv } from './csv-writer';
import { writeXlsx, type XlsxOptions } from './xlsx-writer';

/**
 * A table already in memory (an error report, a results list, a template, the advice e-mail list) written
 * through the same two writers as the streamed exports, so every file we write follows the same cell rules.
 */
export async function writeTableFile(
  path: string,
  format: TableFormat,
  table: ExportTable,
  opts: Pick<XlsxOptions, 'extraSheets' | 'date'> = {},
): Promise<number> {
  return format === 'csv' ? writeCsv(path, table, [table.rows]) : writeXlsx(path, table, [table.rows], opts);
}
