import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgKysely, createPgPool } from '../../src/main/db/kysely/pg-kysely';
import type { PgDatabase } from '../../src/main/db/kysely/schema';
import { claimNextChunk, releaseChunkLease, renewChunkLease } from '../../src/main/db/pg/chunk-lease';
import { migratePg } from '../../src/main/db/pg/migrate';
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg-database';

const CHUNKS = 40;
const LEASE_MS = 30_000;
const T0 = Date.UTC(2026, 11, 3, 10);

let pgdb: FreshPgDatabase;
let serverA: Kysely<PgDatabase>;
let serverB: Kysely<PgDatabase>;

async function seedBatch(db: Kysely<PgDatabase>, chunks: number, state: 'SENDING' | 'PAUSED' = 'SENDING') {
  const batch = await db
    .insertInto('batches')
    .values({
      import_id: null,
      parent_batch_id: null,
      name: 'b',
      environment: 'sandbox',
      state,
      row_count: chunks,
      total_paise: chunks * 100,
      created_at: '2026-12-03T10:00:00.000Z',
      confirmed_at: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('chunks')
    .values(
      Array.from({ length: chunks }, (_, seq) => ({
        batch_id: batch.id,
        seq,
        batch_transaction_id: `B${batch.id}C${seq}`,
        state: 'READY' as const,
        sent_at: null,
      })),
    )
    .execute();
  return batch.id;
}

beforeEach(async () => {
  pgdb = await freshPgDatabase();
  await migratePg(pgdb.pool);
  // Two servers: separate pools, so their claims run on separate connections at the same time.
  serverA = createPgKysely(createPgPool({ connectionString: pgdb.url, max: 4 }));
  serverB = createPgKysely(createPgPool({ connectionString: pgdb.url, max: 4 }));
});
afterEach(async () => {
  await serverA.destroy();
  await serverB.destroy();
  await pgdb.close();
});

async function claimAll(db: Kysely<PgDatabase>, ownerId: string): Promise<number[]> {
  const got: number[] = [];
  for (;;) {
    const claim = await claimNextChunk(db, { ownerId, nowMs: T0, leaseMs: LEASE_MS });
    if (!claim) return got;
    got.push(claim.chunkId);
  }
}

describe('chunk leases on PostgreSQL (FOR UPDATE SKIP LOCKED)', () => {
  it('two servers claiming at once: every chunk is claimed by exactly one of them', async () => {
    await seedBatch(serverA, CHUNKS);
    await seedBatch(serverA, 3, 'PAUSED'); // not sendable: never claimed
    // Four claim loops per server, all at once, over two pools.
    const loops = await Promise.all([
      ...Array.from({ length: 4 }, () => claimAll(serverA, 'server-a')),
      ...Array.from({ length: 4 }, () => claimAll(serverB, 'server-b')),
    ]);
    const claimed = loops.flat();
    expect(claimed).toHaveLength(CHUNKS);
    expect(new Set(claimed).size).toBe(CHUNKS);
    const owners = await serverA
      .selectFrom('chunks as c')
      .innerJoin('batches as b', 'b.id', 'c.batch_id')
      .select(['c.id', 'c.lease_owner', 'b.state'])
      .execute();
    const byA = new Set(loops.slice(0, 4).flat());
    for (const row of owners) {
      if (row.state === 'PAUSED') expect(row.lease_owner).toBeNull();
      else expect(row.lease_owner).toBe(byA.has(row.id) ? 'server-a' : 'server-b');
    }
  });

  it('skips a chunk another transaction holds locked instead of waiting for it', async () => {
    await seedBatch(serverA, 2);
    const locker = await pgdb.pool.connect();
    try {
      await locker.query('BEGIN');
      const first = await locker.query<{ id: number }>('SELECT id FROM chunks ORDER BY seq LIMIT 1 FOR UPDATE');
      const claim = await claimNextChunk(serverB, { ownerId: 'server-b', nowMs: T0, leaseMs: LEASE_MS });
      expect(claim?.chunkId).not.toBe(first.rows[0]?.id);
      expect(claim?.seq).toBe(1);
      await locker.query('ROLLBACK');
    } finally {
      locker.release();
    }
  });

  it('an expired lease is taken over, and the old owner can no longer renew it', async () => {
    await seedBatch(serverA, 1);
    const a = await claimNextChunk(serverA, { ownerId: 'server-a', nowMs: T0, leaseMs: LEASE_MS });
    expect(a).toMatchObject({ seq: 0, state: 'READY', tookOverFrom: null, expiresAtMs: T0 + LEASE_MS });
    // Still live: nobody else gets it, and its owner may renew it.
    expect(await claimNextChunk(serverB, { ownerId: 'server-b', nowMs: T0 + 1000, leaseMs: LEASE_MS })).toBeNull();
    expect(
      await renewChunkLease(serverA, a!.chunkId, { ownerId: 'server-a', nowMs: T0 + 1000, leaseMs: LEASE_MS }),
    ).toBe(true);
    // server-a dies mid-chunk (the chunk went SENDING); its lease runs out.
    await serverA.updateTable('chunks').set({ state: 'SENDING' }).where('id', '=', a!.chunkId).execute();
    const late = T0 + 1000 + LEASE_MS;
    const b = await claimNextChunk(serverB, { ownerId: 'server-b', nowMs: late, leaseMs: LEASE_MS });
    expect(b).toMatchObject({ chunkId: a!.chunkId, state: 'SENDING', tookOverFrom: 'server-a' });
    expect(await renewChunkLease(serverA, a!.chunkId, { ownerId: 'server-a', nowMs: late, leaseMs: LEASE_MS })).toBe(
      false,
    );
    // Releasing is by owner only: server-a's late release leaves server-b's lease in place.
    await releaseChunkLease(serverA, a!.chunkId, 'server-a');
    const row = await serverB
      .selectFrom('chunks')
      .select('lease_owner')
      .where('id', '=', a!.chunkId)
      .executeTakeFirst();
    expect(row?.lease_owner).toBe('server-b');
    await releaseChunkLease(serverB, a!.chunkId, 'server-b');
    const c = await claimNextChunk(serverA, { ownerId: 'server-a', nowMs: late, leaseMs: LEASE_MS });
    expect(c).toMatchObject({ chunkId: a!.chunkId, tookOverFrom: null });
  });

  it('a SENT chunk is never claimed', async () => {
    await seedBatch(serverA, 1);
    await serverA.updateTable('chunks').set({ state: 'SENT' }).execute();
    expect(await claimNextChunk(serverA, { ownerId: 'server-a', nowMs: T0, leaseMs: LEASE_MS })).toBeNull();
  });
});
