import { listBatchRowsOps } from '../../db/repos/batches-repo';
import { countPayoutsInStatesOps } from '../../db/repos/payouts-repo';
import { get, type Ops, q } from '../../db/store/ops';
import { recoverExpiredChunksOps } from './chunk-leases';
import { type JournalDeps, scheduleFor } from './deps';
import {
  createStoreLease,
  isLeaseLost,
  type LeaseHolder,
  type LeaseOptions,
  notOwnerError,
  readLeaseHolder,
  type StoreLease,
} from './lease';
import { createSubmissionEngine, type SubmissionEngine } from './engine';
import { type JournalReconciler, markInterruptedOps, type StartupReport } from './recovery';
import { SENDABLE_BATCH_STATES, UNRESOLVED_STATES } from './states';

export type RuntimeStartReport = StartupReport & { owner: boolean; holder: LeaseHolder | null };

export type JournalRuntime = {
  engine: SubmissionEngine;
  poller: JournalReconciler['poller'];
  /**
   * Start: take the journal lease. As owner: SENDING → UNKNOWN (in the lease's own transaction) and one search
   * round (the engine's gate holds new sends until it is done), then batches that were sending continue, then
   * the background poller starts. Without the lease: no recovery, no poller; on SQLite the engine refuses to send,
   * on PostgreSQL it sends the chunks it can lease. The lease is tried again on every heartbeat tick.
   */
  start(): Promise<RuntimeStartReport>;
  isOwner(): boolean;
  /** Who holds the lease now (read from the database). */
  owner(): LeaseHolder | null;
  /** App quit: stop the poller, let in-flight requests finish, release the lease. */
  stop(): Promise<void>;
};

export type RuntimeOptions = {
  /** Searches and polls for this runtime while it owns the lease (reconcile/startup.ts createReconciler). */
  reconciler: JournalReconciler;
  lease?: Omit<LeaseOptions, 'kind'> & { kind?: LeaseOptions['kind']; renewEveryMs?: number };
};

function* hasReadyOps(batchId: number): Ops<boolean> {
  return (
    (yield* get(q`SELECT 1 AS one FROM payouts WHERE batch_id = ${batchId} AND state = 'READY' LIMIT 1`)) !== undefined
  );
}

/**
 * The engine + reconciler pair the app runs, owned by the holder of the journal lease — on either engine: the lease
 * is storage work on `deps.store` (SQLite: BEGIN IMMEDIATE and this connection's departure trigger; PostgreSQL: the
 * same lease row FOR UPDATE, and migration 011's departure trigger).
 */
export function createJournalRuntime(deps: JournalDeps, opts: RuntimeOptions): JournalRuntime {
  const { store } = deps;
  // The lease first: the engine claims chunk leases as this lease's owner (lease.ts journalOwnerId).
  const lease: StoreLease = createStoreLease(store, { kind: 'app', ...opts.lease });
  const inner = createSubmissionEngine(deps);
  const { poller } = opts.reconciler;
  // Renew well inside the expiry, so a slow tick never lets a live owner's lease lapse.
  const renewEveryMs = opts.lease?.renewEveryMs ?? Math.max(10, Math.floor(lease.ttlMs / 3));
  let owner = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let transition: Promise<unknown> | null = null;
  let starting: Promise<unknown> | null = null;
  // Who holds the lease. SQLite reads it at once (a local file); PostgreSQL answers with the last holder seen, which
  // every tick refreshes, so `owner()` and the refusal message stay synchronous.
  let lastHolder: LeaseHolder | null = null;
  const holderNow = (): LeaseHolder | null => (store.sqlite ? readLeaseHolder(store.sqlite) : lastHolder);
  const refreshHolder = async (): Promise<LeaseHolder | null> => (lastHolder = await lease.holder());

  /** Confirmed/sending batches of our environment with rows to send that we are not running: hand-overs too. */
  const sweep = async () => {
    const batches = await store.run(
      listBatchRowsOps({ environment: deps.environment(), states: SENDABLE_BATCH_STATES }),
    );
    for (const b of batches) {
      if (inner.isRunning(b.id) || !(await store.run(hasReadyOps(b.id)))) continue;
      engine
        .start(b.id)
        .catch((e: unknown) => deps.log.warn('engine.resume_failed', { batchId: b.id, error: (e as Error).message }));
    }
  };

  /** PostgreSQL: chunks whose server died mid-chunk (lease expired) go UNKNOWN for the reconciler. SQLite: nothing. */
  const recoverExpired = () => {
    const at = deps.now();
    return store.run(
      recoverExpiredChunksOps({ nowMs: at.getTime(), at, schedule: scheduleFor(deps.timing), log: deps.log }),
    );
  };

  async function becomeOwner(): Promise<RuntimeStartReport | null> {
    const got = await lease.tryAcquire(() => markInterruptedOps(deps));
    if (!got.acquired) {
      lastHolder = got.holder;
      return null;
    }
    owner = true;
    if (got.previous) deps.log.warn('journal.lease_taken_over', { pid: got.previous.pid, host: got.previous.host });
    const startup = opts.reconciler.startup();
    inner.setGate(startup);
    const report = await startup;
    // stop() came while the start-up round ran: start nothing that would outlive the closed database.
    if (!stopped) {
      await sweep();
      poller.start();
    }
    const holder = store.sqlite ? holderNow() : await refreshHolder();
    // Recovery already happened in the lease's transaction; the search round found nothing more SENDING.
    return { ...report, interrupted: report.interrupted + got.recovered, owner: true, holder };
  }

  async function loseLease(): Promise<void> {
    owner = false;
    const holder = store.sqlite ? holderNow() : await refreshHolder().catch(() => lastHolder);
    deps.log.error('journal.lease_lost', { holder: holder?.pid ?? null });
    await poller.stop();
    await inner.stopAll();
  }

  async function heartbeat(): Promise<void> {
    if (!(await lease.renew())) {
      await loseLease();
      return;
    }
    await recoverExpired();
    await sweep();
  }

  // PostgreSQL, not the lease holder: still one of the team's senders — send what the chunk leases allow.
  const standBy = async () => {
    if (!(await becomeOwner()) && store.engine === 'pg' && !stopped) await sweep();
  };

  const tick = async () => {
    if (stopped || transition) return;
    transition = owner ? heartbeat() : standBy();
    await transition.catch((e: unknown) =>
      deps.log.error('journal.lease_tick_failed', { error: (e as Error).message }),
    );
    transition = null;
  };

  const refuse = (batchId: number) => {
    const error = notOwnerError(holderNow(), batchId);
    deps.emit?.({ type: 'batch-state', batchId, state: 'CONFIRMED', reason: error.message });
    return Promise.reject(error);
  };
  // PostgreSQL: several servers send from one database — chunk leases decide who sends which chunk, and migration
  // 011 refuses any departure outside them — so there the journal lease only picks who recovers, polls and resends
  // loose rows. SQLite: the lease's one owner per file is the only sender.
  const maySend = () => owner || store.engine === 'pg';
  const guard = <T>(batchId: number, run: () => Promise<T>): Promise<T> =>
    maySend()
      ? run().catch((e: unknown) => {
          throw isLeaseLost(e) ? notOwnerError(holderNow(), batchId) : e;
        })
      : refuse(batchId);

  const engine: SubmissionEngine = {
    ...inner,
    start: (batchId) => guard(batchId, () => inner.start(batchId)),
    resume: (batchId) => guard(batchId, () => inner.resume(batchId)),
  };

  return {
    engine,
    poller,
    async start() {
      stopped = false;
      const pending = becomeOwner();
      starting = pending;
      const report = await pending.finally(() => {
        starting = null;
      });
      if (!stopped) {
        timer = setInterval(() => void tick(), renewEveryMs);
        timer.unref();
      }
      if (report) return report;
      const holder = store.sqlite ? holderNow() : await refreshHolder();
      deps.log.warn('journal.not_owner', { pid: holder?.pid ?? null, host: holder?.host ?? null });
      return {
        interrupted: 0,
        resolve: null,
        stillUnknown: await store.run(countPayoutsInStatesOps(deps.environment(), UNRESOLVED_STATES)),
        error: notOwnerError(holder).message,
        owner: false,
        holder,
      };
    },
    isOwner: () => owner,
    owner: () => holderNow(),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await starting?.catch(() => undefined);
      await transition?.catch(() => undefined);
      await poller.stop();
      await inner.stopAll();
      // Deletes the row only if it is ours; either way this process's lease is done.
      await lease
        .release()
        .catch((e: unknown) => deps.log.warn('journal.lease_release_failed', { error: (e as Error).message }));
      owner = false;
    },
  };
}
