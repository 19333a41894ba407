import { z } from 'zod';
import { FIELD_KEYS } from '../../sheet/fields';
import { MAX_COLUMNS, MAX_DATA_ROWS } from '../../sheet/parsed-sheet';
import { TABLE_FORMATS } from '../../domain/file-types';
import { SHEET_KINDS } from '../../domain/payout';
import { command } from '../contract';
import { savedFileSchema } from './exports';

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

export const summarySchema = z.object({
  rows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  totalPaise: z.number().int(),
  countByMode: z.record(z.string(), z.number().int()),
  /** Valid rows repeating an earlier row exactly: left out of the batch unless included (issue 17 point 1). */
  repeatRows: z.number().int(),
  repeatPaise: z.number().int(),
});

export const stagedImportSchema = z.object({
  importId: z.number().int(),
  batchId: z.number().int().nullable(),
  kind: z.enum(SHEET_KINDS),
  summary: summarySchema,
  /** Set when a file with the same bytes was imported before (the user chose to import it again). */
  previousImportId: z.number().int().nullable(),
});

/** A saved import's file is kept (base64 over IPC) up to this size; larger sheets are asked for again. */
export const MAX_DRAFT_FILE_BYTES = 192 * 1024 * 1024;
/** Patches per save call: one edit sends one; a restore after a kind change re-sends them in chunks. */
export const MAX_PATCHES_PER_SAVE = 10_000;

const columnIndex = z.int().min(0).lt(MAX_COLUMNS);

/** One fixed cell of a saved import (issue 17 point 8); see shared/sheet/cell-patches.ts. */
export const cellPatchSchema = z
  .object({
    row: z.int().min(0).lt(MAX_DATA_ROWS),
    col: columnIndex,
    old: cell,
    value: cell,
  })
  .strict();

const draftMapping = z.partialRecord(z.enum(FIELD_KEYS), columnIndex);

export const importDraftSchema = z.object({
  kind: z.enum(SHEET_KINDS),
  fileName: z.string().min(1).max(260),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mapping: draftMapping,
  patches: z.array(cellPatchSchema),
  /** The original bytes (base64), kept privately by main until the draft is staged or discarded. */
  file: z.string().nullable(),
  updatedAt: z.string(),
});

export const importContracts = {
  /**
   * Keeps the import in progress: identity, mapping, and the given patches upserted per cell (a patch whose value
   * equals `old` removes that cell's fix). A new file replaces the kind's draft; its bytes must come with the first
   * save and match `sha256`.
   */
  saveDraft: command(
    'imports:save-draft',
    z
      .object({
        kind: z.enum(SHEET_KINDS),
        fileName: z.string().min(1).max(260),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        mapping: draftMapping,
        patches: z.array(cellPatchSchema).max(MAX_PATCHES_PER_SAVE),
        file: z
          .string()
          .max(Math.ceil(MAX_DRAFT_FILE_BYTES / 3) * 4)
          .optional(),
      })
      .strict(),
    z.object({ patchCount: z.number().int(), fileKept: z.boolean() }),
  ),
  /** The latest saved import of this environment (of `kind` when given), or null. */
  getDraft: command(
    'imports:get-draft',
    z.strictObject({ kind: z.enum(SHEET_KINDS).optional() }).optional(),
    importDraftSchema.nullable(),
  ),
  discardDraft: command(
    'imports:discard-draft',
    z.object({ kind: z.enum(SHEET_KINDS) }).strict(),
    z.object({ discarded: z.boolean() }),
  ),
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
  saveTemplate: command(
    'imports:save-template',
    z.object({ kind: z.enum(SHEET_KINDS), format: z.enum(TABLE_FORMATS) }),
    savedFileSchema,
  ),
};
