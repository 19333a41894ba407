import { AppError, isAppError } from '../../../shared/domain/errors';
import { getBatchRow, setBatchLastError } from '../../db/repos/batches-repo';
import { stmt } from '../../db/prepared-cache';
import type { EnkashClient } from '../../enkash/client';
import type { JournalDeps } from './deps';
import { type BatchState, SENDABLE_BATCH_STATES } from './states';
import { transitionBatch } from './transition';
import { type BatchProgress, getBatchProgress } from './progress';
import { cancelBatch, type CancelResult } from './cancel';
import { sendChunk, sendSingle, type SendOutcome } from './send';

/**
 * The submission engine: sends a confirmed batch's READY rows — chunks through the batch call, loose rows
 * (single payouts, fixed REJECTED rows) through the single call — with bounded concurrency. It never decides
 * about UNKNOWN rows (the reconciler does) and never resends anything itself.
 *
 * EnKash unreachable (nothing sent) → wait and retry with the profile's delays, then pause the batch with the
 * reason; a refused login → pause at once (retrying could lock the account).
 */

export type { CancelResult } from './cancel';

export type EngineRunResult = { batchId: number; state: BatchState; reason?: string };

export type SubmissionEngine = {
  /** Sends the batch; resolves when nothing is left to send, or it was paused or cancelled. */
  start(batchId: number): Promise<EngineRunResult>;
  pause(batchId: number): boolean;
  resume(batchId: number): Promise<EngineRunResult>;
  cancel(batchId: number): CancelResult;
  isRunning(batchId: number): boolean;
  /** Progress from the database plus the running engine's ETA. */
  progress(batchId: number): BatchProgress;
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

type Item = { kind: 'chunk'; id: number } | { kind: 'single'; id: number };

const EMIT_EVERY_MS = 200;

export function createSubmissionEngine(deps: JournalDeps): SubmissionEngine {
  const runs = new Map<number, Run>();
  let gate: Promise<unknown> = Promise.resolve();

  const nextChunk = stmt(
    deps.db,
    `SELECT c.id FROM chunks c WHERE c.batch_id = ? AND c.state = 'READY'
       AND EXISTS (SELECT 1 FROM payouts p WHERE p.chunk_id = c.id AND p.state = 'READY') ORDER BY c.seq LIMIT ?`,
  );
  const nextLoose = stmt(
    deps.db,
    `SELECT p.id FROM payouts p LEFT JOIN chunks c ON c.id = p.chunk_id
     WHERE p.batch_id = ? AND p.state = 'READY' AND (p.chunk_id IS NULL OR c.state != 'READY') ORDER BY p.row_number, p.id LIMIT ?`,
  );
  const readyCount = stmt(deps.db, "SELECT count(*) AS n FROM payouts WHERE batch_id = ? AND state = 'READY'");

  function eta(batchId: number, remaining: number): number | null {
    const run = runs.get(batchId);
    if (!run || run.sentRows === 0 || remaining === 0) return run && remaining === 0 ? 0 : null;
    const elapsed = deps.now().getTime() - run.startedAt;
    return Math.round((elapsed / run.sentRows) * remaining);
  }

  function progress(batchId: number): BatchProgress {
    const p = getBatchProgress(deps.db, batchId);
    return { ...p, etaMs: eta(batchId, p.remaining) };
  }

  function emit(batchId: number, force = false): void {
    if (!deps.emit) return;
    const run = runs.get(batchId);
    const t = deps.now().getTime();
    if (!force && run && t - run.lastEmit < EMIT_EVERY_MS) return;
    if (run) run.lastEmit = t;
    deps.emit({ type: 'progress', batchId, progress: progress(batchId) });
  }

  function pauseWithReason(batchId: number, reason: string): void {
    const at = deps.now();
    const moved = transitionBatch(deps.db, batchId, SENDABLE_BATCH_STATES, 'PAUSED', {
      at,
      action: 'auto-pause',
      lastError: reason,
      data: { reason },
    });
    if (moved) deps.emit?.({ type: 'batch-state', batchId, state: 'PAUSED', reason });
    deps.log.warn('engine.paused', { batchId, reason });
  }

  async function execute(batchId: number, run: Run): Promise<EngineRunResult> {
    await gate.catch(() => undefined);
    const batch = getBatchRow(deps.db, batchId);
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
      pauseWithReason(batchId, reason);
      return { batchId, state: 'PAUSED', reason };
    }
    transitionBatch(deps.db, batchId, ['CONFIRMED'], 'SENDING', { at: deps.now(), action: 'start', lastError: null });
    setBatchLastError(deps.db, batchId, null);
    emit(batchId, true);

    const claimed = new Set<string>();
    let failures = 0;
    let stopReason: string | null = null;
    const delays = deps.timing.unreachableRetryDelaysMs;

    const take = (): Item | null => {
      // Only the first few candidates: the ones claimed by other workers (or skipped) are the only ones passed over.
      const look = claimed.size + 1;
      for (const r of nextChunk.all(batchId, look) as { id: number }[]) {
        if (!claimed.has(`c${r.id}`)) return { kind: 'chunk', id: r.id };
      }
      for (const r of nextLoose.all(batchId, look) as { id: number }[]) {
        if (!claimed.has(`s${r.id}`)) return { kind: 'single', id: r.id };
      }
      return null;
    };

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

    const worker = async () => {
      while (!run.stop && stopReason === null) {
        const item = take();
        if (!item) return;
        const key = `${item.kind === 'chunk' ? 'c' : 's'}${item.id}`;
        claimed.add(key);
        let outcome: SendOutcome;
        try {
          outcome =
            item.kind === 'chunk'
              ? await sendChunk(deps, client, item.id, 'first')
              : await sendSingle(deps, client, item.id, 'first');
        } finally {
          claimed.delete(key);
        }
        if (outcome.kind === 'skipped') {
          // The batch was paused or cancelled under us, or the item is gone: look again from the top.
          const b = getBatchRow(deps.db, batchId);
          if (!b || !SENDABLE_BATCH_STATES.includes(b.state)) return;
          claimed.add(key); // not sendable now; do not spin on it in this run
          continue;
        }
        if (outcome.kind !== 'not-sent') {
          run.sentRows += outcome.rows;
          failures = 0;
          emit(batchId);
          continue;
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
      }
    };

    const workers = Array.from({ length: Math.max(1, deps.timing.concurrency) }, () => worker());
    await Promise.all(workers);
    if (stopReason !== null) {
      pauseWithReason(batchId, stopReason);
    } else if (!run.stop && (readyCount.get(batchId) as { n: number }).n === 0) {
      transitionBatch(deps.db, batchId, ['SENDING'], 'SENT', { at: deps.now(), action: 'all-sent' });
    }
    emit(batchId, true);
    const after = getBatchRow(deps.db, batchId)!;
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
    pause(batchId) {
      const moved = transitionBatch(deps.db, batchId, SENDABLE_BATCH_STATES, 'PAUSED', {
        at: deps.now(),
        action: 'pause',
      });
      halt(batchId);
      if (moved) deps.emit?.({ type: 'batch-state', batchId, state: 'PAUSED' });
      return moved;
    },
    async resume(batchId) {
      await runs.get(batchId)?.promise.catch(() => undefined);
      transitionBatch(deps.db, batchId, ['PAUSED'], 'SENDING', { at: deps.now(), action: 'resume', lastError: null });
      return start(batchId);
    },
    cancel(batchId) {
      const result = cancelBatch(deps, batchId);
      halt(batchId);
      deps.emit?.({ type: 'batch-state', batchId, state: 'CANCELLED' });
      emit(batchId, true);
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
