import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Ops, q, run, transaction } from '../../src/main/db/store/ops';
import type { Store } from '../../src/main/db/store/store';
import { claimChunkOps, declareOwnerOps } from '../../src/main/services/journal/chunk-leases';
import { createStoreLease, isLeaseLost, journalOwnerId } from '../../src/main/services/journal/lease';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';
import { secondStore, seedSendingBatchOps } from './support/lease-seed';

/**
 * Issue 13 point 2: the single-owner journal lease as storage work, on both engines. Two lease objects on two
 * connections (two processes) share one database; time is an injected clock, as the lease compares it across
 * processes.
 */

const T0 = Date.UTC(2026, 11, 3, 10);
const TTL = 1_000;

let t: TestStore;
let other: { store: Store; close(): Promise<void> };

function* insertHolderOps(ownerId: string, pid: number, host: string, expiresAtMs: number): Ops<void> {
  const at = new Date(T0).toISOString();
  yield* run(q`INSERT INTO journal_lease (id, owner_id, pid, host, kind, acquired_at, heartbeat_at, expires_at_ms)
    VALUES (1, ${ownerId}, ${pid}, ${host}, 'app', ${at}, ${at}, ${expiresAtMs})`);
}

function* departOps(payoutId: number, ownerId: string | null): Ops<void> {
  yield* transaction(function* () {
    if (ownerId) yield* declareOwnerOps(ownerId);
    yield* run(q`UPDATE payouts SET state = 'SENDING' WHERE id = ${payoutId}`);
  });
}

describe.each(ENGINES)('journal lease on %s', (name) => {
  beforeEach(async () => {
    t = await openTestStore(name);
    other = await secondStore(t);
  });
  afterEach(async () => {
    await other.close();
    await t.close();
  });

  it('acquire, renew, refuse a live holder, take over after expiry; the loser can no longer renew', async () => {
    let now = T0;
    const clock = () => now;
    const a = createStoreLease(t.store, { kind: 'app', ttlMs: TTL, now: clock });
    const b = createStoreLease(other.store, { kind: 'cli', ttlMs: TTL, now: clock });
    expect(journalOwnerId(t.store)).toBe(a.ownerId);
    expect(await a.tryAcquire()).toMatchObject({ acquired: true, fresh: true, previous: null, recovered: 0 });
    // Ours already: taken again without a take-over.
    expect(await a.tryAcquire(() => fail())).toMatchObject({ acquired: true, fresh: false });
    expect(await b.tryAcquire()).toMatchObject({ acquired: false, holder: { ownerId: a.ownerId, kind: 'app' } });

    now = T0 + 600;
    expect(await a.renew()).toBe(true);
    expect((await b.holder())?.expiresAtMs).toBe(T0 + 600 + TTL);
    now = T0 + 1_200; // past the first expiry, not the renewed one
    expect((await b.tryAcquire()).acquired).toBe(false);

    now = T0 + 600 + TTL;
    let tookOverInside = 0;
    // eslint-disable-next-line require-yield -- a take-over that only counts its calls
    const got = await b.tryAcquire(function* () {
      tookOverInside++;
      return 7;
    });
    expect(got).toMatchObject({ acquired: true, fresh: true, previous: { ownerId: a.ownerId }, recovered: 7 });
    expect(tookOverInside).toBe(1);
    expect(await a.renew()).toBe(false);
    // A late release by the loser leaves the new holder in place.
    await a.release();
    expect((await a.holder())?.ownerId).toBe(b.ownerId);
    await b.release();
    expect(await a.holder()).toBeNull();
  });

  it('a holder on this host whose pid is gone is taken over at once; a live one elsewhere only after expiry', async () => {
    const b = createStoreLease(other.store, { kind: 'cli', ttlMs: TTL, now: () => T0 });
    await t.store.run(insertHolderOps('dead-owner', 2147483646, hostname(), T0 + 60_000));
    expect(await b.tryAcquire()).toMatchObject({ acquired: true, previous: { ownerId: 'dead-owner' } });
    await b.release();

    // On another host a pid proves nothing: only the expiry counts.
    await t.store.run(insertHolderOps('elsewhere-owner', 1, 'elsewhere', T0 + 60_000));
    const c = createStoreLease(other.store, { kind: 'cli', ttlMs: TTL, now: () => T0 + 59_999, isAlive: () => false });
    expect(await c.tryAcquire()).toMatchObject({ acquired: false, holder: { host: 'elsewhere' } });
    const d = createStoreLease(t.store, { kind: 'cli', ttlMs: TTL, now: () => T0 + 60_000 });
    expect(await d.tryAcquire()).toMatchObject({ acquired: true, previous: { ownerId: 'elsewhere-owner' } });
    await d.release();
  });

  it('the database refuses a departure (→ SENDING) unless the writer holds the lease', async () => {
    const seeded = await t.store.run(seedSendingBatchOps(2, 1));
    const [[first], [second]] = seeded.payoutIds as [[number], [number]];
    const a = createStoreLease(t.store, { kind: 'app', ttlMs: TTL, now: () => T0 });
    // No lease held (SQLite: the connection's trigger; PostgreSQL: migration 011, nothing declared).
    const refused = await t.store.run(departOps(first, null)).catch((e: unknown) => e);
    expect(isLeaseLost(refused)).toBe(true);
    expect(await a.tryAcquire()).toMatchObject({ acquired: true });
    if (name === 'pg') {
      // PostgreSQL: holding the lease is not enough without declaring it in the writing transaction…
      expect(isLeaseLost(await t.store.run(departOps(first, null)).catch((e: unknown) => e))).toBe(true);
      // …and a chunk another owner has leased is theirs to send, even for the journal lease holder.
      const claim = await other.store.run(
        claimChunkOps({ batchId: seeded.batchId, ownerId: 'server-b', nowMs: T0, leaseMs: TTL, exclude: [] }),
      );
      expect(claim?.chunkId).toBe(seeded.chunkIds[0]);
      const taken = await t.store.run(departOps(first, a.ownerId)).catch((e: unknown) => e);
      expect(isLeaseLost(taken)).toBe(true);
      // server-b holds that chunk lease (not the journal lease): its departure passes.
      await other.store.run(departOps(first, 'server-b'));
    } else {
      await t.store.run(departOps(first, a.ownerId));
    }
    // The journal lease holder sends a row no chunk lease covers.
    await t.store.run(departOps(second, a.ownerId));
    await a.release();
  });
});

function fail(): never {
  throw new Error('onTakeOver must not run when the lease was already ours');
}
