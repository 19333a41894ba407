import { isAppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { countPayoutsInStates } from '../../db/repos/payouts-repo';
import type { EnkashClient } from '../../enkash/client';
import { sqlInList } from '../../db/sql-in';
import type { JournalDeps } from '../journal/deps';
import { type JournalReconciler, markInterrupted, type ResolveStats, type StartupReport } from '../journal/recovery';
import { IN_FLIGHT_STATES, type PayoutState, UNRESOLVED_STATES } from '../journal/states';
import { pollOnce, type PollStats } from './poll';
import { resolveUnknownOnce, type RoundOptions } from './resolve';

/**
 * The start-up search round and the background reconciler (the SENDING → UNKNOWN step itself is the journal's,
 * journal/recovery.ts, so the lease can run it in its own transaction).
 *
 * At start-up nothing of ours is in flight, so every SENDING row (and chunk) is UNKNOWN: its request may or may
 * not have reached EnKash before the process died. One full search round settles everything EnKash knows about
 * before any new work is released; rows it does not know yet are followed by the background rounds (a resend
 * needs the grace period to pass, and holding new, unrelated payouts hostage for minutes buys no safety —
 * they have their own transactionIds).
 */

const locks = new WeakMap<Db, Promise<unknown>>();

/** Runs `fn` after any other reconciliation on this database finished: rounds never overlap. */
export function withReconcileLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(db) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  locks.set(db, next);
  return next;
}

/** Start-up: SENDING → UNKNOWN, then one search round over every UNKNOWN row. Never throws on EnKash errors. */
export async function reconcileOnStartup(deps: JournalDeps): Promise<StartupReport> {
  return withReconcileLock(deps.db, async () => {
    const interrupted = markInterrupted(deps);
    const env = deps.environment();
    let resolve: ResolveStats | null = null;
    let error: string | undefined;
    if (countPayoutsInStates(deps.db, env, ['UNKNOWN']) > 0) {
      try {
        const { client } = await deps.session();
        resolve = await resolveUnknownOnce(deps, client, { all: true });
      } catch (e) {
        error = isAppError(e) ? e.message : 'EnKash could not be reached';
        deps.log.warn('reconcile.startup_failed', { error });
      }
    }
    return { interrupted, resolve, stillUnknown: countPayoutsInStates(deps.db, env, UNRESOLVED_STATES), error };
  });
}

export type TickReport = { resolve: ResolveStats; poll: PollStats };

async function round(deps: JournalDeps, client: EnkashClient, opts: RoundOptions): Promise<TickReport> {
  const resolve = await resolveUnknownOnce(deps, client, opts);
  const poll = await pollOnce(deps, client, opts);
  return { resolve, poll };
}

/**
 * One round with a client the caller holds: only the rows of the environment that client is for (the one in
 * Settings when this was called, unless `environment` says otherwise) — even if Settings change while it waits.
 */
export async function reconcileTick(
  deps: JournalDeps,
  client: EnkashClient,
  opts: RoundOptions = {},
): Promise<TickReport> {
  const pinned = { ...opts, environment: opts.environment ?? deps.environment() };
  return withReconcileLock(deps.db, () => round(deps, client, pinned));
}

/**
 * One background round: settle due UNKNOWN rows, then refresh due statuses. The client is taken under the lock,
 * and the round looks only at the rows of that client's environment.
 */
export async function reconcileRound(deps: JournalDeps, opts: { all?: boolean } = {}): Promise<TickReport> {
  return withReconcileLock(deps.db, async () => {
    const { client, environment } = await deps.session();
    return round(deps, client, { ...opts, environment });
  });
}

/** What a round looks at: UNKNOWN rows (resolveUnknownOnce), in-flight ones and SUCCESS for reversals (pollOnce). */
const ROUND_STATES: readonly PayoutState[] = ['UNKNOWN', ...IN_FLIGHT_STATES, 'SUCCESS'];

export type Poller = { start(): void; stop(): Promise<void>; tickNow(): Promise<TickReport | null> };

/**
 * Runs `reconcileTick` every `everyMs` (real time) until stopped. Errors (EnKash down, no credentials) are
 * logged and the next round tries again; a round never overlaps the previous one.
 */
export function createPoller(deps: JournalDeps, everyMs = 5_000): Poller {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<TickReport | null> | null = null;
  let stopped = true;
  // Nothing due means no EnKash call at all: no needless login (or log noise) when nothing is in flight.
  const anythingDue = () =>
    deps.db
      .prepare(
        `SELECT 1 FROM payouts p JOIN batches b ON b.id = p.batch_id
         WHERE p.state IN (${sqlInList(ROUND_STATES)}) AND p.next_check_at <= ?
           AND b.environment = ? LIMIT 1`,
      )
      .get(deps.now().toISOString(), deps.environment()) !== undefined;
  const tickNow = async (): Promise<TickReport | null> => {
    if (!anythingDue()) return null;
    try {
      return await reconcileRound(deps);
    } catch (e) {
      deps.log.warn('reconcile.tick_failed', { code: isAppError(e) ? e.code : 'internal' });
      return null;
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tickNow().finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(loop, everyMs);
    });
  };
  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    tickNow,
  };
}

/**
 * The reconciler the journal runtime drives while this process owns the lease (journal/runtime.ts takes it as a
 * JournalReconciler, so the journal never imports reconcile): the start-up round, then the background poller.
 */
export function createReconciler(deps: JournalDeps, pollEveryMs?: number): JournalReconciler & { poller: Poller } {
  return { startup: () => reconcileOnStartup(deps), poller: createPoller(deps, pollEveryMs) };
}
