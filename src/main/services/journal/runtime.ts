import { listBatchRows } from '../../db/repos/batches-repo';
import { countPayoutsInStates } from '../../db/repos/payouts-repo';
import { stmt } from '../../db/prepared-cache';
import type { JournalDeps } from './deps';
import {
  createJournalLease,
  isLeaseLost,
  type JournalLease,
  type LeaseHolder,
  type LeaseOptions,
  notOwnerError,
} from './lease';
import { createSubmissionEngine, type SubmissionEngine } from './engine';
import { type JournalReconciler, markInterrupted, type StartupReport } from './recovery';
import { SENDABLE_BATCH_STATES, UNRESOLVED_STATES } from './states';

export type RuntimeStartReport = StartupReport & { owner: boolean; holder: LeaseHolder | null };

export type JournalRuntime = {
  engine: SubmissionEngine;
  poller: JournalReconciler['poller'];
  /**
   * Start: take the journal lease. As owner: SENDING → UNKNOWN (in the lease's own transaction) and one search
   * round (the engine's gate holds new sends until it is done), then batches that were sending continue, then
   * the background poller starts. Without the lease: no recovery, no poller, the engine refuses to send; the
   * lease is tried again on every heartbeat tick.
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

/** The engine + reconciler pair the app runs, owned by the holder of the journal lease. */
export function createJournalRuntime(deps: JournalDeps, opts: RuntimeOptions): JournalRuntime {
  const inner = createSubmissionEngine(deps);
  const { poller } = opts.reconciler;
  const lease: JournalLease = createJournalLease(deps.db, { kind: 'app', ...opts.lease });
  // Renew well inside the expiry, so a slow tick never lets a live owner's lease lapse.
  const renewEveryMs = opts.lease?.renewEveryMs ?? Math.max(10, Math.floor(lease.ttlMs / 3));
  let owner = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let transition: Promise<unknown> | null = null;
  let starting: Promise<unknown> | null = null;
  const hasReady = stmt(deps.db, "SELECT 1 FROM payouts WHERE batch_id = ? AND state = 'READY' LIMIT 1");

  /** Confirmed/sending batches of our environment with rows to send that we are not running: hand-overs too. */
  const sweep = () => {
    for (const b of listBatchRows(deps.db, { environment: deps.environment(), states: SENDABLE_BATCH_STATES })) {
      if (inner.isRunning(b.id) || !hasReady.get(b.id)) continue;
      engine
        .start(b.id)
        .catch((e: unknown) => deps.log.warn('engine.resume_failed', { batchId: b.id, error: (e as Error).message }));
    }
  };

  async function becomeOwner(): Promise<RuntimeStartReport | null> {
    const got = lease.tryAcquire(() => markInterrupted(deps));
    if (!got.acquired) return null;
    owner = true;
    if (got.previous) deps.log.warn('journal.lease_taken_over', { pid: got.previous.pid, host: got.previous.host });
    const startup = opts.reconciler.startup();
    inner.setGate(startup);
    const report = await startup;
    // stop() came while the start-up round ran: start nothing that would outlive the closed database.
    if (!stopped) {
      sweep();
      poller.start();
    }
    // Recovery already happened in the lease's transaction; the search round found nothing more SENDING.
    return { ...report, interrupted: report.interrupted + got.recovered, owner: true, holder: lease.holder() };
  }

  async function loseLease(): Promise<void> {
    owner = false;
    deps.log.error('journal.lease_lost', { holder: lease.holder()?.pid ?? null });
    await poller.stop();
    await inner.stopAll();
  }

  const tick = async () => {
    if (stopped || transition) return;
    if (owner) {
      if (lease.renew()) sweep();
      else transition = loseLease();
    } else {
      transition = becomeOwner();
    }
    await transition?.catch((e: unknown) =>
      deps.log.error('journal.lease_tick_failed', { error: (e as Error).message }),
    );
    transition = null;
  };

  const refuse = (batchId: number) => {
    const error = notOwnerError(lease.holder(), batchId);
    deps.emit?.({ type: 'batch-state', batchId, state: 'CONFIRMED', reason: error.message });
    return Promise.reject(error);
  };
  const guard = <T>(batchId: number, run: () => Promise<T>): Promise<T> =>
    owner
      ? run().catch((e: unknown) => {
          throw isLeaseLost(e) ? notOwnerError(lease.holder(), batchId) : e;
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
      const holder = lease.holder();
      deps.log.warn('journal.not_owner', { pid: holder?.pid ?? null, host: holder?.host ?? null });
      return {
        interrupted: 0,
        resolve: null,
        stillUnknown: countPayoutsInStates(deps.db, deps.environment(), UNRESOLVED_STATES),
        error: notOwnerError(holder).message,
        owner: false,
        holder,
      };
    },
    isOwner: () => owner,
    owner: () => lease.holder(),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await starting?.catch(() => undefined);
      await transition?.catch(() => undefined);
      await poller.stop();
      await inner.stopAll();
      // Deletes the row only if it is ours; either way this connection's lease is done.
      lease.release();
      owner = false;
    },
  };
}
