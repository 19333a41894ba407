import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportTable } from '../../../src/shared/domain/export-table';
import { withPrivateTempDir } from '../../../src/main/services/exports/atomic-file';
import { writeTableFile } from '../../../src/main/services/exports/table-file';

/**
 * What the one writer puts on disk for a table, read back: tests assert on real files (there is no second,
 * in-memory writer to test instead).
 */
export async function writtenBytes(format: 'csv' | 'xlsx', table: ExportTable): Promise<Buffer> {
  return withPrivateTempDir('written-', async (dir) => {
    const path = join(dir, `table.${format}`);
    await writeTableFile(path, format, table);
    return readFileSync(path);
  });
}

/** The CSV text (BOM included) the writer produces for `table`. */
export async function writtenCsv(table: ExportTable): Promise<string> {
  return (await writtenBytes('csv', table)).toString('utf8');
}

/** The XLSX bytes the writer produces for `table`. */
export async function writtenXlsx(table: ExportTable): Promise<Uint8Array> {
  return new Uint8Array(await writtenBytes('xlsx', table));
}
