import { userInfo } from 'node:os';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import type { JournalDeps } from '../services/journal/deps';
import type { Services } from '../services/lifecycle';
import { reconcileRound } from '../services/reconcile/index';
import {
  confirmBatch,
  getBatchOps,
  listBatchesOps,
  payoutHistoryOps,
  preflight,
  resubmitRejected,
  retryReasonsOps,
} from '../services/submission/index';
import { excludeRowsOps } from '../services/submission/confirm';
import { editDraftRowOps, includeRowsOps } from '../services/submission/draft-edit';
import { editRejectedRowOps, retryFailedRowsOps } from '../services/submission/fix-retry';
import { acceptMismatchOps } from '../services/submission/payee-accept';
import { createSinglePayoutOnStore } from '../services/submission/single';
import {
  teamAcceptMismatch,
  teamCreateSinglePayout,
  teamEditDraftRow,
  teamEditRejectedRow,
  teamExcludeRows,
  teamIncludeRows,
  teamResubmitRejected,
  teamRetryFailedRows,
} from '../services/team/row-changes';
import type { SessionUser } from '../services/team/sessions';

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
    // Row changes run on the journal's store too (deps.store: the desk's SQLite, or PostgreSQL with --database-url).
    excludeRows: ({ batchId, payoutIds }) => deps.store.run(excludeRowsOps(batchId, payoutIds, deps.now())),
    editRejectedRow: ({ payoutId, fields }) => deps.store.run(editRejectedRowOps(deps, payoutId, fields)),
    async resubmitRejected({ batchId, payoutIds, typedTotal, productionName }) {
      const report = await resubmitRejected(deps, batchId, payoutIds, typedTotal, {
        productionConfirmedName: productionName,
      });
      run(batchId, engine.start(batchId));
      return report;
    },
    retryFailedRows: ({ batchId }) => deps.store.run(retryFailedRowsOps(deps, batchId)),
    createSinglePayout: ({ values, name }) => createSinglePayoutOnStore(deps, { values, name }),
    payoutTimeline: ({ transactionId }) => ctx.store.run(payoutHistoryOps(transactionId)),
    includeRows: ({ batchId, payoutIds }) =>
      deps.store.run(includeRowsOps(deps, batchId, payoutIds, { actor: deskActor() })),
    editDraftRow: ({ payoutId, fields }) => deps.store.run(editDraftRowOps(deps, payoutId, fields)),
    retryReasons: ({ batchId }) => ctx.store.run(retryReasonsOps(batchId)),
    acceptMismatch: ({ batchId, payoutIds, reason }) =>
      deps.store.run(acceptMismatchOps(deps, batchId, payoutIds, { reason, actor: deskActor() })),
    async checkAllOpenRows() {
      // "Check now" asks EnKash about every open row, not only those whose next check is due.
      const report = await reconcileRound(deps, { all: true });
      return { checked: report.poll.checked + report.resolve.considered };
    },
  };
}

type TeamRowHandlers = Pick<
  HandlerMap,
  | 'excludeRows'
  | 'includeRows'
  | 'editDraftRow'
  | 'editRejectedRow'
  | 'resubmitRejected'
  | 'retryFailedRows'
  | 'acceptMismatch'
  | 'createSinglePayout'
>;

/**
 * The row-changing commands as a Desk Server runs them for the signed-in `user` (cli/commands/server.ts puts them
 * over the desk's own for each /ipc call): each records its author and leads to fresh approvals instead of sending
 * (services/team/row-changes.ts). The engine is not started here: the approval that confirms a batch starts it.
 */
export function createTeamRowHandlers(deps: JournalDeps, user: SessionUser): TeamRowHandlers {
  return {
    excludeRows: ({ batchId, payoutIds }) => teamExcludeRows(deps, user, batchId, payoutIds),
    includeRows: ({ batchId, payoutIds }) => teamIncludeRows(deps, user, batchId, payoutIds),
    editDraftRow: ({ payoutId, fields }) => teamEditDraftRow(deps, user, payoutId, fields),
    editRejectedRow: ({ payoutId, fields }) => teamEditRejectedRow(deps, user, payoutId, fields),
    resubmitRejected: ({ batchId, payoutIds, typedTotal, productionName }) =>
      teamResubmitRejected(deps, user, { batchId, payoutIds, typedTotal, productionName }),
    retryFailedRows: ({ batchId }) => teamRetryFailedRows(deps, user, batchId),
    acceptMismatch: ({ batchId, payoutIds, reason }) => teamAcceptMismatch(deps, user, batchId, payoutIds, reason),
    createSinglePayout: ({ values, name }) => teamCreateSinglePayout(deps, user, { values, name }),
  };
}
