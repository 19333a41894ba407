import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { exportBatchOn, exportHistoryOn, exportReconciliationOn, writeTableFile } from '../services/exports/index';
import { exportStem } from '../services/exports/export-stem';
import { type ExportJobs, exportReply } from '../services/exports/export-jobs';
import { saveRequest, type SaveDesk } from '../services/exports/save-desk';

type ExportHandlers = Pick<HandlerMap, 'startExport' | 'cancelExport' | 'saveTable' | 'revealFile'>;

/**
 * Exports and saved files: main asks the save dialog where to write, streams the file straight there and
 * answers with the path; the renderer only shows "Saved to …".
 */
export function createExportHandlers(ctx: MainContext, desk: SaveDesk, jobs: ExportJobs): ExportHandlers {
  return {
    startExport: ({ jobId, what, format, fullAccount }) =>
      jobs.run(jobId, async (signal) =>
        exportReply(
          await desk.save(saveRequest(exportStem(what, ctx.now()), format), (path) => {
            const opts = {
              format,
              path,
              fullAccount,
              signal,
              onProgress: (p: { written: number; total: number }) => ctx.events.emit('exportProgress', { jobId, ...p }),
            };
            return what.kind === 'batch'
              ? exportBatchOn(ctx.store, what.batchId, opts)
              : what.kind === 'history'
                ? exportHistoryOn(ctx.store, { filters: what.filters, sort: what.sort }, opts)
                : exportReconciliationOn(ctx.store, what.runId, opts);
          }),
        ),
      ),
    cancelExport: ({ jobId }) => jobs.cancel(jobId),
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
