import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, type Ops, q, transaction } from '../../src/main/db/store/ops';
import { declareOwnerOps } from '../../src/main/services/journal/chunk-leases';
import { createStoreLease, type StoreLease } from '../../src/main/services/journal/lease';
import {
  type PayoutChange,
  transitionPayoutsOps,
  type TransitionOptions,
  type TransitionResult,
} from '../../src/main/services/journal/transition';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';
import { seedReadyChunkOps } from './support/seed-chunk';

/**
 * The journal writer applies a call's changes set-based (one read, one UPDATE per field set, one audit INSERT on
 * PostgreSQL). It must write exactly what applying the same changes one call at a time writes: the same rows, the
 * same audit entries in the same order with the same hashes, the same skipped list.
 */

const AT = new Date('2026-12-03T10:00:00.000Z');
const LATER = new Date('2026-12-03T10:00:05.000Z');

function* seed(rows: number): Ops<number[]> {
  return (yield* seedReadyChunkOps(rows, AT)).ids;
}

const payouts = () => all<Record<string, unknown>>(q`SELECT * FROM payouts ORDER BY id`);
const auditRows = () => all<Record<string, unknown>>(q`SELECT * FROM audit_log ORDER BY id`);

/** A mixed change set: several field sets, a flag set and one cleared, a stale from-state, a row changed twice. */
function departures(ids: number[]): PayoutChange[] {
  return ids.slice(0, 5).map((id) => ({
    id,
    from: 'READY' as const,
    to: 'SENDING' as const,
    action: 'send',
    set: { lastRoute: 'batch' as const, nextCheckAt: null },
  }));
}

function results(ids: number[]): PayoutChange[] {
  const [a, b, c, d, e, f] = ids as [number, number, number, number, number, number];
  return [
    {
      id: a,
      from: 'SENDING',
      to: 'PENDING',
      action: 'result',
      set: { enkashStatus: 'PENDING', enkashTransactionId: 'E1', clearFlag: 'unknown_status' },
    },
    {
      id: b,
      from: 'SENDING',
      to: 'PENDING',
      action: 'result',
      set: { enkashStatus: 'ODD', flag: 'unknown_status', enkashTransactionId: 'E2' },
    },
    {
      id: c,
      from: ['SENDING', 'UNKNOWN'],
      to: 'REJECTED',
      action: 'result',
      set: { rejectCode: 'R1', failureReason: 'bad ifsc' },
      data: { code: 'R1' },
    },
    // Stale: the row is SENDING, not PENDING — skipped and audited as dropped.
    { id: d, from: 'PENDING', to: 'SUCCESS', action: 'result', set: { utr: 'U4' } },
    // The same row again: must see the PENDING the first change left.
    { id: a, from: 'PENDING', to: 'SUCCESS', action: 'search', set: { utr: 'U1', searchedAt: LATER.toISOString() } },
    { id: e, from: 'SENDING', to: 'READY', action: 'not-sent', set: { lastRoute: null } },
    { id: f, from: 'READY', to: 'CANCELLED', action: 'cancel' },
    // No such row: skipped with no state.
    { id: 987654, from: 'SENDING', to: 'UNKNOWN', action: 'result' },
  ];
}

const schedule: TransitionOptions['schedule'] = (to) => (to === 'PENDING' ? '2026-12-03T11:00:00.000Z' : null);

describe.each(ENGINES)('set-based transitions on %s', (engine) => {
  let stores: TestStore[];
  let leases: StoreLease[];
  beforeEach(async () => {
    stores = [await openTestStore(engine), await openTestStore(engine)];
    leases = stores.map((t) => createStoreLease(t.store, { kind: 'cli' }));
    for (const lease of leases) expect((await lease.tryAcquire()).acquired).toBe(true);
  });
  afterEach(async () => {
    for (const lease of leases) await lease.release();
    for (const t of stores) await t.close();
  });

  /** `changes` as one call, in a transaction naming the store's lease (PostgreSQL's departure guard). */
  const apply = (i: number, changes: PayoutChange[], opts: TransitionOptions) =>
    stores[i]!.store.run(
      transaction(function* () {
        yield* declareOwnerOps(leases[i]!.ownerId);
        return yield* transitionPayoutsOps(changes, opts);
      }),
    );

  it('writes the rows and the audit chain one-by-one application writes', async () => {
    const ids = await stores[0]!.store.run(seed(6));
    expect(await stores[1]!.store.run(seed(6))).toEqual(ids);
    const steps: [PayoutChange[], TransitionOptions][] = [
      [departures(ids), { at: AT }],
      [results(ids), { at: LATER, schedule }],
    ];
    const together: TransitionResult[] = [];
    const alone: TransitionResult[] = [];
    for (const [changes, opts] of steps) {
      together.push(await apply(0, changes, opts));
      const parts: TransitionResult = { applied: [], skipped: [] };
      for (const change of changes) {
        const r = await apply(1, [change], opts);
        parts.applied.push(...r.applied);
        parts.skipped.push(...r.skipped);
      }
      alone.push(parts);
    }
    expect(together).toEqual(alone);
    expect(together[1]!.skipped).toEqual([
      { id: ids[3], actual: 'SENDING' },
      { id: 987654, actual: null },
    ]);
    const [rowsA, rowsB] = [await stores[0]!.store.run(payouts()), await stores[1]!.store.run(payouts())];
    expect(rowsA).toEqual(rowsB);
    expect(rowsA.map((r) => r.state)).toEqual(['SUCCESS', 'PENDING', 'REJECTED', 'SENDING', 'READY', 'CANCELLED']);
    const [auditA, auditB] = [await stores[0]!.store.run(auditRows()), await stores[1]!.store.run(auditRows())];
    expect(auditA).toEqual(auditB);
    expect(auditA.map((r) => r.action)).toEqual([
      ...Array(5).fill('send'),
      'result',
      'result',
      'result',
      'dropped',
      'search',
      'not-sent',
      'cancel',
      'dropped',
    ]);
    for (const t of stores) expect(await t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 13 });
  });

  it('chains a call larger than one set-based step, and rolls all of it back on a refused move', async () => {
    const ids = await stores[0]!.store.run(transaction(() => seed(1_200)));
    const send = ids.map((id) => ({ id, from: 'READY' as const, to: 'SENDING' as const, action: 'send' }));
    // The last change is a move the state machine forbids: nothing of the call may remain, in either step.
    const refused = [...send, { id: ids[0]!, from: 'SENDING' as const, to: 'DRAFT' as const, action: 'oops' }];
    await expect(apply(0, refused, { at: AT })).rejects.toThrow('Journal refused the move SENDING → DRAFT');
    expect(await stores[0]!.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 0 });
    const r = await apply(0, send, { at: AT });
    expect(r).toEqual({ applied: ids, skipped: [] });
    const states = await stores[0]!.store.run(
      all<{ n: number }>(q`SELECT count(*) AS n FROM payouts WHERE state = 'SENDING'`),
    );
    expect(Number(states[0]!.n)).toBe(1_200);
    expect(await stores[0]!.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 1_200 });
  });
});
