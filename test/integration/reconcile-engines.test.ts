import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { insertBatchOps, insertChunkOps, refreshBatchTotalsOps } from '../../src/main/db/repos/batches-repo';
import { insertPayoutOps, payoutsOfChunkOps, type PayoutRow } from '../../src/main/db/repos/payouts-repo';
import { engine, type Ops, q, run, transaction } from '../../src/main/db/store/ops';
import { declareOwnerOps } from '../../src/main/services/journal/chunk-leases';
import { createStoreLease } from '../../src/main/services/journal/lease';
import { markInterruptedOps } from '../../src/main/services/journal/recovery';
import { toPayoutInput } from '../../src/main/services/journal/request';
import { saveBatchRequestOps } from '../../src/main/services/journal/sent-requests';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import {
  transitionBatchOps,
  transitionChunkOps,
  transitionPayoutsOps,
} from '../../src/main/services/journal/transition';
import { recordProofOps, searchFingerprint } from '../../src/main/services/reconcile/search-proof';
import { createPoller, reconcileOnStartup, reconcileTick } from '../../src/main/services/reconcile/startup';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, manualClock } from './support/journal-harness';

/**
 * Issue 13 point 2, the reconcile side: start-up recovery and the search rounds run on deps.store, so the journal's
 * promises hold on both engines. A server died with chunks SENDING (written through storage work, as the engine
 * writes them); the next owner makes them UNKNOWN and settles them by Search against the Sandbox: its own payout is
 * adopted, someone else's under our id is a CONFLICT, and a proven "not found" after the grace is resent identically.
 */

let h: Harness | null = null;
const releases: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const release of releases.splice(0)) await release();
  await h?.close();
  h = null;
});

type SeededChunk = { id: number; batchTransactionId: string; rows: PayoutRow[] };

/**
 * A confirmed batch whose chunks (of `sizes` rows) were claimed by a server that then died: chunk and rows SENDING,
 * the request persisted. On PostgreSQL the chunks carry that server's chunk lease, ending at `leaseEndsMs`.
 */
function* deadServerBatchOps(
  seed: number,
  sizes: readonly number[],
  at: Date,
  leaseEndsMs: number,
): Ops<SeededChunk[]> {
  const pg = (yield* engine()) === 'pg';
  const createdAt = at.toISOString();
  const batchId = yield* insertBatchOps({
    importId: null,
    parentBatchId: null,
    name: `dead-server-${seed}`,
    environment: 'sandbox',
    kind: 'sheet',
    createdAt,
  });
  const chunks: SeededChunk[] = [];
  let n = 0;
  for (const [seq, size] of sizes.entries()) {
    const batchTransactionId = `B${seed}S${seq}`;
    const chunkId = yield* insertChunkOps({ batchId, seq, batchTransactionId });
    for (let i = 0; i < size; i++, n++) {
      yield* insertPayoutOps({
        batchId,
        chunkId,
        rowNumber: n + 2,
        transactionId: `T${seed}R${n}`,
        payeeName: `Ravi Kumar ${String.fromCharCode(65 + n)}`,
        accountNumber: String(100000000000 + n * 7919),
        ifsc: 'HDFC0000001',
        amountPaise: 1_000_00 + n * 1_37,
        mode: 'IMPS',
        remark: `Salary ${n}`,
        state: 'DRAFT',
        createdAt,
      });
    }
    chunks.push({ id: chunkId, batchTransactionId, rows: [] });
  }
  yield* refreshBatchTotalsOps(batchId);
  for (const c of chunks) {
    const drafts = yield* payoutsOfChunkOps(c.id);
    const confirm = drafts.map((r) => ({ id: r.id, from: 'DRAFT' as const, to: 'READY' as const, action: 'confirm' }));
    yield* transitionPayoutsOps(confirm, { at });
  }
  yield* transitionBatchOps(batchId, ['DRAFT'], 'CONFIRMED', { at, action: 'confirm' });
  yield* transitionBatchOps(batchId, ['CONFIRMED'], 'SENDING', { at, action: 'send' });
  for (const c of chunks) {
    if (pg) {
      yield* run(
        q`UPDATE chunks SET lease_owner = ${'dead-server'}, lease_expires_at_ms = ${leaseEndsMs} WHERE id = ${c.id}`,
      );
    }
    // One transaction, as the engine's departure: PG migration 011 lets rows go SENDING only under the declared
    // owner's live chunk lease.
    yield* transaction(function* () {
      yield* declareOwnerOps('dead-server', at.getTime());
      yield* transitionChunkOps(c.id, ['READY'], 'SENDING', { at, action: 'send' });
      const ready = yield* payoutsOfChunkOps(c.id, ['READY']);
      const request = { batchTransactionId: c.batchTransactionId, transfers: ready.map(toPayoutInput) };
      yield* saveBatchRequestOps(c.id, request, at);
      const depart = ready.map((r) => ({
        id: r.id,
        from: 'READY' as const,
        to: 'SENDING' as const,
        action: 'send',
        set: { lastRoute: 'batch' as const },
      }));
      yield* transitionPayoutsOps(depart, { at });
    });
    c.rows = yield* payoutsOfChunkOps(c.id);
  }
  return chunks;
}

/** Search is proven in the Sandbox environment: the premise of a "not found" that may lead to a resend. */
function* seedProofOps(x: Harness): Ops<void> {
  const fingerprint = searchFingerprint(x.deps.profile(), 'sandbox', x.sandbox.url);
  yield* recordProofOps('sandbox', { fingerprint, transactionId: 'SEEDEDPROOF', source: 'probe', at: x.deps.now() });
}

const stateOf = async (x: Harness, id: number) => (await x.rows()).find((r) => r.id === id)!;

describe.each(ENGINES)('start-up recovery and search on %s', (engineName) => {
  it('rows left SENDING become UNKNOWN; ours adopted, a foreign payout a CONFLICT, the lost chunk resent identically', async () => {
    const clock = manualClock();
    h = await createHarness({
      engine: engineName,
      clock,
      profile: { batchChunkSize: 10 },
      timing: { unknownGraceMs: 60_000, searchByBatchMin: 3 },
    });
    await h.store.run(seedProofOps(h));
    const [landed, foreign, lost] = await h.store.run(
      deadServerBatchOps(61, [3, 1, 3], h.deps.now(), clock.now() + 30_000),
    );
    const { client } = await h.deps.session();
    // The dead server's first chunk reached EnKash; its answer was lost.
    await client.createBatchPayout({
      batchTransactionId: landed!.batchTransactionId,
      transfers: landed!.rows.map(toPayoutInput),
    });
    // Another system already paid someone else under the second chunk's only id (another amount and payee).
    const victim = foreign!.rows[0]!;
    await client.createPayout({
      ...toPayoutInput({ ...victim, amountPaise: victim.amountPaise + 1_00 }),
      beneficiary: { name: 'Somebody Else', accountNumber: '99887766554433', ifsc: 'SBIN0000001' },
    });
    // The third chunk never left. Time passes: the dead server's chunk leases expire.
    clock.advance(60_001);

    // This server takes the journal lease (only its holder recovers, searches and resends): the take-over makes
    // every row the dead server left SENDING UNKNOWN, then the start-up round searches for them.
    await h.lease?.release(); // the harness's own lease would stand in for the dead server's successor
    const lease = createStoreLease(h.store, { kind: 'app', now: clock.now });
    releases.push(() => lease.release());
    const got = await lease.tryAcquire(() => markInterruptedOps(h!.deps));
    expect(got).toMatchObject({ acquired: true, recovered: 7 });
    const report = await reconcileOnStartup(h.deps);
    expect(report.interrupted).toBe(0);
    expect(report.error).toBeUndefined();

    // Ours, found: adopted with EnKash's state — and only because amount, payee and mode are the row's.
    const atEnkash = new Map(h.sandbox.payouts().map((p) => [p.transactionId, p]));
    for (const row of landed!.rows) {
      const now = await stateOf(h, row.id);
      expect(ACCEPTED_STATES).toContain(now.state);
      expect(atEnkash.get(row.transactionId)?.amountPaise).toBe(now.amountPaise);
      expect(atEnkash.get(row.transactionId)?.transferMode).toBe('IMPS');
      expect(atEnkash.get(row.transactionId)?.payee?.accountNumber).toBe(row.accountNumber);
    }
    // Someone else's payout under our id: a CONFLICT with both sides, never adopted.
    const conflict = await stateOf(h, victim.id);
    expect(conflict.state).toBe('CONFLICT');
    expect(JSON.parse(conflict.conflict!).fields).toContain('amount');
    // Never sent: not found, but inside the grace period — UNKNOWN, not resent.
    for (const row of lost!.rows) expect(await stateOf(h, row.id)).toMatchObject({ state: 'UNKNOWN', attempts: 1 });
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(1);

    // The runtime renews its journal lease as time passes; PostgreSQL's departure guard checks it is still live.
    clock.advance(30_000);
    expect(await lease.renew()).toBe(true);
    await reconcileTick(h.deps, client); // searched again, still inside the grace: no resend
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(1);
    clock.advance(30_001);
    expect(await lease.renew()).toBe(true);
    await reconcileTick(h.deps, client); // proven "not found" after the grace → the identical request again

    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(2);
    const resent = h.sandbox.payouts().filter((p) => p.batchTransactionId === lost!.batchTransactionId);
    expect(resent.map((p) => [p.transactionId, p.amountPaise]).sort()).toEqual(
      lost!.rows.map((r) => [r.transactionId, r.amountPaise]).sort(),
    );
    for (const row of lost!.rows) {
      const now = await stateOf(h, row.id);
      expect(ACCEPTED_STATES).toContain(now.state);
      expect(now.attempts).toBe(2);
    }
    // The CONFLICT row was never sent: EnKash holds exactly one payout under its id — theirs.
    const underVictim = h.sandbox.payouts().filter((p) => p.transactionId === victim.transactionId);
    expect(underVictim.map((p) => p.amountPaise)).toEqual([victim.amountPaise + 1_00]);
    expect((await stateOf(h, victim.id)).state).toBe('CONFLICT');
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });

  it('rows under another live sender are left alone at start-up on PostgreSQL, and settled by the poller once its lease expires', async () => {
    const clock = manualClock();
    h = await createHarness({ engine: engineName, clock, timing: { unknownGraceMs: 60_000 } });
    const [chunk] = await h.store.run(deadServerBatchOps(62, [3], h.deps.now(), clock.now() + 300_000));
    const { client } = await h.deps.session();
    // The other server's request reached EnKash; it then died (or stalled) before recording the answer.
    await client.createBatchPayout({
      batchTransactionId: chunk!.batchTransactionId,
      transfers: chunk!.rows.map(toPayoutInput),
    });
    clock.advance(1_000); // its chunk lease is still live
    const interrupted = await h.store.run(markInterruptedOps(h.deps));
    const states = async () => Promise.all(chunk!.rows.map(async (r) => (await stateOf(h!, r.id)).state));
    if (engineName === 'pg') {
      // Another server may be sending right now: a take-over never touches rows under a live chunk lease.
      expect(interrupted).toBe(0);
      expect(await states()).toEqual(['SENDING', 'SENDING', 'SENDING']);
    } else {
      // One owner per file: nothing else can be in flight.
      expect(interrupted).toBe(3);
      expect(await states()).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    }
    // Its lease runs out: one poller round recovers the rows (PostgreSQL) and settles them by Search, as ours.
    clock.advance(300_000);
    const report = await createPoller(h.deps).tickNow();
    expect(report?.resolve.found).toBe(3);
    for (const s of await states()) expect(ACCEPTED_STATES).toContain(s);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(1);
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });
});
