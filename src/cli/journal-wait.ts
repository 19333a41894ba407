import { formatPaise } from '../shared/domain/money';
import { stmt } from '../main/db/prepared-cache';
import { sqlInList } from '../main/db/sql-in';
import { UNRESOLVED_STATES } from '../shared/domain/payout-states';
import type { JournalDeps, JournalEvent } from '../main/services/journal/deps';
import { createJournalLease, DEFAULT_LEASE_TTL_MS, type LeaseHolder } from '../main/services/journal/lease';
import { markInterrupted } from '../main/services/journal/recovery';
import { reconcileTick } from '../main/services/reconcile/startup';
import type { BatchProgress } from '../main/services/journal/progress';
import type { CliIo } from './command';

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
export function unresolvedCount(deps: JournalDeps, batchId?: number): number {
  const sql = `SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
    WHERE b.environment = ? AND p.state IN (${sqlInList(UNRESOLVED_STATES)})${batchId === undefined ? '' : ' AND p.batch_id = ?'}`;
  const args: unknown[] = [deps.environment()];
  if (batchId !== undefined) args.push(batchId);
  return (stmt(deps.db, sql).get(...args) as { n: number }).n;
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
    const left = unresolvedCount(deps, opts.batchId);
    if (left === 0 || Date.now() >= deadline) return left;
    try {
      await reconcileTick(deps, client);
    } catch (error) {
      deps.log.warn('cli.reconcile_round_failed', { error: (error as Error).message });
    }
    if (unresolvedCount(deps, opts.batchId) === 0) return 0;
    await new Promise((r) => setTimeout(r, opts.everyMs));
  }
}

/**
 * The CLI's share of the journal lease (issue 9 point 4): take it if nobody live holds it — then start-up
 * recovery runs in the same IMMEDIATE transaction and a heartbeat keeps it while the command works — or learn
 * who holds it (then this run stages and reads only). `stop` releases it.
 */
export type CliLease = {
  owner: boolean;
  holder: LeaseHolder | null;
  /** Rows found SENDING (left by a dead owner) and turned UNKNOWN when the lease was taken. */
  recovered: number;
  /** Tries again (the owner may have exited); true once this run owns the journal. */
  retry(): boolean;
  stop(): void;
};

export function takeJournalLease(deps: JournalDeps, ttlMs = DEFAULT_LEASE_TTL_MS): CliLease {
  const lease = createJournalLease(deps.db, { kind: 'cli', ttlMs });
  let timer: NodeJS.Timeout | null = null;
  const state: CliLease = {
    owner: false,
    holder: null,
    recovered: 0,
    retry() {
      if (state.owner) return true;
      const got = lease.tryAcquire(() => markInterrupted(deps));
      if (!got.acquired) {
        state.holder = got.holder;
        return false;
      }
      state.owner = true;
      state.recovered += got.recovered;
      state.holder = lease.holder();
      timer = setInterval(
        () => {
          if (!lease.renew()) deps.log.error('journal.lease_lost', {});
        },
        Math.max(10, Math.floor(ttlMs / 3)),
      );
      timer.unref();
      return true;
    },
    stop() {
      if (timer) clearInterval(timer);
      lease.release();
    },
  };
  state.retry();
  return state;
}
