import type { MainContext } from '../context';
import { verifyAuditChainOps } from '../db/audit';
import type { HandlerMap } from '../ipc/dispatch';
import { dashboardOps } from '../services/dashboard/index';
import {
  agingBoardOps,
  checkRowsNow,
  listAuditOps,
  payoutTimelineOps,
  searchPayoutsOps,
} from '../services/history/index';
import type { Services } from '../services/lifecycle';
import {
  getReconciliationOps,
  listReconciliationsOps,
  listReconIssuesOps,
  listReconLinesOps,
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
    // History answers with no network at all, from the context's store: the desk's SQLite file, or PostgreSQL on a
    // Desk Server.
    searchHistory: ({ filters, sort, limit, after, withTotal }) =>
      ctx.store.run(searchPayoutsOps(filters, sort, { limit, after, withTotal })),
    payoutTimelineById: async ({ payoutId }) => (await ctx.store.run(payoutTimelineOps(payoutId))).entries,
    agingBoard: () => ctx.store.run(agingBoardOps({ now: ctx.now(), environment: environment(), rowsPerBucket: 20 })),
    async checkRowsNow({ payoutIds }) {
      const result = await checkRowsNow(services.deps, payoutIds);
      return { scheduled: result.scheduled };
    },
    dashboard: ({ from, to, granularity }) =>
      ctx.store.run(dashboardOps({ from, to, granularity, environment: environment() })),
    async reconcileStatement({ fromDate, toDate }) {
      const { client, profile } = await ctx.enkash.session();
      const result = await reconcileStatement(
        {
          store: ctx.store,
          now: ctx.now,
          log: ctx.log,
          client,
          environment: environment(),
          defaults: { fundSourceId: profile.fundSourceId, debitAccountNumber: profile.debitAccountNumber },
        },
        { fromDate, toDate },
      );
      return { ...result, run: await ctx.store.run(getReconciliationOps(result.runId)) };
    },
    listReconciliations: () => ctx.store.run(listReconciliationsOps({ environment: environment(), limit: 50 })),
    getReconLines: async ({ runId, filter, afterSeq }) => ({
      ...(await ctx.store.run(listReconLinesOps(runId, { filter, afterSeq, limit: 500 }))),
      issues: await ctx.store.run(listReconIssuesOps(runId)),
    }),
    listAudit: ({ entity, entityId, beforeId }) =>
      ctx.store.run(listAuditOps({ entity, entityId }, { limit: 100, beforeId })),
    verifyAuditChain: () => ctx.store.run(verifyAuditChainOps()),
  };
}
