import { describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { getPayoutOps, payoutsOfChunkOps } from '../../src/main/db/repos/payouts-repo';
import { all, get, q, run, transaction } from '../../src/main/db/store/ops';
import { claimChunkDepartureOps } from '../../src/main/services/journal/send-claim';
import {
  type PayoutChange,
  transitionChunkOps,
  transitionPayoutsOps,
} from '../../src/main/services/journal/transition';
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { ENGINES } from '../support/test-store';
import { leasedStoreEach } from './support/leased-store';
import { seedReadyChunkOps } from './support/seed-chunk';

/**
 * One chunk's journal work — the claim (READY → SENDING) and the recorded answer (SENDING → PENDING, REJECTED,
 * UNKNOWN, one stale change dropped) — pinned to the audit chain and rows the per-row writer wrote before the
 * set-based statements (issue 13 point 5). The last hash covers every entry's content and link, so one value pins
 * the whole chain: any change to what is audited, in what order, shows here. The same on both engines.
 */

const AT = new Date('2026-12-03T10:00:00.000Z');
const LATER = new Date('2026-12-03T10:00:05.000Z');
const LAST_HASH = '979ff497d5c3fe697de76ef25e1a216a9e0c48242da738e043f31c9b26f50a6e';

const sendData = (payoutId: number) => JSON.stringify({ payoutId, batchId: 1, route: 'batch' });
const AUDIT: [number, string, string][] = [
  [1, 'send', JSON.stringify({ chunkId: 1, rows: 4 })],
  [2, 'send', sendData(1)],
  [3, 'send', sendData(2)],
  [4, 'send', sendData(3)],
  [5, 'send', sendData(4)],
  [6, 'result', JSON.stringify({ payoutId: 1, batchId: 1, enkashStatus: 'PENDING', enkashTransactionId: 'E1' })],
  [7, 'result', JSON.stringify({ payoutId: 2, batchId: 1, enkashStatus: 'REJECTED', rejectCode: 'R1' })],
  [8, 'result-missing', JSON.stringify({ payoutId: 3, batchId: 1, reason: 'not in the answer' })],
  [
    9,
    'dropped',
    JSON.stringify({
      payoutId: 4,
      expected: ['PENDING'],
      actual: 'SENDING',
      wanted: 'SUCCESS',
      action: 'result',
      batchId: 1,
      utr: 'U4',
    }),
  ],
  [10, 'result', JSON.stringify({ chunkId: 1 })],
];

const sent = {
  attempts: 1,
  sentAt: AT.toISOString(),
  lastRoute: 'batch',
  searchedAt: null,
  checks: 0,
  utr: null,
  flag: null,
};
const ROWS = [
  {
    ...sent,
    state: 'PENDING',
    acceptedAt: LATER.toISOString(),
    finalAt: null,
    nextCheckAt: '2026-12-03T11:00:00.000Z',
    enkashStatus: 'PENDING',
    enkashTransactionId: 'E1',
    rejectCode: null,
    failureReason: null,
  },
  {
    ...sent,
    state: 'REJECTED',
    acceptedAt: null,
    finalAt: LATER.toISOString(),
    nextCheckAt: null,
    enkashStatus: 'REJECTED',
    enkashTransactionId: null,
    rejectCode: 'R1',
    failureReason: 'bad "ifsc" ₹',
  },
  ...['UNKNOWN', 'SENDING'].map((state) => ({
    ...sent,
    state,
    acceptedAt: null,
    finalAt: null,
    nextCheckAt: null,
    enkashStatus: null,
    enkashTransactionId: null,
    rejectCode: null,
    failureReason: null,
  })),
];

function answer(ids: number[]): PayoutChange[] {
  const [a, b, c, d] = ids as [number, number, number, number];
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
      to: 'REJECTED',
      action: 'result',
      set: { enkashStatus: 'REJECTED', rejectCode: 'R1', failureReason: 'bad "ifsc" ₹' },
    },
    { id: c, from: 'SENDING', to: 'UNKNOWN', action: 'result-missing', data: { reason: 'not in the answer' } },
    { id: d, from: 'PENDING', to: 'SUCCESS', action: 'result', set: { utr: 'U4' } },
  ];
}

describe.each(ENGINES)("one chunk's journal work on %s", (engine) => {
  const s = leasedStoreEach(engine);

  it('writes the audit chain and the rows the per-row writer wrote', async () => {
    const { chunkId, ids } = await s.t.store.run(seedReadyChunkOps(4, AT));
    // The claim's chunk read (a JSON row on SQLite) gives what the one-row read gives, key for key, in order.
    const one = [];
    for (const id of ids) one.push(await s.t.store.run(getPayoutOps(id)));
    expect(JSON.stringify(await s.t.store.run(payoutsOfChunkOps(chunkId, ['READY'])))).toBe(JSON.stringify(one));

    const profile = { ...DEFAULT_API_PROFILE, fundSourceId: 'FS1' };
    const claim = await s.t.store.run(
      claimChunkDepartureOps(chunkId, 'first', { at: AT, profile, ownerId: s.lease.ownerId }),
    );
    expect(claim?.rows.map((r) => r.id)).toEqual(ids);
    await s.t.store.run(
      transaction(function* () {
        const schedule = (to: string) => (to === 'PENDING' ? '2026-12-03T11:00:00.000Z' : null);
        yield* transitionPayoutsOps(answer(ids), { at: LATER, schedule });
        yield* transitionChunkOps(chunkId, ['SENDING'], 'SENT', { at: LATER, action: 'result', landed: true });
      }),
    );

    const audit = await s.t.store.run(
      all<{ id: number; action: string; data: string; hash: string }>(
        q`SELECT id, action, data, hash FROM audit_log ORDER BY id`,
      ),
    );
    expect(audit.map((r) => [Number(r.id), r.action, r.data])).toEqual(AUDIT);
    expect(audit.at(-1)?.hash).toBe(LAST_HASH);
    expect(await s.t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: AUDIT.length });
    const rows = await s.t.store.run(
      all(q`SELECT state, attempts, sent_at AS sentAt, accepted_at AS acceptedAt, final_at AS finalAt,
          next_check_at AS nextCheckAt, enkash_status AS enkashStatus, enkash_transaction_id AS enkashTransactionId,
          reject_code AS rejectCode, failure_reason AS failureReason, flag, last_route AS lastRoute,
          searched_at AS searchedAt, checks, utr FROM payouts ORDER BY id`),
    );
    expect(rows).toEqual(ROWS);
  });

  it('refuses an entry that forks the chain, with hash no longer unique', async () => {
    const { chunkId } = await s.t.store.run(seedReadyChunkOps(2, AT));
    const profile = { ...DEFAULT_API_PROFILE, fundSourceId: 'FS1' };
    await s.t.store.run(claimChunkDepartureOps(chunkId, 'first', { at: AT, profile, ownerId: s.lease.ownerId }));
    // A writer holding a stale end of the chain links to the entry before the last one.
    const stale = await s.t.store.run(get<{ hash: string }>(q`SELECT hash FROM audit_log WHERE id = 2`));
    const fork = run(q`INSERT INTO audit_log (at, entity, entity_id, action, data, prev_hash, hash)
      VALUES (${LATER.toISOString()}, 'payout', 'T9', 'send', '{}', ${stale!.hash}, ${'f'.repeat(64)})`);
    await expect(s.t.store.run(fork)).rejects.toThrow(/does not follow the last entry/);
    expect(await s.t.store.run(verifyAuditChainOps())).toEqual({ ok: true, entries: 3 });
    if (engine === 'pg') {
      // PostgreSQL keeps prev_hash UNIQUE: no two entries can claim one predecessor, whatever a snapshot saw.
      const unique = await s.t.store.run(
        all<{ name: string }>(q`SELECT conname AS name FROM pg_constraint
          WHERE conrelid = 'audit_log'::regclass AND contype = 'u' ORDER BY conname`),
      );
      expect(unique).toEqual([{ name: 'audit_log_prev_hash_key' }]);
    }
  });
});
