import { userInfo } from 'node:os';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import type { Services } from '../services/lifecycle';
import { reconcileRound } from '../services/reconcile/index';
import {
  acceptMismatch,
  confirmBatch,
  createSinglePayout,
  editDraftRow,
  editRejectedRow,
  excludeRows,
  getBatchOps,
  includeRows,
  listBatchesOps,
  payoutHistoryOps,
  preflight,
  resubmitRejected,
  retryFailedRows,
  retryReasonsOps,
} from '../services/submission/index';

type BatchHandlers = Pick<
  HandlerMap,
  | 'listBatches'
  | 'getBatch'
  | 'runPreflight'
  | 'confirmBatch'
  | 'pauseBatch'
  | 'resumeBatch'
  | 'cancelBatch'
  | 'excludeRows'
  | 'editRejectedRow'
  | 'resubmitRejected'
  | 'retryFailedRows'
  | 'createSinglePayout'
  | 'payoutTimeline'
  | 'checkAllOpenRows'
  | 'includeRows'
  | 'editDraftRow'
  | 'retryReasons'
  | 'acceptMismatch'
>;

/** Who clicked, for the audit log: the desk has no sign-in, so the OS account running the app. */
function deskActor(): string {
  try {
    return `desk:${userInfo().username}`;
  } catch {
    return 'desk';
  }
}

export function createBatchHandlers(ctx: MainContext, services: Services): BatchHandlers {
  const { deps, journal } = services;
  const { engine } = journal;
  // The engine runs in the background; its progress reaches the renderer as events, failures in the log.
  const run = (batchId: number, what: Promise<unknown>) =>
    void what.catch((e: unknown) => ctx.log.error('engine.run_failed', { batchId, error: (e as Error).message }));

  return {
    // The reads run on the context's store: the desk's SQLite file, or PostgreSQL on a Desk Server.
    listBatches: (opts) => ctx.store.run(listBatchesOps(opts)),
    getBatch: ({ batchId, states, offset, limit }) => ctx.store.run(getBatchOps(batchId, { states, offset, limit })),
    runPreflight: ({ batchId }) => preflight(deps, batchId),
    async confirmBatch({ batchId, typedTotal, productionName }) {
      const report = await confirmBatch(deps, batchId, typedTotal, { productionConfirmedName: productionName });
      run(batchId, engine.start(batchId));
      return report;
    },
    pauseBatch: async ({ batchId }) => {
      await engine.pause(batchId);
      return engine.progress(batchId);
    },
    resumeBatch: ({ batchId }) => {
      run(batchId, engine.resume(batchId));
      return engine.progress(batchId);
    },
    cancelBatch: ({ batchId }) => engine.cancel(batchId),
    excludeRows: ({ batchId, payoutIds }) => excludeRows(deps, batchId, payoutIds),
    editRejectedRow: ({ payoutId, fields }) => editRejectedRow(deps, payoutId, fields),
    async resubmitRejected({ batchId, payoutIds, typedTotal, productionName }) {
      const report = await resubmitRejected(deps, batchId, payoutIds, typedTotal, {
        productionConfirmedName: productionName,
      });
      run(batchId, engine.start(batchId));
      return report;
    },
    retryFailedRows: ({ batchId }) => retryFailedRows(deps, batchId),
    createSinglePayout: ({ values, name }) => createSinglePayout(deps, { values, name }),
    payoutTimeline: ({ transactionId }) => ctx.store.run(payoutHistoryOps(transactionId)),
    includeRows: ({ batchId, payoutIds }) => includeRows(deps, batchId, payoutIds, { actor: deskActor() }),
    editDraftRow: ({ payoutId, fields }) => editDraftRow(deps, payoutId, fields),
    retryReasons: ({ batchId }) => ctx.store.run(retryReasonsOps(batchId)),
    acceptMismatch: ({ batchId, payoutIds, reason }) =>
      acceptMismatch(deps, batchId, payoutIds, { reason, actor: deskActor() }),
    async checkAllOpenRows() {
      // "Check now" asks EnKash about every open row, not only those whose next check is due.
      const report = await reconcileRound(deps, { all: true });
      return { checked: report.poll.checked + report.resolve.considered };
    },
  };
}
