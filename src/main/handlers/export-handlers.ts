import { AppError } from '../../shared/domain/errors';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { exportBatchOn, exportHistoryOn, exportReconciliationOn, writeTableFile } from '../services/exports/index';
import { exportStem } from '../services/exports/export-stem';
import { saveRequest, type SaveDesk } from '../services/exports/save-desk';

type ExportHandlers = Pick<HandlerMap, 'startExport' | 'cancelExport' | 'saveTable' | 'revealFile'>;

/**
 * Exports and saved files: main asks the save dialog where to write, streams the file straight there and
 * answers with the path; the renderer only shows "Saved to …".
 */
export function createExportHandlers(ctx: MainContext, desk: SaveDesk): ExportHandlers {
  const jobs = new Map<string, AbortController>();

  return {
    async startExport({ jobId, what, format, fullAccount }) {
      if (jobs.has(jobId)) throw new AppError('conflict', 'That export is already running.');
      const controller = new AbortController();
      jobs.set(jobId, controller);
      try {
        const saved = await desk.save(saveRequest(exportStem(what, ctx.now()), format), (path) => {
          const opts = {
            format,
            path,
            fullAccount,
            signal: controller.signal,
            onProgress: (p: { written: number; total: number }) => ctx.events.emit('exportProgress', { jobId, ...p }),
          };
          return what.kind === 'batch'
            ? exportBatchOn(ctx.store, what.batchId, opts)
            : what.kind === 'history'
              ? exportHistoryOn(ctx.store, { filters: what.filters, sort: what.sort }, opts)
              : exportReconciliationOn(ctx.store, what.runId, opts);
        });
        if (saved.status === 'cancelled') return saved;
        const { rows, totalPaise } = saved.value;
        return { status: 'saved', path: saved.path, fileName: saved.fileName, rows, totalPaise };
      } finally {
        jobs.delete(jobId);
      }
    },
    cancelExport: ({ jobId }) => {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: Boolean(job) };
    },
    // Error reports and results lists: the table comes from the renderer (its sheet worker built it), the file
    // is written here with the same writers and cell rules as every export.
    async saveTable({ table, format, name }) {
      const saved = await desk.save(saveRequest(name, format), (path) => writeTableFile(path, format, table));
      return saved.status === 'saved' ? { status: 'saved', path: saved.path, fileName: saved.fileName } : saved;
    },
    revealFile({ path }) {
      desk.reveal(path);
      return { revealed: true };
    },
  };
}
