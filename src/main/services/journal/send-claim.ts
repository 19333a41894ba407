import { auditWriter } from '../../db/audit';
import { getBatchRowOps, getChunkOps, type ChunkRow } from '../../db/repos/batches-repo';
import { getPayoutOps, payoutsOfChunkOps, type PayoutRow } from '../../db/repos/payouts-repo';
import { engine, get, q, transaction, type Ops } from '../../db/store/ops';
import type { BatchPayoutInput, PayoutInput } from '../../enkash/inputs';
import type { ApiProfile } from '../../../shared/settings/api-profile';
import type { Logger } from '../../log';
import { declareOwnerOps } from './chunk-leases';
import { SENDABLE_BATCH_STATES } from './states';
import { transitionChunkOps, transitionPayoutsOps } from './transition';
import { requestFor } from './request';
import type { SendMode } from './send-answers';
import { loadBatchRequestOps, loadSingleRequestOps, saveBatchRequestOps, saveSingleRequestOps } from './sent-requests';

/**
 * Step 1 of a departure (send.ts): the one transaction that commits SENDING and the request about to leave, as
 * storage work for either engine. Re-runnable as a whole (PostgreSQL retries it after a deadlock): it only reads and
 * writes the database, and anything worth logging is returned instead of logged.
 */

export type ClaimContext = {
  profile: ApiProfile;
  log?: Logger;
  at: Date;
  /**
   * Who departs, declared first in the transaction for PostgreSQL's departure check (migration 011): the holder of
   * the chunk's lease or of the journal lease. Null: nothing declared, and PostgreSQL refuses the departure.
   */
  ownerId: string | null;
};

export type ChunkClaim = {
  chunk: ChunkRow;
  rows: PayoutRow[];
  request: BatchPayoutInput;
  /** A resend whose stored request no longer covered exactly these rows (rebuilt from the rows instead). */
  storedMismatch: { stored: number; rows: number } | null;
};

/** Rows that moved between our read and our lock (PostgreSQL, another writer): roll back, nothing leaves. */
class ClaimLost extends Error {}

/**
 * PostgreSQL: hold the batch shared while SENDING is committed, so a cancel (cancel.ts, which takes it exclusively)
 * either finishes first — and this claim sees CANCELLED rows — or waits until the rows have left. SQLite's
 * IMMEDIATE transaction already excludes every other writer.
 */
function* holdBatch(pg: boolean, batchId: number): Ops<void> {
  if (pg) yield* get(q`SELECT id FROM batches WHERE id = ${batchId} FOR SHARE`);
}

function* lockChunk(pg: boolean, chunkId: number): Ops<void> {
  if (pg) yield* get(q`SELECT id FROM chunks WHERE id = ${chunkId} FOR UPDATE`);
}

function* claimed<T>(ctx: ClaimContext, body: () => Ops<T | null>): Ops<T | null> {
  try {
    return yield* transaction(function* () {
      if (ctx.ownerId !== null) yield* declareOwnerOps(ctx.ownerId, ctx.at.getTime());
      return yield* body();
    });
  } catch (error) {
    if (error instanceof ClaimLost) return null;
    throw error;
  }
}

/** The chunk's rows to send and its request, SENDING committed; null when there is nothing to send now. */
export function* claimChunkDepartureOps(chunkId: number, mode: SendMode, ctx: ClaimContext): Ops<ChunkClaim | null> {
  const pg = (yield* engine()) === 'pg';
  const { at } = ctx;
  return yield* claimed(ctx, function* () {
    const seen = yield* getChunkOps(chunkId);
    if (!seen) return null;
    if (mode === 'first') yield* holdBatch(pg, seen.batchId);
    yield* lockChunk(pg, chunkId);
    const chunk = pg ? yield* getChunkOps(chunkId) : seen;
    if (!chunk) return null;
    if (mode === 'first') {
      const batch = yield* getBatchRowOps(chunk.batchId);
      if (!batch || !SENDABLE_BATCH_STATES.includes(batch.state) || chunk.state !== 'READY') return null;
    } else if (chunk.state !== 'UNKNOWN' || chunk.landed) {
      return null;
    }
    const rows = yield* payoutsOfChunkOps(chunkId, [mode === 'first' ? 'READY' : 'UNKNOWN']);
    if (!rows.length) return null;
    let storedMismatch: ChunkClaim['storedMismatch'] = null;
    let request: BatchPayoutInput | null = null;
    if (mode === 'resend') {
      // The stored request, when it covers exactly the rows being resent (the same ids). Any other set means the
      // rows moved on since (a person settled some) and the stored body would send payouts we no longer mean to.
      const stored = yield* loadBatchRequestOps(chunkId);
      if (stored) {
        const ids = new Set(rows.map((r) => r.transactionId.toUpperCase()));
        const same =
          stored.transfers.length === ids.size && stored.transfers.every((t) => ids.has(t.transactionId.toUpperCase()));
        if (same) request = stored;
        else storedMismatch = { stored: stored.transfers.length, rows: ids.size };
      }
    }
    const action = mode === 'first' ? 'send' : 'resend';
    // One writer for the chunk's entry and its rows': a failure in either rolls this whole claim back with it.
    const audit = auditWriter();
    const moved = yield* transitionChunkOps(chunkId, [chunk.state], 'SENDING', {
      at,
      action,
      audit,
      data: { rows: rows.length, ...(mode === 'resend' ? { persisted: request !== null } : {}) },
    });
    if (!moved) return null;
    const r = yield* transitionPayoutsOps(
      rows.map((row) => ({
        id: row.id,
        from: row.state,
        to: 'SENDING' as const,
        action,
        set: { lastRoute: 'batch' as const, nextCheckAt: null },
      })),
      { at, log: ctx.log, audit },
    );
    if (r.applied.length !== rows.length) throw new ClaimLost();
    if (!request) {
      // A first departure — or a resend of a chunk an older version sent, which stored no request: built from the
      // rows and today's profile (the best we have), and stored so every later resend repeats this one.
      request = {
        batchTransactionId: chunk.batchTransactionId,
        transfers: rows.map((row) => requestFor(row, ctx.profile)),
      };
      yield* saveBatchRequestOps(chunkId, request, at);
    }
    return { chunk, rows, request, storedMismatch };
  });
}

/** One row to send alone and its request, SENDING committed; null when it is not sendable now. */
export function* claimSingleDepartureOps(
  payoutId: number,
  mode: SendMode,
  ctx: ClaimContext,
): Ops<{ row: PayoutRow; request: PayoutInput } | null> {
  const pg = (yield* engine()) === 'pg';
  const { at } = ctx;
  return yield* claimed(ctx, function* () {
    const row = yield* getPayoutOps(payoutId);
    if (!row) return null;
    if (mode === 'first') {
      yield* holdBatch(pg, row.batchId);
      const batch = yield* getBatchRowOps(row.batchId);
      if (!batch || !SENDABLE_BATCH_STATES.includes(batch.state) || row.state !== 'READY') return null;
    } else if (row.state !== 'UNKNOWN') {
      return null;
    }
    const r = yield* transitionPayoutsOps(
      [
        {
          id: row.id,
          from: row.state,
          to: 'SENDING',
          action: mode === 'first' ? 'send' : 'resend',
          set: { lastRoute: 'single', nextCheckAt: null },
        },
      ],
      { at, log: ctx.log },
    );
    if (!r.applied.length) throw new ClaimLost();
    // A resend repeats the request this row last went out with under its current transactionId; a first
    // departure (or a row an older version sent, which stored none) is built now and stored.
    const stored = mode === 'resend' ? yield* loadSingleRequestOps(row.id, row.transactionId, row.chunkId) : null;
    const request: PayoutInput = stored ?? requestFor(row, ctx.profile);
    if (!stored) yield* saveSingleRequestOps(row.id, request, at);
    return { row, request };
  });
}
