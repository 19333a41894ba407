import { stmt } from '../../db/prepared-cache';
import { type JournalDeps, monotonicNow, scheduleFor } from './deps';
import { transitionChunk, transitionPayouts } from './transition';

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

const startups = new WeakMap<JournalDeps['db'], number>();
/** Start-up on the monotonic clock (issue 9 point 9): a wall-clock jump forward must not skip a grace. */
const startupsMonotonic = new WeakMap<JournalDeps['db'], number>();

/**
 * Start-up time of this process on `db`. The resend grace is counted from the later of the last departure and
 * this: the machine may have been off (or its clock set forward) for hours, and "sent long ago" must not pass
 * for "searched long after sending" before EnKash has been asked in this run.
 */
export function noteStartup(db: JournalDeps['db'], at: Date, monotonicAt: number = performance.now()): void {
  startups.set(db, at.getTime());
  startupsMonotonic.set(db, monotonicAt);
}

/** This process's start-up on `db`: wall time in ms and monotonic time; undefined before any start-up. */
export function startupOf(db: JournalDeps['db']): { wallMs: number | undefined; monotonic: number | undefined } {
  return { wallMs: startups.get(db), monotonic: startupsMonotonic.get(db) };
}

/** SENDING → UNKNOWN for rows and chunks of every environment (nothing can be in flight at start-up). */
export function markInterrupted(deps: JournalDeps): number {
  const at = deps.now();
  // Taking over the journal is a start-up: every UNKNOWN row waits a full grace from now (reconcile/resolve.ts).
  noteStartup(deps.db, at, monotonicNow(deps));
  return deps.db.transaction(() => {
    const sending = stmt(deps.db, "SELECT id FROM payouts WHERE state = 'SENDING' ORDER BY id").all() as {
      id: number;
    }[];
    transitionPayouts(
      deps.db,
      sending.map((r) => ({
        id: r.id,
        from: 'SENDING' as const,
        to: 'UNKNOWN' as const,
        action: 'startup',
        data: { reason: 'interrupted' },
      })),
      { at, schedule: scheduleFor(deps.timing), log: deps.log },
    );
    const chunks = stmt(deps.db, "SELECT id FROM chunks WHERE state = 'SENDING'").all() as { id: number }[];
    for (const c of chunks) transitionChunk(deps.db, c.id, ['SENDING'], 'UNKNOWN', { at, action: 'startup' });
    if (sending.length) deps.log.warn('reconcile.interrupted', { rows: sending.length, chunks: chunks.length });
    return sending.length;
  })();
}
