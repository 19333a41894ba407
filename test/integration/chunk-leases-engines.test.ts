import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, type Ops, q, run, transaction } from '../../src/main/db/store/ops';
import type { Store } from '../../src/main/db/store/store';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import {
  claimChunkOps,
  declareOwnerOps,
  recoverExpiredChunksOps,
  releaseChunkLeaseOps,
  renewChunkLeaseOps,
} from '../../src/main/services/journal/lease';
import { transitionChunkOps, transitionPayoutsOps } from '../../src/main/services/journal/transition';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';
import { secondStore, seedSendingBatchOps } from './support/lease-seed';

/** Issue 13 point 2: chunk leases for sending — today's engine query on SQLite, row locks + expiry on PostgreSQL. */

const T0 = Date.UTC(2026, 11, 3, 10);
const LEASE_MS = 1_000;

let t: TestStore;
let other: { store: Store; close(): Promise<void> };

const claim = (store: Store, batchId: number, ownerId: string, nowMs = T0, exclude: readonly number[] = []) =>
  store.run(claimChunkOps({ batchId, ownerId, nowMs, leaseMs: LEASE_MS, exclude })).then((c) => c?.chunkId ?? null);

/** The chunk's READY rows and the chunk itself go SENDING under `ownerId`'s lease, as the engine's departure does. */
function* departChunkOps(chunkId: number, payoutIds: readonly number[], ownerId: string): Ops<void> {
  yield* transaction(function* () {
    yield* declareOwnerOps(ownerId);
    const at = new Date(T0);
    yield* transitionChunkOps(chunkId, ['READY'], 'SENDING', { at, action: 'send' });
    yield* transitionPayoutsOps(
      payoutIds.map((id) => ({ id, from: 'READY' as const, to: 'SENDING' as const, action: 'send' })),
      { at },
    );
  });
}

const states = (store: Store, batchId: number) =>
  store.run(
    all<{ id: number; state: string }>(q`SELECT id, state FROM payouts WHERE batch_id = ${batchId} ORDER BY id`),
  );

describe.each(ENGINES)('chunk leases on %s', (name) => {
  beforeEach(async () => {
    t = await openTestStore(name);
    other = await secondStore(t);
  });
  afterEach(async () => {
    await other.close();
    await t.close();
  });

  it('claims the first READY chunk with READY rows, by seq, not excluded', async () => {
    const { batchId, chunkIds } = await t.store.run(seedSendingBatchOps(4));
    const [c0, c1, c2, c3] = chunkIds as [number, number, number, number];
    // c0: its rows are gone (cancelled); c1: already SENT. Neither is sendable.
    await t.store.run(run(q`UPDATE payouts SET state = 'CANCELLED' WHERE chunk_id = ${c0}`));
    await t.store.run(run(q`UPDATE chunks SET state = 'SENT' WHERE id = ${c1}`));
    expect(await claim(t.store, batchId, 'a')).toBe(c2);
    expect(await claim(t.store, batchId, 'a', T0, [c2])).toBe(c3);
    expect(await claim(t.store, batchId, 'a', T0, [c2, c3])).toBeNull();
    expect(await claim(t.store, batchId + 1, 'a')).toBeNull();
  });

  if (name === 'sqlite') {
    it('has no-op leases: the single journal lease already makes the sender unique', async () => {
      const { batchId, chunkIds } = await t.store.run(seedSendingBatchOps(1));
      expect(await claim(t.store, batchId, 'a')).toBe(chunkIds[0]);
      expect(await claim(other.store, batchId, 'b')).toBe(chunkIds[0]);
      expect(await t.store.run(renewChunkLeaseOps(chunkIds[0]!, 'nobody', T0, LEASE_MS))).toBe(true);
      await t.store.run(releaseChunkLeaseOps(chunkIds[0]!, 'nobody'));
      expect(await t.store.run(recoverExpiredChunksOps({ nowMs: T0 + 10 * LEASE_MS, at: new Date(T0) }))).toEqual({
        rows: 0,
        chunks: 0,
      });
    });
    return;
  }

  it('two servers claiming at once never get the same chunk', async () => {
    const { batchId, chunkIds } = await t.store.run(seedSendingBatchOps(40, 1));
    const loop = async (store: Store, ownerId: string) => {
      const mine: number[] = [];
      for (;;) {
        const id = await claim(store, batchId, ownerId, T0, mine);
        if (id === null) return mine;
        mine.push(id);
      }
    };
    // Four claim loops per server (one owner each), all at once over two pools.
    const loops = await Promise.all([
      ...[1, 2, 3, 4].map((i) => loop(t.store, `a${i}`)),
      ...[1, 2, 3, 4].map((i) => loop(other.store, `b${i}`)),
    ]);
    const claimed = loops.flat();
    expect(claimed.sort((x, y) => x - y)).toEqual([...chunkIds].sort((x, y) => x - y));
    const owners = await t.store.run(
      all<{ id: number; leaseOwner: string }>(q`SELECT id, lease_owner AS "leaseOwner" FROM chunks`),
    );
    const names = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'];
    for (const row of owners) expect(row.leaseOwner).toBe(names[loops.findIndex((l) => l.includes(row.id))]);
  });

  it('a live lease is kept from others and renewed by its owner; an expired one is taken over', async () => {
    const { batchId, chunkIds } = await t.store.run(seedSendingBatchOps(2));
    const [c0, c1] = chunkIds as [number, number];
    expect(await claim(t.store, batchId, 'server-a')).toBe(c0);
    expect(await claim(other.store, batchId, 'server-b', T0 + 500)).toBe(c1);
    expect(await t.store.run(renewChunkLeaseOps(c0, 'server-a', T0 + 500, LEASE_MS))).toBe(true);
    expect(await t.store.run(renewChunkLeaseOps(c0, 'server-b', T0 + 500, LEASE_MS))).toBe(false);
    // server-a stops renewing: past its renewed expiry server-b takes c0 over.
    expect(await claim(other.store, batchId, 'server-b', T0 + 1_499, [c1])).toBeNull();
    expect(await claim(other.store, batchId, 'server-b', T0 + 1_500, [c1])).toBe(c0);
    expect(await t.store.run(renewChunkLeaseOps(c0, 'server-a', T0 + 1_500, LEASE_MS))).toBe(false);
    await t.store.run(releaseChunkLeaseOps(c0, 'server-a')); // late: leaves server-b's lease alone
    const lease = await t.store.run(
      all<{ owner: string; exp: number }>(
        q`SELECT lease_owner AS owner, lease_expires_at_ms AS exp FROM chunks WHERE id = ${c0}`,
      ),
    );
    expect(lease).toEqual([{ owner: 'server-b', exp: T0 + 1_500 + LEASE_MS }]);
    await other.store.run(releaseChunkLeaseOps(c0, 'server-b'));
    expect(await claim(t.store, batchId, 'server-a', T0 + 1_500)).toBe(c0);
  });

  it('recoverExpiredChunksOps turns a dead server’s SENDING rows UNKNOWN, audited, and leaves live chunks alone', async () => {
    const { batchId, chunkIds, payoutIds } = await t.store.run(seedSendingBatchOps(2));
    const [c0, c1] = chunkIds as [number, number];
    expect(await claim(t.store, batchId, 'server-a')).toBe(c0);
    await t.store.run(departChunkOps(c0, payoutIds[0]!, 'server-a'));
    expect(await claim(other.store, batchId, 'server-b', T0 + 900)).toBe(c1);
    await other.store.run(departChunkOps(c1, payoutIds[1]!, 'server-b'));
    // server-a dies mid-chunk. Before its lease runs out nothing is touched.
    const at = new Date(T0 + LEASE_MS);
    expect(await other.store.run(recoverExpiredChunksOps({ nowMs: T0 + 999, at }))).toEqual({ rows: 0, chunks: 0 });
    expect(await other.store.run(recoverExpiredChunksOps({ nowMs: T0 + LEASE_MS, at }))).toEqual({
      rows: 2,
      chunks: 1,
    });
    const rows = await states(t.store, batchId);
    expect(rows.map((r) => r.state)).toEqual(['UNKNOWN', 'UNKNOWN', 'SENDING', 'SENDING']);
    const audit = await t.store.run(
      all<{ entity: string; action: string; fromState: string; toState: string }>(
        q`SELECT entity, action, from_state AS "fromState", to_state AS "toState" FROM audit_log
          WHERE action = 'lease-expired' ORDER BY id`,
      ),
    );
    expect(audit).toEqual([
      { entity: 'payout', action: 'lease-expired', fromState: 'SENDING', toState: 'UNKNOWN' },
      { entity: 'payout', action: 'lease-expired', fromState: 'SENDING', toState: 'UNKNOWN' },
      { entity: 'chunk', action: 'lease-expired', fromState: 'SENDING', toState: 'UNKNOWN' },
    ]);
    expect((await t.store.run(verifyAuditChainOps())).ok).toBe(true);
    const chunks = await t.store.run(
      all<{ id: number; state: string; owner: string | null }>(
        q`SELECT id, state, lease_owner AS owner FROM chunks WHERE batch_id = ${batchId} ORDER BY seq`,
      ),
    );
    expect(chunks).toEqual([
      { id: c0, state: 'UNKNOWN', owner: null },
      { id: c1, state: 'SENDING', owner: 'server-b' },
    ]);
    // Run again: nothing left to recover.
    expect(await other.store.run(recoverExpiredChunksOps({ nowMs: T0 + LEASE_MS, at }))).toEqual({
      rows: 0,
      chunks: 0,
    });
  });
});
