import { isAppError } from '../../../shared/domain/errors';
import { sql } from 'kysely';
import { countPayoutsInStatesOps } from '../../db/repos/payouts-repo';
import { sqlInList } from '../../db/sql-in';
import { get, type Ops, q } from '../../db/store/ops';
import { type Store, storeIdentity } from '../../db/store/store';
import type { EnkashClient } from '../../enkash/client';
import { recoverExpiredChunksOps } from '../journal/chunk-leases';
import { type JournalDeps, scheduleFor } from '../journal/deps';
import { type JournalReconciler, markInterruptedOps, type ResolveStats, type StartupReport } from '../journal/recovery';
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

const locks = new WeakMap<object, Promise<unknown>>();

/** Runs `fn` after any other reconciliation on this database in this process finished: rounds never overlap. */
export function withReconcileLock<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const key = storeIdentity(store);
  const prev = locks.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  locks.set(key, next);
  return next;
}

/** Start-up: SENDING → UNKNOWN, then one search round over every UNKNOWN row. Never throws on EnKash errors. */
export async function reconcileOnStartup(deps: JournalDeps): Promise<StartupReport> {
  return withReconcileLock(deps.store, async () => {
    const interrupted = await deps.store.run(markInterruptedOps(deps));
    const env = deps.environment();
    let resolve: ResolveStats | null = null;
    let error: string | undefined;
    if ((await deps.store.run(countPayoutsInStatesOps(env, ['UNKNOWN']))) > 0) {
      try {
        const { client } = await deps.session();
        resolve = await resolveUnknownOnce(deps, client, { all: true });
      } catch (e) {
        error = isAppError(e) ? e.message : 'EnKash could not be reached';
        deps.log.warn('reconcile.startup_failed', { error });
      }
    }
    const stillUnknown = await deps.store.run(countPayoutsInStatesOps(env, UNRESOLVED_STATES));
    return { interrupted, resolve, stillUnknown, error };
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
  return withReconcileLock(deps.store, () => round(deps, client, pinned));
}

/**
 * One background round: settle due UNKNOWN rows, then refresh due statuses. The client is taken under the lock,
 * and the round looks only at the rows of that client's environment.
 */
export async function reconcileRound(deps: JournalDeps, opts: { all?: boolean } = {}): Promise<TickReport> {
  return withReconcileLock(deps.store, async () => {
    const { client, environment } = await deps.session();
    return round(deps, client, { ...opts, environment });
  });
}

/** What a round looks at: UNKNOWN rows (resolveUnknownOnce), in-flight ones and SUCCESS for reversals (pollOnce). */
const ROUND_STATES: readonly PayoutState[] = ['UNKNOWN', ...IN_FLIGHT_STATES, 'SUCCESS'];
const ROUND_LIST = sql.raw(sqlInList(ROUND_STATES));

function recoverExpiredOps(deps: JournalDeps): Ops<unknown> {
  const at = deps.now();
  return recoverExpiredChunksOps({ nowMs: at.getTime(), at, schedule: scheduleFor(deps.timing), log: deps.log });
}

/** Is any row of `environment` due for a round at `nowIso`? Nothing due means no EnKash call at all. */
function* anythingDueOps(environment: string, nowIso: string): Ops<boolean> {
  const row = yield* get(
    q`SELECT 1 AS one FROM payouts p JOIN batches b ON b.id = p.batch_id
      WHERE p.state IN (${ROUND_LIST}) AND p.next_check_at <= ${nowIso} AND b.environment = ${environment} LIMIT 1`,
  );
  return row !== undefined;
}

export type Poller = { start(): void; stop(): Promise<void>; tickNow(): Promise<TickReport | null> };

/**
 * Runs `reconcileTick` every `everyMs` (real time) until stopped. Errors (EnKash down, no credentials) are
 * logged and the next round tries again; a round never overlaps the previous one.
 */
export function createPoller(deps: JournalDeps, everyMs = 5_000): Poller {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<TickReport | null> | null = null;
  let stopped = true;
  const tickNow = async (): Promise<TickReport | null> => {
    try {
      // PostgreSQL: rows a dead server left SENDING under its expired chunk lease become UNKNOWN first, so this
      // round already searches for them (the lease heartbeat does it too; SKIP LOCKED makes the two never collide).
      if (deps.store.engine === 'pg') await deps.store.run(recoverExpiredOps(deps));
      // Nothing due means no EnKash call at all: no needless login (or log noise) when nothing is in flight.
      if (!(await deps.store.run(anythingDueOps(deps.environment(), deps.now().toISOString())))) return null;
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
