import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  batchTransactionIdTakenOps,
  chunksOfBatchOps,
  getBatchRowOps,
  getChunkOps,
  insertBatchOps,
  insertChunkOps,
  listBatchRowsOps,
  markChunkLandedOps,
  refreshBatchTotalsOps,
  setBatchLastErrorOps,
} from '../../src/main/db/repos/batches-repo';
import {
  countPayoutsInStatesOps,
  duePayoutsOps,
  getPayoutByTransactionIdOps,
  getPayoutOps,
  insertPayoutOps,
  payoutsOfBatchOps,
  payoutsOfChunkOps,
  recordCheckOps,
  transactionIdTakenOps,
} from '../../src/main/db/repos/payouts-repo';
import { q, run } from '../../src/main/db/store/ops';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';

const AT = '2026-12-03T10:00:00.000Z';

describe.each(ENGINES)('batch and payout repositories on %s', (engine) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  async function seed() {
    const s = t.store;
    const batchId = await s.run(
      insertBatchOps({
        importId: null,
        parentBatchId: null,
        name: 'Dec',
        environment: 'sandbox',
        kind: 'sheet',
        createdAt: AT,
      }),
    );
    const chunkId = await s.run(insertChunkOps({ batchId, seq: 1, batchTransactionId: 'BTX-1' }));
    const base = { batchId, chunkId, mode: 'IMPS' as const, createdAt: AT, state: 'DRAFT' as const };
    const a = await s.run(
      insertPayoutOps({
        ...base,
        rowNumber: 2,
        transactionId: 'TXA',
        amountPaise: 150_00,
        payeeName: 'Asha',
        modeDefaulted: true,
      }),
    );
    const b = await s.run(insertPayoutOps({ ...base, rowNumber: 3, transactionId: 'TXB', amountPaise: 250_50 }));
    await s.run(
      insertPayoutOps({ ...base, rowNumber: 4, transactionId: 'TXC', amountPaise: 999_00, state: 'CANCELLED' }),
    );
    return { batchId, chunkId, a, b };
  }

  it('inserts with RETURNING ids and reads the rows back in the same shape', async () => {
    const { batchId, chunkId, a } = await seed();
    expect(await t.store.run(refreshBatchTotalsOps(batchId))).toEqual({ rowCount: 2, totalPaise: 400_50 });
    await t.store.run(setBatchLastErrorOps(batchId, 'network down'));
    const batch = await t.store.run(getBatchRowOps(batchId));
    expect(batch).toMatchObject({
      id: batchId,
      importId: null,
      name: 'Dec',
      state: 'DRAFT',
      kind: 'sheet',
      rowCount: 2,
      totalPaise: 400_50,
      createdAt: AT,
      lastError: 'network down',
    });
    expect(await t.store.run(getBatchRowOps(batchId + 100))).toBeUndefined();

    const payout = await t.store.run(getPayoutOps(a));
    expect(payout).toMatchObject({ id: a, batchId, chunkId, rowNumber: 2, amountPaise: 150_00, modeDefaulted: true });
    expect(payout?.payeeName).toBe('Asha');
    // transactionIds compare case-insensitively on both engines.
    expect((await t.store.run(getPayoutByTransactionIdOps('txa')))?.id).toBe(a);
    expect(await t.store.run(transactionIdTakenOps('txb'))).toBe(true);
    expect(await t.store.run(transactionIdTakenOps('TXZ'))).toBe(false);
    expect(await t.store.run(batchTransactionIdTakenOps('btx-1'))).toBe(true);

    const chunk = await t.store.run(getChunkOps(chunkId));
    expect(chunk).toMatchObject({ batchId, seq: 1, batchTransactionId: 'BTX-1', state: 'READY', landed: false });
    await t.store.run(markChunkLandedOps(chunkId));
    expect((await t.store.run(chunksOfBatchOps(batchId))).map((c) => c.landed)).toEqual([true]);
  });

  it('filters by state lists, pages, and counts', async () => {
    const { batchId, chunkId, a, b } = await seed();
    const rows = async (opts: Parameters<typeof payoutsOfBatchOps>[1]) =>
      (await t.store.run(payoutsOfBatchOps(batchId, opts))).map((p) => p.rowNumber);
    expect(await rows({})).toEqual([2, 3, 4]);
    expect(await rows({ states: ['DRAFT'] })).toEqual([2, 3]);
    expect(await rows({ offset: 1 })).toEqual([3, 4]);
    expect(await rows({ limit: 1, offset: 1 })).toEqual([3]);
    expect((await t.store.run(payoutsOfChunkOps(chunkId, ['CANCELLED', 'DRAFT']))).length).toBe(3);
    expect(await t.store.run(countPayoutsInStatesOps('sandbox', ['DRAFT']))).toBe(2);
    expect(await t.store.run(countPayoutsInStatesOps('uat', ['DRAFT']))).toBe(0);
    expect(await t.store.run(countPayoutsInStatesOps('sandbox', []))).toBe(0);

    const listed = await t.store.run(listBatchRowsOps({ environment: 'sandbox', states: ['DRAFT', 'CONFIRMED'] }));
    expect(listed.map((x) => x.id)).toEqual([batchId]);
    expect(await t.store.run(listBatchRowsOps({ states: ['SENT'] }))).toEqual([]);

    // Due rows: a row without a schedule first (SQLite's NULL order, spelled out for PostgreSQL), then by time.
    await t.store.run(run(q`UPDATE payouts SET state = 'UNKNOWN'`));
    await t.store.run(recordCheckOps(b, { nextCheckAt: '2026-12-03T09:00:00.000Z', countCheck: true, flag: 'x' }));
    const due = await t.store.run(duePayoutsOps('sandbox', ['UNKNOWN'], AT, { nullIsDue: true }));
    expect(due.map((p) => p.id)).toEqual([a, a + 2, b]);
    expect(due[2]).toMatchObject({ checks: 1, flag: 'x', nextCheckAt: '2026-12-03T09:00:00.000Z' });
    await t.store.run(recordCheckOps(b, { nextCheckAt: null, clearFlag: 'x', utr: 'UTR1', searchedAt: AT }));
    expect(await t.store.run(getPayoutOps(b))).toMatchObject({ flag: null, utr: 'UTR1', searchedAt: AT, checks: 1 });
    expect(
      (await t.store.run(duePayoutsOps('sandbox', ['UNKNOWN'], AT, { nullIsDue: false }))).map((p) => p.id),
    ).toEqual([]);
  });
});
