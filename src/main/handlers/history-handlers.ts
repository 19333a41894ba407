import type { MainContext } from '../context';
import { verifyAuditChain } from '../db/audit';
import type { HandlerMap } from '../ipc/dispatch';
import { dashboard } from '../services/dashboard/index';
import { agingBoard, checkRowsNow, listAudit, payoutTimeline, searchPayouts } from '../services/history/index';
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
>;

export function createHistoryHandlers(ctx: MainContext, services: Services): HistoryHandlers {
  const environment = () => ctx.settings.get().environment;

  return {
    // History is SQLite only: it answers with no network at all.
    searchHistory: ({ filters, sort, limit, after, withTotal }) =>
      searchPayouts(ctx.db, filters, sort, { limit, after, withTotal }),
    payoutTimelineById: ({ payoutId }) => payoutTimeline(ctx.db, payoutId).entries,
    agingBoard: () => agingBoard(ctx.db, { now: ctx.now(), environment: environment(), rowsPerBucket: 20 }),
    async checkRowsNow({ payoutIds }) {
      const result = await checkRowsNow(services.deps, payoutIds);
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
  };
}
