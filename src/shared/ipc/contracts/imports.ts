import { z } from 'zod';
import { FIELD_KEYS } from '../../sheet/fields';
import { SHEET_KINDS } from '../../domain/payout';
import { command, event } from '../contract';

const cell = z.string().max(100_000);
const fieldRecord = z.partialRecord(z.enum(FIELD_KEYS), cell);

/** One mapped row as the renderer hands it over; main validates it again with the shared rules. */
export const mappedRowSchema = z.object({
  row: z.number().int().min(2),
  values: fieldRecord,
  numeric: fieldRecord.optional(),
  problems: z
    .array(
      z.object({
        row: z.number().int(),
        code: z.literal('csv_quote_unmatched'),
        severity: z.enum(['error', 'warning']),
        message: z.string().max(500),
      }),
    )
    .max(10)
    .optional(),
});

export const exportTableSchema = z.object({
  sheetName: z.string().max(31).optional(),
  columns: z
    .array(
      z.object({ header: z.string().max(200), type: z.enum(['text', 'money', 'date']), width: z.number().optional() }),
    )
    .min(1)
    .max(20_000),
  rows: z.array(z.array(z.union([z.string().max(100_000), z.number(), z.null()]))).max(2_000_000),
});

export const summarySchema = z.object({
  rows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  totalPaise: z.number().int(),
  countByMode: z.record(z.string(), z.number().int()),
});

export const stagedImportSchema = z.object({
  importId: z.number().int(),
  batchId: z.number().int().nullable(),
  kind: z.enum(SHEET_KINDS),
  summary: summarySchema,
  /** Set when a file with the same bytes was imported before (the user chose to import it again). */
  previousImportId: z.number().int().nullable(),
});

export const importContracts = {
  stageImport: command(
    'imports:stage-import',
    z.object({
      fileName: z.string().min(1).max(260),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      kind: z.enum(SHEET_KINDS),
      rows: z.array(mappedRowSchema).min(1).max(1_000_000),
      labels: z.partialRecord(z.enum(FIELD_KEYS), z.string().max(300)).optional(),
      /** The user saw "already imported" and chose to import again. */
      allowDuplicate: z.boolean().optional(),
    }),
    stagedImportSchema,
  ),
  renderTable: command(
    'exports:render-table',
    z.object({ table: exportTableSchema, format: z.enum(['csv', 'xlsx']) }),
    z.object({ base64: z.string(), mime: z.string() }),
  ),
  getTemplate: command(
    'imports:get-template',
    z.object({ kind: z.enum(SHEET_KINDS), format: z.enum(['csv', 'xlsx']) }),
    z.object({ base64: z.string(), mime: z.string(), fileName: z.string() }),
  ),
};

export const bulkResultSchema = z.object({
  row: z.number().int(),
  beneficiaryId: z.string(),
  name: z.string(),
  status: z.enum(['created', 'exists', 'failed', 'skipped']),
  message: z.string(),
});

const bulkProgressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  failed: z.number().int(),
});

export const bulkBeneficiaryContracts = {
  createBeneficiariesFromSheet: command(
    'beneficiaries:create-from-sheet',
    z.object({ rows: z.array(mappedRowSchema).min(1).max(100_000) }),
    z.object({ results: z.array(bulkResultSchema), progress: bulkProgressSchema }),
  ),
};

export const bulkBeneficiaryEvents = {
  beneficiaryBulkProgress: event('beneficiaries:bulk-progress', bulkProgressSchema),
};
