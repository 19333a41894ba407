import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/domain/errors';
import { getBatchRowOps, setBatchLastErrorOps } from '../../db/repos/batches-repo';
import type { EnkashClient } from '../../enkash/client';
import { DEFAULT_CHUNK_LEASE_MS, type JournalDeps } from './deps';
import { type BatchState, SENDABLE_BATCH_STATES } from './states';
import { transitionBatchOps } from './transition';
import { type BatchProgress, getBatchProgressOps } from './progress';
import { cancelBatchOps, type CancelResult } from './cancel';
import { ChainDeclined, type SendOutcome } from './send';
import { type Chained, type Item, type LaneContext, runLane } from './engine-lane';
import { claimChunkDepartureOps } from './send-claim';
import { payeeRoutingOf } from './payee-routing';
import type { Ops } from '../../db/store/ops';
import { claimChunkOps, releaseChunkLeaseOps, renewChunkLeaseOps } from './chunk-leases';
import { nextLooseOps, readyCountOps } from './engine-work';
import { journalOwnerId } from './lease';

/**
 * The submission engine: sends a confirmed batch's READY rows — chunks through the batch call, loose rows
 * (single payouts, fixed REJECTED rows) through the single call — with bounded concurrency. It never decides
 * about UNKNOWN rows (the reconciler does) and never resends anything itself. All its storage work goes through
 * `deps.store`, so the same engine runs on SQLite and PostgreSQL (issue 13 point 2).
 *
 * EnKash unreachable (nothing sent) → wait and retry with the profile's delays, then pause the batch with the
 * reason; a refused login → pause at once (retrying could lock the account).
 */

export type { CancelResult } from './cancel';

export type EngineRunResult = { batchId: number; state: BatchState; reason?: string };

export type SubmissionEngine = {
  /** Sends the batch; resolves when nothing is left to send, or it was paused or cancelled. */
  start(batchId: number): Promise<EngineRunResult>;
  /** True when the batch moved to PAUSED; the run stops after its in-flight requests. */
  pause(batchId: number): Promise<boolean>;
  resume(batchId: number): Promise<EngineRunResult>;
  cancel(batchId: number): Promise<CancelResult>;
  isRunning(batchId: number): boolean;
  /** Progress from the database plus the running engine's ETA. */
  progress(batchId: number): Promise<BatchProgress>;
  /** Nothing is sent before `gate` settles (start-up reconciliation must finish first). */
  setGate(gate: Promise<unknown>): void;
  /** Stops every run after its in-flight requests (app shutdown); batches stay SENDING and resume at start-up. */
  stopAll(): Promise<void>;
};

type Run = {
  promise: Promise<EngineRunResult>;
  stop: boolean;
  wake: (() => void) | null;
  startedAt: number;
  sentRows: number;
  lastEmit: number;
};

const EMIT_EVERY_MS = 200;

export function createSubmissionEngine(deps: JournalDeps): SubmissionEngine {
  const runs = new Map<number, Run>();
  const store = deps.store;
  let gate: Promise<unknown> = Promise.resolve();
  // The name this engine claims chunks and declares departures under (PostgreSQL: one of several servers on one
  // database): the journal lease's owner once this process holds one (runtime.ts), so loose rows pass migration
  // 011's check too; an engine run without the lease (tests, tools) still owns the chunks it claims.
  const ownLease = randomUUID();
  const ownerId = () => journalOwnerId(store) ?? ownLease;
  const leaseMs = deps.timing.chunkLeaseMs ?? DEFAULT_CHUNK_LEASE_MS;

  function eta(batchId: number, remaining: number): number | null {
    const run = runs.get(batchId);
    if (!run || run.sentRows === 0 || remaining === 0) return run && remaining === 0 ? 0 : null;
    const elapsed = deps.now().getTime() - run.startedAt;
    return Math.round((elapsed / run.sentRows) * remaining);
  }

  async function progress(batchId: number): Promise<BatchProgress> {
    const p = await store.run(getBatchProgressOps(batchId));
    return { ...p, etaMs: eta(batchId, p.remaining) };
  }

  async function emit(batchId: number, force = false): Promise<void> {
    if (!deps.emit) return;
    const run = runs.get(batchId);
    const t = deps.now().getTime();
    if (!force && run && t - run.lastEmit < EMIT_EVERY_MS) return;
    if (run) run.lastEmit = t;
    deps.emit({ type: 'progress', batchId, progress: await progress(batchId) });
  }

  async function pauseWithReason(batchId: number, reason: string): Promise<void> {
    const at = deps.now();
    const moved = await store.run(
      transitionBatchOps(batchId, SENDABLE_BATCH_STATES, 'PAUSED', {
        at,
        action: 'auto-pause',
        lastError: reason,
        data: { reason },
      }),
    );
    if (moved) deps.emit?.({ type: 'batch-state', batchId, state: 'PAUSED', reason });
    deps.log.warn('engine.paused', { batchId, reason });
  }

  /**
   * Keeps our lease on a claimed chunk alive from its claim until its answer is recorded (PostgreSQL: other servers
   * take chunks whose lease expired); the returned function stops that and lets the chunk go. SQLite's single owner
   * needs neither (the ops are no-ops there): no timer on the desk's hot path.
   */
  function holdLease(chunkId: number, owner: string): () => Promise<void> {
    if (store.engine !== 'pg') return async () => undefined;
    const renew = setInterval(
      () =>
        void store
          .run(renewChunkLeaseOps(chunkId, owner, deps.now().getTime(), leaseMs))
          .then((ours) => {
            if (!ours) deps.log.error('engine.chunk_lease_lost', { chunkId });
          })
          .catch((e: unknown) => deps.log.warn('engine.chunk_lease_renew_failed', { chunkId, error: String(e) })),
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    return async () => {
      clearInterval(renew);
      await store.run(releaseChunkLeaseOps(chunkId, owner));
    };
  }

  async function execute(batchId: number, run: Run): Promise<EngineRunResult> {
    await gate.catch(() => undefined);
    const batch = await store.run(getBatchRowOps(batchId));
    if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
    if (!SENDABLE_BATCH_STATES.includes(batch.state)) return { batchId, state: batch.state };
    if (batch.environment !== deps.environment()) {
      throw new AppError(
        'conflict',
        `Batch #${batchId} belongs to ${batch.environment}; Settings are on ${deps.environment()}.`,
      );
    }
    let client: EnkashClient;
    try {
      const session = await deps.session();
      if (session.environment !== batch.environment)
        throw new AppError('conflict', 'The EnKash session is for another environment.');
      client = session.client;
    } catch (error) {
      if (isAppError(error) && error.code === 'conflict') throw error;
      const reason = isAppError(error) ? error.message : 'EnKash could not be reached.';
      await pauseWithReason(batchId, reason);
      return { batchId, state: 'PAUSED', reason };
    }
    await store.run(
      transitionBatchOps(batchId, ['CONFIRMED'], 'SENDING', { at: deps.now(), action: 'start', lastError: null }),
    );
    await store.run(setBatchLastErrorOps(batchId, null));
    await emit(batchId, true);

    // Chunk and row ids in work (or skipped) in this run, by kind; a worker takes the first one not in them.
    const claimedChunks = new Set<number>();
    const claimedRows = new Set<number>();
    let failures = 0;
    let stopReason: string | null = null;
    const delays = deps.timing.unreachableRetryDelaysMs;

    // Synchronous on SQLite; on PostgreSQL two workers may look at once, so the claim is marked before any await
    // could let the other worker pick the same item (the chunk lease keeps other servers off it).
    let looking: Promise<unknown> = Promise.resolve();
    const take = (): Promise<Item | null> => {
      const next = looking.then(async (): Promise<Item | null> => {
        const owner = ownerId();
        const chunk = await store.run(
          claimChunkOps({ batchId, ownerId: owner, nowMs: deps.now().getTime(), leaseMs, exclude: [...claimedChunks] }),
        );
        if (chunk) {
          claimedChunks.add(chunk.chunkId);
          return { kind: 'chunk', id: chunk.chunkId, owner };
        }
        const loose = await store.run(nextLooseOps(batchId, [...claimedRows]));
        if (loose === null) return null;
        claimedRows.add(loose);
        return { kind: 'single', id: loose, owner };
      });
      looking = next.catch(() => undefined);
      return next;
    };
    const unclaim = (item: Item) => (item.kind === 'chunk' ? claimedChunks : claimedRows).delete(item.id);
    const reclaim = (item: Item) => (item.kind === 'chunk' ? claimedChunks : claimedRows).add(item.id);

    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          run.wake = null;
          resolve();
        }, ms);
        run.wake = () => {
          clearTimeout(t);
          run.wake = null;
          resolve();
        };
      });

    /**
     * The next chunk, claimed (lease and SENDING) inside the transaction that records the previous answer — one
     * commit per chunk instead of two. Nothing chained while the run is stopping, nor under payee routing
     * `registered` (its payees must be registered, over the network, before the claim).
     */
    const chainNext = (): (() => Ops<Chained | null>) | undefined =>
      payeeRoutingOf(deps.profile()) === 'registered'
        ? undefined
        : function* () {
            if (run.stop || stopReason !== null) return null;
            const owner = ownerId();
            const now = deps.now();
            const lease = { batchId, ownerId: owner, nowMs: now.getTime(), leaseMs, exclude: [...claimedChunks] };
            const chunk = yield* claimChunkOps(lease);
            if (!chunk) return null;
            const ctx = { at: now, profile: deps.profile(), log: deps.log, ownerId: owner };
            const claim = yield* claimChunkDepartureOps(chunk.chunkId, 'first', ctx);
            // Not sendable after all: roll the lease back with it (the savepoint), the ordinary claim sorts it out.
            if (!claim) throw new ChainDeclined();
            return { item: { kind: 'chunk', id: chunk.chunkId, owner }, claim };
          };

    /** What the worker does after an outcome: go on, or stop taking work (what is claimed still leaves). */
    const afterOutcome = async (item: Item, outcome: SendOutcome): Promise<'go' | 'stop'> => {
      if (outcome.kind === 'skipped') {
        // The batch was paused or cancelled under us, or the item is gone: look again from the top.
        const b = await store.run(getBatchRowOps(batchId));
        if (!b || !SENDABLE_BATCH_STATES.includes(b.state)) return 'stop';
        reclaim(item); // not sendable now; do not spin on it in this run
        return 'go';
      }
      if (outcome.kind !== 'not-sent') {
        run.sentRows += outcome.rows;
        failures = 0;
        await emit(batchId);
        return 'go';
      }
      failures++;
      const err = outcome.error;
      if (
        (err.code === 'auth_failed' && (err.details?.locked === true || err.details?.retryable === false)) ||
        err.code === 'credentials_missing' ||
        err.code === 'credentials_unavailable'
      ) {
        stopReason = err.message;
      } else if (failures > delays.length) {
        stopReason = `EnKash could not be reached after ${failures} attempts: ${err.message}`;
      } else {
        await sleep(delays[failures - 1] ?? 1000);
      }
      return 'go';
    };

    const lane: LaneContext = {
      deps,
      client,
      take,
      unclaim,
      claimed: (chunkId) => claimedChunks.add(chunkId),
      chainNext: chainNext(),
      stopping: () => run.stop || stopReason !== null,
      afterOutcome,
      holdLease,
    };

    const workers = Array.from({ length: Math.max(1, deps.timing.concurrency) }, () => runLane(lane));
    await Promise.all(workers);
    if (stopReason !== null) {
      await pauseWithReason(batchId, stopReason);
    } else if (!run.stop && (await store.run(readyCountOps(batchId))) === 0) {
      await store.run(transitionBatchOps(batchId, ['SENDING'], 'SENT', { at: deps.now(), action: 'all-sent' }));
    }
    await emit(batchId, true);
    const after = (await store.run(getBatchRowOps(batchId)))!;
    return { batchId, state: after.state, reason: stopReason ?? undefined };
  }

  function start(batchId: number): Promise<EngineRunResult> {
    const existing = runs.get(batchId);
    if (existing) return existing.promise;
    const run: Run = {
      promise: Promise.resolve(null as never),
      stop: false,
      wake: null,
      startedAt: deps.now().getTime(),
      sentRows: 0,
      lastEmit: 0,
    };
    run.promise = execute(batchId, run).finally(() => {
      runs.delete(batchId);
    });
    runs.set(batchId, run);
    return run.promise;
  }

  function halt(batchId: number): void {
    const run = runs.get(batchId);
    if (!run) return;
    run.stop = true;
    run.wake?.();
  }

  return {
    start,
    async pause(batchId) {
      const moved = await store.run(
        transitionBatchOps(batchId, SENDABLE_BATCH_STATES, 'PAUSED', { at: deps.now(), action: 'pause' }),
      );
      halt(batchId);
      if (moved) deps.emit?.({ type: 'batch-state', batchId, state: 'PAUSED' });
      return moved;
    },
    async resume(batchId) {
      await runs.get(batchId)?.promise.catch(() => undefined);
      await store.run(
        transitionBatchOps(batchId, ['PAUSED'], 'SENDING', { at: deps.now(), action: 'resume', lastError: null }),
      );
      return start(batchId);
    },
    async cancel(batchId) {
      const result = await store.run(cancelBatchOps(batchId, deps.now()));
      halt(batchId);
      deps.emit?.({ type: 'batch-state', batchId, state: 'CANCELLED' });
      await emit(batchId, true);
      return result;
    },
    isRunning: (batchId) => runs.has(batchId),
    progress,
    setGate(g) {
      gate = g;
    },
    async stopAll() {
      const pending = [...runs.keys()].map((id) => {
        halt(id);
        return runs.get(id)?.promise.catch(() => undefined);
      });
      await Promise.all(pending);
    },
  };
}
