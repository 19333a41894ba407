import { all, engine, get, type Ops, q, run, transaction } from '../../db/store/ops';
import type { Logger } from '../../log';
import type { PayoutState } from './states';
import { transitionChunkOps, transitionPayoutsOps } from './transition';

/**
 * Chunk leases for sending (issue 13 point 2; DESIGN.md "One owner"). On SQLite the journal lease alone makes the
 * sender unique (one owner per file), so a claim is today's engine query and the lease calls are no-ops. On
 * PostgreSQL several servers may run the engine on one database: a claim takes the next sendable chunk under
 * `FOR UPDATE … SKIP LOCKED` (two claimers at the same moment pick different chunks instead of queueing) and writes a
 * lease with an expiry on the caller's clock; the lease, not the short row lock, holds the claim afterwards. The
 * database refuses a departure without it (PG migration 011, declared with `declareOwnerOps`).
 */

export type ChunkClaimRequest = {
  batchId: number;
  ownerId: string;
  /** The caller's clock (the engine's injected clock), never the database's: the same clock renews and expires. */
  nowMs: number;
  leaseMs: number;
  /** Chunks this caller is already working on or passed over in this run. */
  exclude: readonly number[];
};

/** The first READY chunk of the batch with READY rows, by seq, not excluded — and on PG with no live lease of another. */
export function* claimChunkOps(r: ChunkClaimRequest): Ops<{ chunkId: number } | null> {
  if ((yield* engine()) === 'sqlite') {
    // Today's engine query: only the first few candidates, since only the excluded ones are passed over.
    const rows = yield* all<{ id: number }>(
      q`SELECT c.id FROM chunks c WHERE c.batch_id = ${r.batchId} AND c.state = 'READY'
       AND EXISTS (SELECT 1 FROM payouts p WHERE p.chunk_id = c.id AND p.state = 'READY') ORDER BY c.seq LIMIT ${r.exclude.length + 1}`,
    );
    const found = rows.find((row) => !r.exclude.includes(row.id));
    return found ? { chunkId: found.id } : null;
  }
  return yield* transaction(function* () {
    const row = yield* get<{ id: number }>(
      q`SELECT c.id FROM chunks c WHERE c.batch_id = ${r.batchId} AND c.state = 'READY'
        AND EXISTS (SELECT 1 FROM payouts p WHERE p.chunk_id = c.id AND p.state = 'READY')
        AND NOT (c.id = ANY(${[...r.exclude]}::bigint[]))
        AND (c.lease_owner IS NULL OR c.lease_owner = ${r.ownerId} OR c.lease_expires_at_ms <= ${r.nowMs})
        ORDER BY c.seq LIMIT 1 FOR UPDATE OF c SKIP LOCKED`,
    );
    if (!row) return null;
    yield* run(
      q`UPDATE chunks SET lease_owner = ${r.ownerId}, lease_expires_at_ms = ${r.nowMs + r.leaseMs} WHERE id = ${row.id}`,
    );
    return { chunkId: row.id };
  });
}

/** Extends our chunk lease; false when it is no longer ours (it expired and was taken over). SQLite: always true. */
export function* renewChunkLeaseOps(chunkId: number, ownerId: string, nowMs: number, leaseMs: number): Ops<boolean> {
  if ((yield* engine()) === 'sqlite') return true;
  const done = yield* run(
    q`UPDATE chunks SET lease_expires_at_ms = ${nowMs + leaseMs}
      WHERE id = ${chunkId} AND lease_owner = ${ownerId} AND lease_expires_at_ms > ${nowMs}`,
  );
  return done.changes === 1;
}

/** Gives the chunk back (done with it, or stopping); only our own lease is cleared. SQLite: nothing to do. */
export function* releaseChunkLeaseOps(chunkId: number, ownerId: string): Ops<void> {
  if ((yield* engine()) === 'sqlite') return;
  yield* run(
    q`UPDATE chunks SET lease_owner = NULL, lease_expires_at_ms = NULL WHERE id = ${chunkId} AND lease_owner = ${ownerId}`,
  );
}

/**
 * Names the writer of this transaction for PG migration 011's departure check: call it first inside the transaction
 * that moves rows to SENDING (`set_config(…, true)` lasts until that transaction ends; outside one it does nothing).
 * With `nowMs` the lease must also be unexpired on the writer's clock. SQLite: nothing to do — the connection's TEMP
 * trigger (lease.ts) already knows its owner.
 */
export function* declareOwnerOps(ownerId: string, nowMs?: number): Ops<void> {
  if ((yield* engine()) === 'sqlite') return;
  yield* get(q`SELECT set_config('payout_desk.owner', ${ownerId}, true) AS owner`);
  yield* get(q`SELECT set_config('payout_desk.now_ms', ${nowMs === undefined ? '' : String(nowMs)}, true) AS now`);
}

export type RecoverExpiredOptions = {
  nowMs: number;
  at: Date;
  schedule?: (to: PayoutState, at: Date) => string | null;
  log?: Logger;
};

export type RecoverExpiredResult = { rows: number; chunks: number };

type Stranded = { id: number; leaseOwner: string };

/**
 * PostgreSQL: the SENDING rows of chunks whose lease expired (their server died mid-chunk) become UNKNOWN — audited
 * `lease-expired` through the one journal writer — and the chunk's lease is cleared, so the reconciler settles them by
 * the journal protocol (search first, resend only the identical request). Chunks another server still holds are
 * never touched; a chunk a live transaction has locked is skipped and seen on the next round. The journal lease holder
 * runs it on every heartbeat (runtime.ts); a take-over's own recovery is recovery.ts markInterruptedOps. SQLite:
 * nothing to do, the single owner's start-up recovery covers it.
 */
export function* recoverExpiredChunksOps(o: RecoverExpiredOptions): Ops<RecoverExpiredResult> {
  if ((yield* engine()) === 'sqlite') return { rows: 0, chunks: 0 };
  return yield* transaction(function* () {
    const expired = yield* all<Stranded>(
      q`SELECT c.id, c.lease_owner AS "leaseOwner" FROM chunks c
        WHERE c.lease_owner IS NOT NULL AND c.lease_expires_at_ms <= ${o.nowMs}
          AND (c.state = 'SENDING' OR EXISTS (SELECT 1 FROM payouts p WHERE p.chunk_id = c.id AND p.state = 'SENDING'))
        ORDER BY c.id FOR UPDATE OF c SKIP LOCKED`,
    );
    let rows = 0;
    for (const chunk of expired) {
      rows += yield* strandedRows(chunk.id, chunk.leaseOwner, o);
      yield* transitionChunkOps(chunk.id, ['SENDING'], 'UNKNOWN', {
        at: o.at,
        action: 'lease-expired',
        data: { previousOwner: chunk.leaseOwner },
      });
      yield* run(q`UPDATE chunks SET lease_owner = NULL, lease_expires_at_ms = NULL WHERE id = ${chunk.id}`);
    }
    if (rows) o.log?.warn('journal.lease_expired_recovered', { rows, chunks: expired.length });
    return { rows, chunks: expired.length };
  });
}

function* strandedRows(chunkId: number, previousOwner: string, o: RecoverExpiredOptions): Ops<number> {
  const ids = yield* all<{ id: number }>(
    q`SELECT id FROM payouts WHERE chunk_id = ${chunkId} AND state = 'SENDING' ORDER BY id`,
  );
  if (!ids.length) return 0;
  const result = yield* transitionPayoutsOps(
    ids.map((r) => ({
      id: r.id,
      from: 'SENDING' as const,
      to: 'UNKNOWN' as const,
      action: 'lease-expired',
      data: { reason: 'lease-expired', previousOwner },
    })),
    { at: o.at, schedule: o.schedule, log: o.log },
  );
  return result.applied.length;
}
