import { AppError } from '../../../shared/domain/errors';
import { appendAuditOps, auditWriter, type AuditWriter } from '../../db/audit';
import type { Db } from '../../db/open';
import { sqlInList } from '../../db/sql-in';
import { engine, get, named, type Ops, q, run, transaction } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import {
  type BatchState,
  canTransitionBatch,
  canTransitionChunk,
  type ChunkState,
  FINISHED_BATCH_STATES,
} from './states';

/*
 * The journal's writer for batches and chunks (transition.ts writes payouts): each move checked against its state
 * machine, the row locked on PostgreSQL, updated and audited in one transaction.
 */

/** Moves a batch (checked, audited). Returns false when it was not in one of `from`. */
export function transitionBatch(
  db: Db,
  batchId: number,
  from: readonly BatchState[],
  to: BatchState,
  opts: BatchMoveOptions,
): boolean {
  return runSqlite(db, transitionBatchOps(batchId, from, to, opts));
}

export type BatchMoveOptions = {
  at: Date;
  action: string;
  data?: Record<string, unknown>;
  lastError?: string | null;
};

const BATCH_UPDATE = `UPDATE batches SET state = @to,
  confirmed_at = CASE WHEN @to = 'CONFIRMED' THEN @at ELSE confirmed_at END,
  finished_at = CASE WHEN @to IN (${sqlInList(FINISHED_BATCH_STATES)}) THEN @at WHEN @to = 'SENDING' THEN NULL ELSE finished_at END,
  last_error = CASE WHEN @setError = 1 THEN @lastError ELSE last_error END
  WHERE id = @id`;

export function* transitionBatchOps(
  batchId: number,
  from: readonly BatchState[],
  to: BatchState,
  opts: BatchMoveOptions,
): Ops<boolean> {
  const pg = (yield* engine()) === 'pg';
  return yield* transaction(function* () {
    const row = pg
      ? yield* get<{ state: BatchState }>(q`SELECT state FROM batches WHERE id = ${batchId} FOR UPDATE`)
      : yield* get<{ state: BatchState }>(q`SELECT state FROM batches WHERE id = ${batchId}`);
    if (!row || !from.includes(row.state)) return false;
    if (!canTransitionBatch(row.state, to)) {
      throw new AppError('internal', `Journal refused the batch move ${row.state} → ${to}.`, { batchId });
    }
    const at = opts.at.toISOString();
    yield* run(
      named(BATCH_UPDATE, {
        id: batchId,
        to,
        at,
        setError: opts.lastError === undefined ? 0 : 1,
        lastError: opts.lastError ?? null,
      }),
    );
    yield* appendAuditOps({
      at,
      entity: 'batch',
      entityId: String(batchId),
      action: opts.action,
      fromState: row.state,
      toState: to,
      data: opts.data ?? {},
    });
    return true;
  });
}

export type ChunkMoveOptions = {
  at: Date;
  action: string;
  landed?: boolean;
  data?: Record<string, unknown>;
  /** The caller's audit writer for more entries in the same transaction (see TransitionOptions.audit). */
  audit?: AuditWriter;
};

/** Moves a chunk (checked, audited). `sendAttempt` counts a departure. Returns false when not in `from`. */
export function transitionChunk(
  db: Db,
  chunkId: number,
  from: readonly ChunkState[],
  to: ChunkState,
  opts: ChunkMoveOptions,
): boolean {
  return runSqlite(db, transitionChunkOps(chunkId, from, to, opts));
}

const CHUNK_UPDATE = `UPDATE chunks SET state = @to,
  sent_at = CASE WHEN @to = 'SENDING' THEN @at ELSE sent_at END,
  attempts = attempts + (CASE WHEN @to = 'SENDING' THEN 1 ELSE 0 END),
  landed = CASE WHEN @landed = 1 THEN 1 ELSE landed END
  WHERE id = @id`;

export function* transitionChunkOps(
  chunkId: number,
  from: readonly ChunkState[],
  to: ChunkState,
  opts: ChunkMoveOptions,
): Ops<boolean> {
  const pg = (yield* engine()) === 'pg';
  return yield* transaction(function* () {
    type ChunkRow = { state: ChunkState; btid: string };
    const row = pg
      ? yield* get<ChunkRow>(q`SELECT state, batch_transaction_id AS btid FROM chunks WHERE id = ${chunkId} FOR UPDATE`)
      : yield* get<ChunkRow>(q`SELECT state, batch_transaction_id AS btid FROM chunks WHERE id = ${chunkId}`);
    if (!row || !from.includes(row.state)) return false;
    if (!canTransitionChunk(row.state, to)) {
      throw new AppError('internal', `Journal refused the chunk move ${row.state} → ${to}.`, { chunkId });
    }
    const at = opts.at.toISOString();
    yield* run(named(CHUNK_UPDATE, { id: chunkId, to, at, landed: opts.landed ? 1 : 0 }));
    yield* (opts.audit ?? auditWriter()).append({
      at,
      entity: 'chunk',
      entityId: row.btid,
      action: opts.action,
      fromState: row.state,
      toState: to,
      data: { chunkId, ...opts.data },
    });
    return true;
  });
}
