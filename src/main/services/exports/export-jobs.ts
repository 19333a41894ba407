import { AppError } from '../../../shared/domain/errors';
import type { ExportResult } from './jobs';
import type { SaveResult } from './save-desk';

/**
 * The exports running in this desk, by the job id the renderer chose, whichever way they read their rows (the
 * desk's own database or, in Team mode, the Desk Server's stream): one registry, so Cancel reaches an export even
 * after the connection mode changed under it.
 */
export type ExportJobs = {
  run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  cancel(jobId: string): { cancelled: boolean };
};

export function createExportJobs(): ExportJobs {
  const jobs = new Map<string, AbortController>();
  return {
    async run(jobId, work) {
      if (jobs.has(jobId)) throw new AppError('conflict', 'That export is already running.');
      const controller = new AbortController();
      jobs.set(jobId, controller);
      try {
        return await work(controller.signal);
      } finally {
        jobs.delete(jobId);
      }
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: Boolean(job) };
    },
  };
}

/** The startExport answer for a saved (or cancelled) export file. */
export function exportReply(saved: SaveResult<ExportResult>) {
  if (saved.status === 'cancelled') return saved;
  const { rows, totalPaise } = saved.value;
  return { status: 'saved' as const, path: saved.path, fileName: saved.fileName, rows, totalPaise };
}
