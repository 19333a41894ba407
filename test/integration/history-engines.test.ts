import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferMode } from '../../src/shared/domain/payout';
import { IST_OFFSET_MS } from '../../src/shared/domain/ist';
import { insertBatchOps } from '../../src/main/db/repos/batches-repo';
import { insertPayoutOps } from '../../src/main/db/repos/payouts-repo';
import { q, run, transaction, type Ops } from '../../src/main/db/store/ops';
import { getBatchDetailOps, listBatchesOps } from '../../src/main/services/history/batches';
import { payoutHeadlineOps } from '../../src/main/services/history/headline';
import { searchPayoutsOps, totalPayoutsOps } from '../../src/main/services/history/search';
import type { HistoryFilters, HistoryPage, HistoryRow, HistorySort } from '../../src/main/services/history/types';
import type { PayoutState } from '../../src/main/services/journal/states';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';

/**
 * The history read side on both engines (issue 13): the same payouts, inserted through storage work, give the same
 * pages, filters, orders, totals and payee-word matches on SQLite (FTS5) and PostgreSQL (tsvector). Every answer is
 * compared with a plain definition computed here, so "the same on both" is two checks against one expectation.
 */

const NAMES = [
  'Ravi Kumar',
  'RAVI KUMAR SHARMA',
  'K. S. Reddy',
  "O'Brien D'Souza",
  'Sai-Krishna Iyer',
  'N. Venkataraman (HUF)',
  'M/s Ramesh & Sons Pvt. Ltd.',
  'Kumaraswamy',
  'Sneha Das',
  'meena sharma',
  'Arjun_Reddy',
  null,
];
const STATES: PayoutState[] = ['SUCCESS', 'FAILED', 'PENDING', 'UNKNOWN', 'SUCCESS', 'REVERSED', 'CANCELLED'];
const MODES: TransferMode[] = ['IMPS', 'NEFT', 'UPI', 'RTGS'];
const AMOUNTS = [100, 5_000_00, 5_000_00, 1_234_56, 99, 10_000_00];
const COUNT = 60;
// 2026-03-01 18:29:59.999Z is the last millisecond of 1 March in IST: rows straddle IST midnights on purpose.
const BASE = Date.parse('2026-03-01T18:29:59.999Z') - 3 * 3_600_000;

type Seeded = HistoryRow & { words: string[] };

function fixture(i: number) {
  const mode = MODES[i % MODES.length] as TransferMode;
  const name = NAMES[i % NAMES.length] ?? null;
  return {
    name,
    mode,
    // Ties on amount and on time, so the id tie-break is exercised in every order.
    amountPaise: (AMOUNTS[i % AMOUNTS.length] as number) + (i % 5 === 0 ? 0 : i),
    createdAt: new Date(BASE + Math.floor(i / 2) * 5 * 3_600_000 + (i % 2)).toISOString(),
    state: STATES[i % STATES.length] as PayoutState,
    beneficiaryId: i % 12 === 11 ? `BEN_${String(i).padStart(5, '0')}` : null,
    vpa: mode === 'UPI' ? (i % 8 === 2 ? 'ravi.kumar@okaxis' : `payee${i}@ybl`) : null,
    account: mode === 'UPI' ? null : `5010${String(1000 + i).padStart(8, '0')}`,
    ifsc: mode === 'UPI' ? null : 'HDFC0000001',
  };
}

function* seedOps(): Ops<void> {
  yield* transaction(function* () {
    const sandbox = yield* insertBatchOps({
      importId: null,
      parentBatchId: null,
      name: 'March salaries',
      environment: 'sandbox',
      kind: 'sheet',
      createdAt: new Date(BASE).toISOString(),
    });
    const production = yield* insertBatchOps({
      importId: null,
      parentBatchId: null,
      name: 'Vendors',
      environment: 'production',
      kind: 'sheet',
      createdAt: new Date(BASE).toISOString(),
    });
    for (let i = 0; i < COUNT; i++) {
      const f = fixture(i);
      const id = yield* insertPayoutOps({
        batchId: i < 36 ? sandbox : production,
        chunkId: null,
        rowNumber: (i < 36 ? i : i - 36) + 2,
        transactionId: `HT${String(i).padStart(6, '0')}`,
        beneficiaryId: f.beneficiaryId,
        payeeName: f.name,
        accountNumber: f.account,
        ifsc: f.ifsc,
        vpa: f.vpa,
        amountPaise: f.amountPaise,
        mode: f.mode,
        state: 'DRAFT',
        createdAt: f.createdAt,
      });
      // The journal's outcome columns, set straight: this test reads history, it does not replay the journal.
      const settled = f.state === 'SUCCESS' || f.state === 'REVERSED';
      yield* run(q`UPDATE payouts SET state = ${f.state}, utr = ${settled ? `UTR${900 + i}` : null},
        enkash_transaction_id = ${`EK-${i}`}, sent_at = ${f.createdAt},
        final_at = ${settled || f.state === 'FAILED' ? f.createdAt : null} WHERE id = ${id}`);
    }
  });
}

function wordsOf(...fields: (string | null)[]): string[] {
  return fields.flatMap((f) => (f ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
}

/** The plain definition of a payee-word match: every typed word starts one of the row's words. */
function payeeMatches(row: Seeded, text: string): boolean {
  return wordsOf(text).every((w) => row.words.some((r) => r.startsWith(w)));
}

const istDay = (iso: string) => new Date(Date.parse(iso) + IST_OFFSET_MS).toISOString().slice(0, 10);

function expected(all: Seeded[], f: HistoryFilters, sort: HistorySort): string[] {
  const key = (r: Seeded) =>
    sort.key === 'createdAt' ? r.createdAt : sort.key === 'amount' ? r.amountPaise : r.rowNumber;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return all
    .filter((r) => f.states === undefined || f.states.includes(r.state))
    .filter((r) => f.modes === undefined || f.modes.includes(r.mode))
    .filter((r) => f.environment === undefined || r.environment === f.environment)
    .filter((r) => f.batchId === undefined || r.batchId === f.batchId)
    .filter((r) => f.minAmountPaise === undefined || r.amountPaise >= f.minAmountPaise)
    .filter((r) => f.maxAmountPaise === undefined || r.amountPaise <= f.maxAmountPaise)
    .filter((r) => f.amountPaise === undefined || r.amountPaise === f.amountPaise)
    .filter((r) => f.from === undefined || istDay(r.createdAt) >= f.from)
    .filter((r) => f.to === undefined || istDay(r.createdAt) <= f.to)
    .filter((r) => f.payee === undefined || payeeMatches(r, f.payee))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * sign;
    })
    .map((r) => r.transactionId);
}

const NEWEST: HistorySort = { key: 'createdAt', direction: 'desc' };
const SORTS: HistorySort[] = [
  NEWEST,
  { key: 'createdAt', direction: 'asc' },
  { key: 'amount', direction: 'desc' },
  { key: 'amount', direction: 'asc' },
];

describe.each(ENGINES)('history on %s', (name) => {
  let t: TestStore;
  let all: Seeded[];
  let sandboxBatch: number;

  async function pages(filters: HistoryFilters, sort: HistorySort, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 100; n++) {
      const page: HistoryPage = await t.store.run(searchPayoutsOps(filters, sort, { limit, after }));
      ids.push(...page.rows.map((r) => r.transactionId));
      after = page.nextCursor;
      if (!after) return ids;
    }
    throw new Error('no last page');
  }

  beforeAll(async () => {
    t = await openTestStore(name);
    await t.store.run(seedOps());
    const page = await t.store.run(searchPayoutsOps({}, NEWEST, { limit: 1000, revealAccounts: true }));
    all = page.rows.map((r) => ({ ...r, words: wordsOf(r.payeeName, r.beneficiaryId, r.vpa) }));
    sandboxBatch = all.find((r) => r.environment === 'sandbox')!.batchId;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads every row back with the same shape and exact paise', () => {
    expect(all).toHaveLength(COUNT);
    const first = all.find((r) => r.transactionId === 'HT000000')!;
    expect(first).toMatchObject({
      rowNumber: 2,
      batchName: 'March salaries',
      environment: 'sandbox',
      payeeName: 'Ravi Kumar',
      account: '501000001000',
      accountLast4: '1000',
      amountPaise: 100,
      state: 'SUCCESS',
      utr: 'UTR900',
      attempts: 0,
    });
    // camelCase keys on both engines (PostgreSQL folds unquoted aliases to lower case).
    expect(Object.keys(first)).toContain('enkashTransactionId');
    expect(Object.keys(first)).toContain('previousTransactionIds');
    const { words, ...row } = first;
    expect(words).toEqual(['ravi', 'kumar']);
    expect(Object.keys(row)).toHaveLength(30);
  });

  it('pages every order with a cursor, ties broken by id', async () => {
    for (const sort of SORTS) expect(await pages({}, sort, 7)).toEqual(expected(all, {}, sort));
    const byRow: HistorySort = { key: 'row', direction: 'asc' };
    expect(await pages({ batchId: sandboxBatch }, byRow, 5)).toEqual(expected(all, { batchId: sandboxBatch }, byRow));
  });

  it('filters by state, IST dates, amount, mode and environment, alone and combined', async () => {
    const cases: HistoryFilters[] = [
      { states: ['FAILED'] },
      { states: ['SUCCESS', 'REVERSED'] },
      { from: '2026-03-02', to: '2026-03-02' },
      { from: '2026-03-03' },
      { to: '2026-03-01' },
      { minAmountPaise: 5_000_00 },
      { minAmountPaise: 1_000, maxAmountPaise: 5_000_00 },
      { amountPaise: 5_000_00 },
      { modes: ['UPI', 'RTGS'] },
      { environment: 'production' },
      { environment: 'sandbox', states: ['SUCCESS'], minAmountPaise: 1_000 },
      { states: ['PENDING', 'UNKNOWN'], from: '2026-03-02', to: '2026-03-05', modes: ['NEFT', 'UPI'] },
    ];
    for (const filters of cases) {
      for (const sort of [NEWEST, { key: 'amount', direction: 'asc' } as HistorySort]) {
        expect({ filters, ids: await pages(filters, sort, 4) }).toEqual({ filters, ids: expected(all, filters, sort) });
      }
    }
  });

  it('finds by id-like filters: transactionId in any case, EnKash id, UTR, account or its last four', async () => {
    const ids = async (filters: HistoryFilters) => (await pages(filters, NEWEST, 50)).sort();
    expect(await ids({ transactionId: 'ht000004' })).toEqual(['HT000004']);
    expect(await ids({ transactionId: 'EK-7' })).toEqual(['HT000007']);
    expect(await ids({ utr: 'UTR904' })).toEqual(['HT000004']);
    expect(await ids({ account: '1001' })).toEqual(['HT000001']);
    expect(await ids({ account: '501000001003' })).toEqual(['HT000003']);
  });

  it('matches payee words as prefixes, in any case, across punctuation, names, beneficiary ids and VPAs', async () => {
    const searches = [
      'kum',
      'KUMAR ravi',
      'ravi.kumar',
      'okaxis',
      "d'souza",
      'DSouza',
      'sai-krishna',
      'krish iyer',
      '(HUF)',
      'venkat',
      'pvt. ltd',
      'm/s',
      'reddy',
      'arjun_red',
      'ben_000',
      'BEN 00011',
      'payee1',
      'sharma',
      'kum ra sh',
      'kumar AND NOT ravi',
      'ravi"*',
      "x' | y:*",
      'zz',
    ];
    for (const payee of searches) {
      const want = expected(all, { payee }, NEWEST);
      expect({ payee, ids: await pages({ payee }, NEWEST, 6) }).toEqual({ payee, ids: want });
    }
    // The cases above are not vacuous: the broad word matches many rows, the narrow ones a few.
    expect(expected(all, { payee: 'kum' }, NEWEST).length).toBeGreaterThan(10);
    expect(expected(all, { payee: "d'souza" }, NEWEST).length).toBe(5);
    // Combined with other filters and another order.
    const f: HistoryFilters = { payee: 'ravi', states: ['SUCCESS'], minAmountPaise: 1_000 };
    const byAmount: HistorySort = { key: 'amount', direction: 'desc' };
    expect(await pages(f, byAmount, 3)).toEqual(expected(all, f, byAmount));
  });

  it('finds a Devanagari name by a whole word and by its first letters', async () => {
    const id = await t.store.run(
      insertPayoutOps({
        batchId: sandboxBatch,
        chunkId: null,
        rowNumber: 500,
        transactionId: 'HTDEVANAGARI',
        payeeName: 'रवि कुमार',
        accountNumber: '501099999999',
        ifsc: 'HDFC0000001',
        amountPaise: 777,
        mode: 'IMPS',
        state: 'DRAFT',
        createdAt: '2026-03-20T00:00:00.000Z',
      }),
    );
    try {
      for (const payee of ['कुमार', 'कुम', 'रवि कुमार']) {
        const page = await t.store.run(searchPayoutsOps({ payee }, NEWEST, { limit: 10 }));
        expect({ payee, ids: page.rows.map((r) => r.transactionId) }).toEqual({ payee, ids: ['HTDEVANAGARI'] });
      }
    } finally {
      await t.store.run(run(q`DELETE FROM payouts WHERE id = ${id}`));
    }
  });

  it('refuses payee text without a letter or digit', async () => {
    await expect(t.store.run(searchPayoutsOps({ payee: " '&|!* " }))).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('counts and sums the matches, split into money buckets, in integer paise', async () => {
    for (const filters of [
      {},
      { payee: 'kumar' },
      { environment: 'production', states: ['FAILED'] as PayoutState[] },
    ]) {
      const want = expected(all, filters, NEWEST);
      const paise = all.filter((r) => want.includes(r.transactionId)).reduce((s, r) => s + r.amountPaise, 0);
      expect(await t.store.run(totalPayoutsOps(filters))).toEqual({ count: want.length, amountPaise: paise });
      const headline = await t.store.run(payoutHeadlineOps(filters));
      expect(headline.total).toEqual({ count: want.length, amountPaise: paise });
      const page = await t.store.run(searchPayoutsOps(filters, NEWEST, { limit: 1, withTotal: true }));
      expect(page.total).toEqual(headline.total);
      expect(page.headline).toEqual(headline.buckets);
    }
  });

  it('lists batches newest first with counts by state, and a batch in detail', async () => {
    const list = await t.store.run(listBatchesOps({ limit: 1 }));
    expect(list.batches.map((b) => b.name)).toEqual(['Vendors']);
    const rest = await t.store.run(listBatchesOps({ limit: 1, beforeId: list.nextBeforeId! }));
    expect(rest.batches.map((b) => b.name)).toEqual(['March salaries']);
    expect(rest.nextBeforeId).toBeNull();
    const sandboxRows = all.filter((r) => r.batchId === sandboxBatch);
    const counts: Partial<Record<PayoutState, number>> = {};
    for (const r of sandboxRows) counts[r.state] = (counts[r.state] ?? 0) + 1;
    expect(rest.batches[0]!.countsByState).toEqual(counts);
    expect((await t.store.run(listBatchesOps({ environment: 'production' }))).batches.map((b) => b.name)).toEqual([
      'Vendors',
    ]);

    const detail = await t.store.run(getBatchDetailOps(sandboxBatch, { limit: 10, withTimelines: true }));
    expect(detail.rows.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(detail.rows.rows[0]!.account).toBe('********1000');
    const paid = sandboxRows.filter((r) => r.state !== 'CANCELLED');
    expect(detail.total).toEqual({ count: paid.length, amountPaise: paid.reduce((s, r) => s + r.amountPaise, 0) });
    expect(detail.totalsByStatus.map((s) => s.state)).toEqual(Object.keys(counts).sort());
    expect(detail.totalsByMode.reduce((s, m) => s + m.amountPaise, 0)).toBe(detail.total.amountPaise);
    expect(Object.keys(detail.timelines!)).toHaveLength(10);
  });
});
