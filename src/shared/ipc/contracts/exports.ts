import { z } from 'zod';
import { TABLE_FORMATS } from '../../domain/file-types';
import { command, event } from '../contract';
import { historyFiltersSchema, sortSchema } from './history';

/**
 * Exports and saved files. Main asks its save dialog where to write and writes there itself: no file content
 * crosses IPC, only the path it was saved to (or "cancelled" when the user closed the dialog).
 */

const int = z.number().int();
const format = z.enum(TABLE_FORMATS);

export const exportRequestSchema = z.object({
  /** Chosen by the renderer so it can cancel the export while it runs. */
  jobId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  what: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('batch'), batchId: int.positive() }),
    z.object({ kind: z.literal('history'), filters: historyFiltersSchema, sort: sortSchema.optional() }),
    z.object({ kind: z.literal('reconciliation'), runId: int.positive() }),
  ]),
  format,
  fullAccount: z.boolean(),
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

const saved = z.object({ status: z.literal('saved'), path: z.string(), fileName: z.string() });
const cancelled = z.object({ status: z.literal('cancelled') });

/** Where main saved a file, or that the user cancelled the save dialog (nothing was written). */
export const savedFileSchema = z.discriminatedUnion('status', [saved, cancelled]);
export type SavedFile = z.infer<typeof savedFileSchema>;

/**
 * The name the save dialog suggests, without folder or extension (main adds `.csv`/`.xlsx`); the renderer
 * derives it from the user's sheet name, so anything that could climb out of the folder is refused.
 */
const fileStem = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^./\\:*?"<>|\p{Cc}][^/\\:*?"<>|\p{Cc}]*$/u, 'a file name without a folder');

/** `<sheet name>-<suffix>` as a stem the contract accepts (the user's own file name may hold any character). */
export function suggestedStem(fileName: string, suffix: string): string {
  const base = fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[/\\:*?"<>|\p{Cc}]/gu, '-')
    .replace(/^\.+/, '')
    .slice(0, 100);
  return base ? `${base}-${suffix}` : suffix;
}

export const exportContracts = {
  startExport: command(
    'exports:start-export',
    exportRequestSchema,
    z.discriminatedUnion('status', [saved.extend({ rows: int, totalPaise: int }), cancelled]),
  ),
  cancelExport: command(
    'exports:cancel-export',
    z.object({ jobId: z.string().max(64) }),
    z.object({ cancelled: z.boolean() }),
  ),
  saveTable: command(
    'exports:save-table',
    z.object({ table: exportTableSchema, format, name: fileStem }),
    savedFileSchema,
  ),
};

export const exportEvents = {
  exportProgress: event('exports:progress', z.object({ jobId: z.string(), written: int, total: int })),
};
