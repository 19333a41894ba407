import type { Kysely } from 'kysely';
import { SENDABLE_BATCH_STATES } from '../../../shared/domain/payout-states';
import type { PgDatabase } from '../kysely/schema';

export type ChunkClaim = {
  chunkId: number;
  batchId: number;
  seq: number;
  state: 'READY' | 'SENDING' | 'UNKNOWN';
  /** The owner whose lease had expired, when this claim took the chunk over (its rows need the journal's recovery). */
  tookOverFrom: string | null;
  expiresAtMs: number;
};

export type ClaimOptions = { ownerId: string; nowMs: number; leaseMs: number; batchId?: number };

/**
 * Claims the next chunk this server may work on: not SENT, in a batch that may send, and with no live lease. The
 * row lock (FOR UPDATE … SKIP LOCKED) lasts only for this short transaction; it makes two servers claiming at the
 * same moment pick different chunks instead of queueing on one. The lease written here is what holds the claim
 * afterwards: a row another claimer re-reads after our commit no longer passes the expiry condition. Time is the
 * caller's clock (the engine's injected clock), never the database's, like the SQLite lease.
 */
export async function claimNextChunk(db: Kysely<PgDatabase>, options: ClaimOptions): Promise<ChunkClaim | null> {
  const { ownerId, nowMs, leaseMs } = options;
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('chunks as c')
      .innerJoin('batches as b', 'b.id', 'c.batch_id')
      .select(['c.id', 'c.batch_id', 'c.seq', 'c.state', 'c.lease_owner', 'c.lease_expires_at_ms'])
      .where('c.state', 'in', ['READY', 'SENDING', 'UNKNOWN'])
      .where('b.state', 'in', [...SENDABLE_BATCH_STATES])
      .where((eb) => eb.or([eb('c.lease_expires_at_ms', 'is', null), eb('c.lease_expires_at_ms', '<=', nowMs)]));
    if (options.batchId !== undefined) query = query.where('c.batch_id', '=', options.batchId);
    const row = await query
      .orderBy('c.batch_id')
      .orderBy('c.seq')
      .limit(1)
      .forUpdate('c')
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    const expiresAtMs = nowMs + leaseMs;
    await trx
      .updateTable('chunks')
      .set({ lease_owner: ownerId, lease_expires_at_ms: expiresAtMs })
      .where('id', '=', row.id)
      .execute();
    return {
      chunkId: row.id,
      batchId: row.batch_id,
      seq: row.seq,
      state: row.state as ChunkClaim['state'],
      tookOverFrom: row.lease_owner !== null && row.lease_owner !== ownerId ? row.lease_owner : null,
      expiresAtMs,
    };
  });
}

/** Extends our lease; false when it is no longer ours (it expired and another server took the chunk). */
export async function renewChunkLease(
  db: Kysely<PgDatabase>,
  chunkId: number,
  options: Omit<ClaimOptions, 'batchId'>,
): Promise<boolean> {
  const result = await db
    .updateTable('chunks')
    .set({ lease_expires_at_ms: options.nowMs + options.leaseMs })
    .where('id', '=', chunkId)
    .where('lease_owner', '=', options.ownerId)
    .where('lease_expires_at_ms', '>', options.nowMs)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives the chunk back (done with it, or stopping); only our own lease is cleared. */
export async function releaseChunkLease(db: Kysely<PgDatabase>, chunkId: number, ownerId: string): Promise<void> {
  await db
    .updateTable('chunks')
    .set({ lease_owner: null, lease_expires_at_ms: null })
    .where('id', '=', chunkId)
    .where('lease_owner', '=', ownerId)
    .execute();
}
