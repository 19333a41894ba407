import type { ApiProfile, EnkashProfile, Environment } from '../../../shared/settings/api-profile';
import type { Db } from '../../db/open';
import { type Store, storeIdentity } from '../../db/store/store';
import type { EnkashClient } from '../../enkash/client';
import type { Logger } from '../../log';
import type { BatchProgress } from './progress';
import type { PayoutState } from './states';

/**
 * An EnKash session as the journal sees it: the same shape as services/enkash-access.ts EnkashSession, written out
 * here because the journal, the bottom layer, imports no service.
 */
export type JournalSession = { client: EnkashClient; environment: Environment; profile: EnkashProfile };

/**
 * What the journal services need, injected: no Electron, no globals, no app context (the journal is the bottom
 * layer). `journalDepsFromContext` (services/lifecycle.ts) builds it from the app's MainContext; the CLI and tests
 * build it directly.
 */
export type JournalDeps = {
  /**
   * The journal's database on either engine (issue 13): converted services hand it storage work (db/store/ops.ts).
   * `db` is the same database for code not yet converted; on PostgreSQL it is `sqliteOnly(store)`, which refuses use.
   */
  store: Store;
  db: Db;
  /** The EnKash client for the current environment (MainContext.enkash.session). Only called to send/search. */
  session: () => Promise<JournalSession>;
  /** The environment in Settings; batches are tagged with it and only ever sent to it. */
  environment: () => Environment;
  /** The API profile in Settings (chunk size, mode limits, operating windows). */
  profile: () => ApiProfile;
  now: () => Date;
  /**
   * A monotonic clock in milliseconds (default: performance.now). Wall time can jump (NTP, a user changing the
   * clock, a laptop waking); within a run every grace must also have elapsed on this clock (issue 9 point 9).
   */
  monotonicMs?: () => number;
  log: Logger;
  /**
   * Progress for the renderer. A callback rather than the IPC events themselves, so the journal stays free of
   * Electron and the CLI can print the same progress (services/lifecycle.ts maps it onto `batchProgress`).
   */
  emit?: (event: JournalEvent) => void;
  timing: JournalTiming;
  /**
   * How many days a cached bank-account check stays valid (Settings, issue 12; default 90). Staging and pre-flight
   * read the verification cache with it, so they never trust an older answer than the import preview does.
   */
  verificationCacheDays?: () => number;
};

/** Every delay of the journal, so tests run in milliseconds and support can tune a slow EnKash. */
export type JournalTiming = {
  /** Chunk requests in flight at once per batch (EnKash's rate limits are undocumented: keep it low). */
  concurrency: number;
  /** An UNKNOWN row is resent only when a search made this long after its last send did not find it. */
  unknownGraceMs: number;
  /** How often an UNKNOWN row is searched for. */
  unknownRecheckMs: number;
  /** Poll delays for PENDING/PROCESSING after each check; the last one repeats. */
  pollDelaysMs: readonly number[];
  /** SUCCESS rows are re-checked for REVERSED this long after success… */
  reversalWatchMs: number;
  /** …this often. */
  reversalCheckEveryMs: number;
  /** Waits between retries when EnKash could not be reached at all; after the last one the batch pauses. */
  unreachableRetryDelaysMs: readonly number[];
  /** Automatic identical resends of one UNKNOWN row before it is left for a person to look at. */
  maxAutoResends: number;
  /** Rows of one chunk that make a search by batchTransactionId cheaper than one search per row. */
  searchByBatchMin: number;
  /**
   * How long a claimed chunk stays ours without a renewal (PostgreSQL, several servers); renewed every third of it
   * while its request is in flight. Default DEFAULT_CHUNK_LEASE_MS.
   */
  chunkLeaseMs?: number;
};

export const DEFAULT_CHUNK_LEASE_MS = 60_000;

export const DEFAULT_TIMING: JournalTiming = {
  concurrency: 2,
  unknownGraceMs: 120_000,
  unknownRecheckMs: 15_000,
  pollDelaysMs: [30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000],
  reversalWatchMs: 3 * 24 * 3600_000,
  reversalCheckEveryMs: 6 * 3600_000,
  unreachableRetryDelaysMs: [1_000, 2_000, 5_000, 10_000, 30_000],
  maxAutoResends: 10,
  searchByBatchMin: 3,
};

/** Progress and state events; `progress` is the whole current picture so a reloaded renderer loses nothing. */
export type JournalEvent =
  | { type: 'progress'; batchId: number; progress: BatchProgress }
  | { type: 'batch-state'; batchId: number; state: string; reason?: string };

/** When the poller should look at a row next, right after it moved to `to`. */
export function scheduleFor(timing: JournalTiming) {
  return (to: PayoutState, at: Date): string | null => {
    const t = at.getTime();
    switch (to) {
      case 'PENDING':
      case 'PROCESSING':
        return new Date(t + (timing.pollDelaysMs[0] ?? 30_000)).toISOString();
      case 'SUCCESS':
        return new Date(t + timing.reversalCheckEveryMs).toISOString();
      case 'UNKNOWN':
        // Searched for at once: most unknown outcomes are settled by the first search.
        return new Date(t).toISOString();
      default:
        return null;
    }
  };
}

/** The monotonic time of `deps` now. */
export function monotonicNow(deps: Pick<JournalDeps, 'monotonicMs'>): number {
  return deps.monotonicMs ? deps.monotonicMs() : performance.now();
}

/**
 * Per database and per payout, the monotonic time of the row's last departure in this run. In memory only: a
 * monotonic time means nothing after a restart, where the start-up time (recovery.ts noteStartup) takes over.
 */
const departures = new WeakMap<object, Map<number, number>>();

export function noteDepartures(deps: Pick<JournalDeps, 'store' | 'monotonicMs'>, payoutIds: readonly number[]): void {
  const key = storeIdentity(deps.store);
  let m = departures.get(key);
  if (!m) departures.set(key, (m = new Map()));
  const t = monotonicNow(deps);
  for (const id of payoutIds) m.set(id, t);
}

/** The monotonic time of the row's last departure in this run; undefined when it left in an earlier run. */
export function departedAt(store: Store, payoutId: number): number | undefined {
  return departures.get(storeIdentity(store))?.get(payoutId);
}
