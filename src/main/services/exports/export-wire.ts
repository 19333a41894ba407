import type { ExportCell } from '../../../shared/domain/export-table';
import type { Row } from './csv-writer';

/**
 * The export stream between a Desk Server and its clients (server/export-route.ts sends it; the desk and the CLI
 * read it through services/team/desk-exports.ts): NDJSON, a head line, `{ rows }` lines, then `{ end }` or `{ error }`.
 */
export type ExportHead = { kind: 'payouts' | 'recon'; sheetName: string; total: number };
export type ExportLine =
  | { rows: unknown[][] }
  | { end: { footer: unknown[][]; totalPaise: number } }
  | { error: { code: string; message: string } };

/** Dates survive JSON as `{ $date: iso }`, so the client's writer formats the same cell a local export would. */
export function encodeRows(rows: readonly Row[]): unknown[][] {
  return rows.map((r) => r.map((c) => (c instanceof Date ? { $date: c.toISOString() } : c)));
}

export function decodeRows(rows: unknown[][]): Row[] {
  return rows.map((r) =>
    r.map((c) =>
      c !== null && typeof c === 'object' && typeof (c as { $date?: unknown }).$date === 'string'
        ? new Date((c as { $date: string }).$date)
        : (c as ExportCell),
    ),
  );
}
