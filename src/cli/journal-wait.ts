import { formatPaise } from '../shared/domain/money';
import type { JournalDeps, JournalEvent } from '../main/services/journal/deps';
import { createStoreLease, DEFAULT_LEASE_TTL_MS, type LeaseHolder } from '../main/services/journal/lease';
import { markInterruptedOps } from '../main/services/journal/recovery';
import { reconcileTick } from '../main/services/reconcile/startup';
import type { BatchProgress } from '../main/services/journal/progress';
import type { CliIo } from './command';
import { unresolvedCountOps } from './journal-counts';

/** Shared by `submit` and `reconcile`: progress lines on stderr and the "until nothing is unknown" loop. */

export function progressLine(p: BatchProgress): string {
  const eta = p.etaMs !== null && p.remaining > 0 ? ` · ETA ${Math.ceil(p.etaMs / 1000)}s` : '';
  return (
    `batch #${p.batchId} ${p.state}: sent ${p.sent}/${p.rowCount} · accepted ${p.accepted} · rejected ${p.rejected}` +
    ` · unknown ${p.unknown} · remaining ${p.remaining} · ${formatPaise(p.amountSentPaise)} sent${eta}`
  );
}

/** An emit callback that prints progress to stderr, at most every `everyMs` (always the final state). */
export function stderrProgress(io: CliIo, everyMs = 500): (e: JournalEvent) => void {
  let last = 0;
  return (e) => {
    if (e.type === 'batch-state') {
      io.err(`batch #${e.batchId} → ${e.state}${e.reason ? ` (${e.reason})` : ''}`);
      return;
    }
    const now = Date.now();
    const done = e.progress.remaining === 0 && e.progress.unknown === 0;
    if (!done && now - last < everyMs) return;
    last = now;
    io.err(progressLine(e.progress));
  };
}

/** Rows of the environment (optionally one batch) that are SENDING or UNKNOWN. */
export function unresolvedCount(deps: Pick<JournalDeps, 'store' | 'environment'>, batchId?: number): Promise<number> {
  return deps.store.run(unresolvedCountOps(deps.environment(), batchId));
}

/**
 * Reconciler rounds until no row is SENDING/UNKNOWN (for `batchId`, or the whole environment) or `timeoutMs`
 * passes. Returns the number still unresolved.
 */
export async function waitUntilResolved(
  deps: JournalDeps,
  opts: { batchId?: number; timeoutMs: number; everyMs: number },
): Promise<number> {
  const deadline = Date.now() + opts.timeoutMs;
  const { client } = await deps.session();
  for (;;) {
    const left = await unresolvedCount(deps, opts.batchId);
    if (left === 0 || Date.now() >= deadline) return left;
    try {
      await reconcileTick(deps, client);
    } catch (error) {
      deps.log.warn('cli.reconcile_round_failed', { error: (error as Error).message });
    }
    if ((await unresolvedCount(deps, opts.batchId)) === 0) return 0;
    await new Promise((r) => setTimeout(r, opts.everyMs));
  }
}

/**
 * The CLI's share of the journal lease (issue 9 point 4): take it if nobody live holds it — then start-up
 * recovery runs in the same transaction and a heartbeat keeps it while the command works — or learn who holds it
 * (then this run stages and reads only). Either engine (the Store's lease). `stop` releases it.
 */
export type CliLease = {
  owner: boolean;
  holder: LeaseHolder | null;
  /** Rows found SENDING (left by a dead owner) and turned UNKNOWN when the lease was taken. */
  recovered: number;
  /** Tries again (the owner may have exited); true once this run owns the journal. */
  retry(): Promise<boolean>;
  stop(): Promise<void>;
};

export async function takeJournalLease(deps: JournalDeps, ttlMs = DEFAULT_LEASE_TTL_MS): Promise<CliLease> {
  const lease = createStoreLease(deps.store, { kind: 'cli', ttlMs });
  let timer: NodeJS.Timeout | null = null;
  const state: CliLease = {
    owner: false,
    holder: null,
    recovered: 0,
    async retry() {
      if (state.owner) return true;
      const got = await lease.tryAcquire(() => markInterruptedOps(deps));
      if (!got.acquired) {
        state.holder = got.holder;
        return false;
      }
      state.owner = true;
      state.recovered += got.recovered;
      state.holder = await lease.holder();
      timer = setInterval(
        () => {
          lease.renew().then(
            (kept) => {
              if (!kept) deps.log.error('journal.lease_lost', {});
            },
            (error: unknown) => deps.log.error('journal.lease_renew_failed', { error: (error as Error).message }),
          );
        },
        Math.max(10, Math.floor(ttlMs / 3)),
      );
      timer.unref();
      return true;
    },
    async stop() {
      if (timer) clearInterval(timer);
      // A lease we cannot release (the database went away) expires by itself; closing must still go on.
      await lease
        .release()
        .catch((error: unknown) => deps.log.warn('journal.lease_release_failed', { error: (error as Error).message }));
    },
  };
  try {
    await state.retry();
  } catch (error) {
    await lease.release().catch(() => undefined);
    throw error;
  }
  return state;
}
