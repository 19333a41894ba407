import { describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, get, type Ops, q, transaction } from '../../src/main/db/store/ops';
import { declareOwnerOps } from '../../src/main/services/journal/chunk-leases';
import {
  editPayoutDataOps,
  transitionBatchOps,
  transitionChunkOps,
  transitionPayoutsOps,
} from '../../src/main/services/journal/transition';
import { ENGINES } from '../support/test-store';
import { leasedStoreEach } from './support/leased-store';
import { seedReadyChunkOps } from './support/seed-chunk';

const AT = new Date('2026-12-03T10:00:00.000Z');

const seed = (rows: number) => seedReadyChunkOps(rows, AT);

type Row = {
  id: number;
  state: string;
  attempts: number;
  sentAt: string | null;
  utr: string | null;
  finalAt: string | null;
};
const rowsOf = () =>
  all<Row>(q`SELECT id, state, attempts, sent_at AS sentAt, utr, final_at AS finalAt FROM payouts ORDER BY id`);

describe.each(ENGINES)('the journal writer on %s', (engine) => {
  const s = leasedStoreEach(engine);
  /** Runs `ops` in one transaction that names this test's lease as the writer, as the engine's claim does. */
  const leased = <T>(ops: Ops<T>) =>
    s.t.store.run(
      transaction(function* () {
        yield* declareOwnerOps(s.lease.ownerId);
        return yield* ops;
      }),
    );

  it('moves rows through the state machine with one chained audit entry per move', async () => {
    const { ids } = await s.t.store.run(seed(2));
    const sent = await leased(
      transitionPayoutsOps(
        ids.map((id) => ({ id, from: 'READY' as const, to: 'SENDING' as const, action: 'send' })),
        { at: AT },
      ),
    );
    expect(sent).toEqual({ applied: ids, skipped: [] });
    const later = new Date(AT.getTime() + 1000);
    const done = await s.t.store.run(
      transitionPayoutsOps(
        [
          { id: ids[0]!, from: 'SENDING', to: 'SUCCESS', action: 'result', set: { utr: 'UTR1' } },
          // Expects a state the row is not in: skipped and audited as dropped, never applied.
          { id: ids[1]!, from: 'PENDING', to: 'SUCCESS', action: 'result' },
        ],
        { at: later },
      ),
    );
    expect(done).toEqual({ applied: [ids[0]], skipped: [{ id: ids[1], actual: 'SENDING' }] });
    expect(await s.t.store.run(rowsOf())).toEqual([
      {
        id: ids[0],
        state: 'SUCCESS',
        attempts: 1,
        sentAt: AT.toISOString(),
        utr: 'UTR1',
        finalAt: later.toISOString(),
      },
      { id: ids[1], state: 'SENDING', attempts: 1, sentAt: AT.toISOString(), utr: null, finalAt: null },
    ]);
    const actions = await s.t.store.run(all<{ action: string }>(q`SELECT action FROM audit_log ORDER BY id`));
    expect(actions.map((a) => a.action)).toEqual(['send', 'send', 'result', 'dropped']);
    expect(await s.t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 4 });
  });

  it('refuses a move the state machine forbids and rolls the whole call back', async () => {
    const { ids } = await s.t.store.run(seed(2));
    await expect(
      leased(
        transitionPayoutsOps(
          [
            { id: ids[0]!, from: 'READY', to: 'SENDING', action: 'send' },
            { id: ids[1]!, from: 'READY', to: 'SUCCESS', action: 'result' },
          ],
          { at: AT },
        ),
      ),
    ).rejects.toThrow('Journal refused the move READY → SUCCESS');
    expect((await s.t.store.run(rowsOf())).map((r) => r.state)).toEqual(['READY', 'READY']);
    expect(await s.t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 0 });
  });

  it('moves batches and chunks, and edits a row without moving it', async () => {
    const { batchId, chunkId, ids } = await s.t.store.run(seed(1));
    expect(
      await s.t.store.run(transitionBatchOps(batchId, ['CONFIRMED'], 'SENDING', { at: AT, action: 'start' })),
    ).toBe(true);
    expect(
      await s.t.store.run(transitionBatchOps(batchId, ['CONFIRMED'], 'SENDING', { at: AT, action: 'start' })),
    ).toBe(false);
    expect(await s.t.store.run(transitionChunkOps(chunkId, ['READY'], 'SENDING', { at: AT, action: 'send' }))).toBe(
      true,
    );
    expect(await s.t.store.run(editPayoutDataOps(ids[0]!, 'READY', { payee_name: 'Ravi K' }, AT))).toBe(true);
    expect(await s.t.store.run(editPayoutDataOps(ids[0]!, 'SENDING', { payee_name: 'x' }, AT))).toBe(false);
    const state = await s.t.store.run(
      get<{ b: string; c: string; attempts: number; name: string }>(
        q`SELECT b.state AS b, c.state AS c, c.attempts AS attempts, p.payee_name AS name
          FROM payouts p JOIN chunks c ON c.id = p.chunk_id JOIN batches b ON b.id = p.batch_id`,
      ),
    );
    expect(state).toEqual({ b: 'SENDING', c: 'SENDING', attempts: 1, name: 'Ravi K' });
    expect(await s.t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 3 });
  });

  it('lets only one of two simultaneous writers move a row, and keeps one linear audit chain', async () => {
    const { ids } = await s.t.store.run(seed(20));
    // On PostgreSQL these run on two pooled connections at once: the row lock and the chain lock must serialise them.
    const moves = (action: string) =>
      leased(
        transitionPayoutsOps(
          ids.map((id) => ({ id, from: 'READY' as const, to: 'SENDING' as const, action })),
          { at: AT },
        ),
      );
    const [a, b] = await Promise.all([moves('a'), moves('b')]);
    expect([...a.applied, ...b.applied].sort((x, y) => x - y)).toEqual(ids);
    expect(a.applied.length * b.applied.length).toBe(0);
    expect((await s.t.store.run(rowsOf())).every((r) => r.state === 'SENDING' && r.attempts === 1)).toBe(true);
    expect(await s.t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 40 });
  });
});
