import { all, engine, type Ops, q, transaction } from '../../db/store/ops';
import { type Store, storeIdentity } from '../../db/store/store';
import { recoverExpiredChunksOps } from './chunk-leases';
import { type JournalDeps, monotonicNow, scheduleFor } from './deps';
import { transitionChunkOps, transitionPayoutsOps } from './transition';

/**
 * Start-up recovery (DESIGN.md "On start-up, anything left SENDING becomes UNKNOWN"), and the seam to the
 * reconciler above the journal. The journal knows *that* a search round must run before new sends and that the
 * poller runs only while this process owns the lease; *how* rows are searched and settled is reconcile/'s, handed
 * in as a JournalReconciler — so the journal never imports the layers built on it.
 */

/** What one round over the UNKNOWN rows did (reconcile/resolve.ts runs it; start-up reports it). */
export type ResolveStats = { considered: number; found: number; notFound: number; unanswered: number; resent: number };

export type StartupReport = { interrupted: number; resolve: ResolveStats | null; stillUnknown: number; error?: string };

/** What the journal runtime (runtime.ts) drives as lease owner; reconcile/startup.ts createReconciler builds it. */
export type JournalReconciler = {
  /** Start-up: SENDING → UNKNOWN, then one search round over every UNKNOWN row. Never throws on EnKash errors. */
  startup(): Promise<StartupReport>;
  /** The background rounds (UNKNOWN resolution, status polling); run only while this process owns the lease. */
  poller: { start(): void; stop(): Promise<void> };
};

const startups = new WeakMap<object, number>();
/** Start-up on the monotonic clock (issue 9 point 9): a wall-clock jump forward must not skip a grace. */
const startupsMonotonic = new WeakMap<object, number>();

/**
 * Start-up time of this process on `store`. The resend grace is counted from the later of the last departure and
 * this: the machine may have been off (or its clock set forward) for hours, and "sent long ago" must not pass
 * for "searched long after sending" before EnKash has been asked in this run.
 */
export function noteStartup(store: Store, at: Date, monotonicAt: number = performance.now()): void {
  startups.set(storeIdentity(store), at.getTime());
  startupsMonotonic.set(storeIdentity(store), monotonicAt);
}

/** This process's start-up on `store`: wall time in ms and monotonic time; undefined before any start-up. */
export function startupOf(store: Store): { wallMs: number | undefined; monotonic: number | undefined } {
  return { wallMs: startups.get(storeIdentity(store)), monotonic: startupsMonotonic.get(storeIdentity(store)) };
}

/**
 * SENDING → UNKNOWN for rows and chunks of every environment, as storage work (the journal lease runs it inside
 * its own take-over transaction). On SQLite the one lease holder is the only sender, so nothing can be in flight
 * at start-up. On PostgreSQL other servers may be sending right now under their own chunk leases, so only what no
 * live lease covers is interrupted: chunks whose lease expired (chunk-leases.ts recoverExpiredChunksOps, which
 * also clears the lease so the reconciler may resend them), and rows and chunks outside any chunk lease — the
 * journal lease holder's loose sends and resends, which this take-over inherits.
 */
export function* markInterruptedOps(
  deps: Pick<JournalDeps, 'now' | 'timing' | 'log' | 'store' | 'monotonicMs'>,
): Ops<number> {
  const at = deps.now();
  // Taking over the journal is a start-up: every UNKNOWN row waits a full grace from now (reconcile/resolve.ts).
  noteStartup(deps.store, at, monotonicNow(deps));
  const pg = (yield* engine()) === 'pg';
  const schedule = scheduleFor(deps.timing);
  return yield* transaction(function* () {
    const expired = pg
      ? yield* recoverExpiredChunksOps({ nowMs: at.getTime(), at, schedule, log: deps.log })
      : { rows: 0, chunks: 0 };
    const sending = pg
      ? yield* all<{ id: number }>(
          q`SELECT p.id FROM payouts p LEFT JOIN chunks c ON c.id = p.chunk_id
            WHERE p.state = 'SENDING' AND (c.id IS NULL OR c.lease_owner IS NULL) ORDER BY p.id`,
        )
      : yield* all<{ id: number }>(q`SELECT id FROM payouts WHERE state = 'SENDING' ORDER BY id`);
    yield* transitionPayoutsOps(
      sending.map((r) => ({
        id: r.id,
        from: 'SENDING' as const,
        to: 'UNKNOWN' as const,
        action: 'startup',
        data: { reason: 'interrupted' },
      })),
      { at, schedule, log: deps.log },
    );
    const chunks = pg
      ? yield* all<{ id: number }>(q`SELECT id FROM chunks WHERE state = 'SENDING' AND lease_owner IS NULL ORDER BY id`)
      : yield* all<{ id: number }>(q`SELECT id FROM chunks WHERE state = 'SENDING'`);
    for (const c of chunks) yield* transitionChunkOps(c.id, ['SENDING'], 'UNKNOWN', { at, action: 'startup' });
    if (sending.length) deps.log.warn('reconcile.interrupted', { rows: sending.length, chunks: chunks.length });
    return sending.length + expired.rows;
  });
}
