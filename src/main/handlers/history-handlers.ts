import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/ipc/errors';
import type { MainContext } from '../context';
import { verifyAuditChain } from '../db/audit';
import type { HandlerMap } from '../ipc/dispatch';
import { dashboard } from '../services/dashboard/index';
import { exportBatch, exportHistory, exportReconciliation } from '../services/exports/index';
import { agingBoard, checkNow, listAudit, payoutTimeline, searchPayouts } from '../services/history/index';
import type { Services } from '../services/lifecycle';
import {
  getReconciliation,
  listReconciliations,
  listReconIssues,
  listReconLines,
  reconcileStatement,
} from '../services/statement-recon/index';

type HistoryHandlers = Pick<
  HandlerMap,
  | 'searchHistory'
  | 'payoutTimelineById'
  | 'agingBoard'
  | 'checkRowsNow'
  | 'dashboard'
  | 'reconcileStatement'
  | 'listReconciliations'
  | 'getReconLines'
  | 'listAudit'
  | 'verifyAuditChain'
  | 'startExport'
  | 'cancelExport'
>;

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export function createHistoryHandlers(ctx: MainContext, services: Services): HistoryHandlers {
  const jobs = new Map<string, AbortController>();
  const environment = () => ctx.settings.get().environment;

  return {
    // History is SQLite only: it answers with no network at all.
    searchHistory: ({ filters, sort, limit, after, withTotal }) =>
      searchPayouts(ctx.db, filters, sort, { limit, after, withTotal }),
    payoutTimelineById: ({ payoutId }) => payoutTimeline(ctx.db, payoutId).entries,
    agingBoard: () => agingBoard(ctx.db, { now: ctx.now(), environment: environment(), rowsPerBucket: 20 }),
    async checkRowsNow({ payoutIds }) {
      const result = await checkNow(services.deps, payoutIds);
      return { scheduled: result.scheduled };
    },
    dashboard: ({ from, to, granularity }) => dashboard(ctx.db, { from, to, granularity, environment: environment() }),
    async reconcileStatement({ fromDate, toDate }) {
      const { client, profile } = await ctx.enkash.session();
      const result = await reconcileStatement(
        {
          db: ctx.db,
          now: ctx.now,
          log: ctx.log,
          client,
          environment: environment(),
          defaults: { fundSourceId: profile.fundSourceId, debitAccountNumber: profile.debitAccountNumber },
        },
        { fromDate, toDate },
      );
      return { ...result, run: getReconciliation(ctx.db, result.runId) };
    },
    listReconciliations: () => listReconciliations(ctx.db, { environment: environment(), limit: 50 }),
    getReconLines: ({ runId, filter, afterSeq }) => ({
      ...listReconLines(ctx.db, runId, { filter, afterSeq, limit: 500 }),
      issues: listReconIssues(ctx.db, runId),
    }),
    listAudit: ({ entityId, beforeId }) => listAudit(ctx.db, entityId ? { entityId } : {}, { limit: 100, beforeId }),
    verifyAuditChain: () => verifyAuditChain(ctx.db),
    async startExport({ jobId, what, format, fullAccount }) {
      if (jobs.has(jobId)) throw new AppError('conflict', 'That export is already running.');
      const controller = new AbortController();
      jobs.set(jobId, controller);
      // Written to a private temp file, then handed to the renderer, which saves it where the user chooses.
      const path = join(tmpdir(), `payout-desk-export-${jobId}.${format}`);
      const opts = {
        format,
        path,
        fullAccount,
        signal: controller.signal,
        onProgress: (p: { written: number; total: number }) => ctx.events.emit('exportProgress', { jobId, ...p }),
      };
      try {
        const result =
          what.kind === 'batch'
            ? await exportBatch(ctx.db, what.batchId, opts)
            : what.kind === 'history'
              ? await exportHistory(ctx.db, { filters: what.filters, sort: what.sort }, opts)
              : await exportReconciliation(ctx.db, what.runId, opts);
        const stamp = ctx.now().toISOString().slice(0, 10);
        const name =
          what.kind === 'batch'
            ? `batch-${what.batchId}`
            : what.kind === 'history'
              ? 'payout-history'
              : `reconciliation-${what.runId}`;
        return {
          base64: readFileSync(result.path).toString('base64'),
          mime: MIME[format],
          fileName: `${name}-${stamp}.${format}`,
          rows: result.rows,
          totalPaise: result.totalPaise,
        };
      } finally {
        jobs.delete(jobId);
        rmSync(path, { force: true });
      }
    },
    cancelExport: ({ jobId }) => {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: Boolean(job) };
    },
  };
}
