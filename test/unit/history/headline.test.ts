import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayoutState } from '../../../src/shared/domain/payout-states';
import {
  MONEY_BUCKET_OF,
  MONEY_BUCKETS,
  PAYOUT_STATES,
  statesInBucket,
} from '../../../src/shared/domain/payout-states';
import { buildHeadlineQuery, payoutHeadline } from '../../../src/main/services/history/headline';
import { searchPayouts, totalPayouts } from '../../../src/main/services/history/search';
import type { HistoryFilters } from '../../../src/main/services/history/types';
import { fullScans } from './plans';
import { addBatch, addPayout, openTestDb, seedVaried, type SeededRow, type TestDb } from './seed';

let t: TestDb;
let rows: SeededRow[];
const extra: { state: PayoutState; amountPaise: number }[] = [];

beforeAll(() => {
  t = openTestDb();
  rows = seedVaried(t.db, 900, 17);
  // The seed has only sent rows; add the states a sheet passes through before and instead of sending.
  const draft = addBatch(t.db, { name: 'December draft', state: 'DRAFT' });
  const unsentStates: PayoutState[] = ['DRAFT', 'DRAFT', 'READY', 'CANCELLED', 'SENDING', 'CONFLICT'];
  unsentStates.forEach((state, i) => {
    const amountPaise = 100_000 * (i + 1) + 25;
    addPayout(t.db, { batchId: draft, transactionId: `TXNHEADLINE${i}`, amountPaise, state });
    extra.push({ state, amountPaise });
  });
});
afterAll(() => t.close());

const all = () => [...rows.map((r) => ({ state: r.state as PayoutState, amountPaise: r.amountPaise })), ...extra];

describe('money buckets (issue 17 point 4)', () => {
  it('put every payout state in exactly one bucket', () => {
    const listed = MONEY_BUCKETS.flatMap((b) => statesInBucket(b));
    expect([...listed].sort()).toEqual([...PAYOUT_STATES].sort());
    expect(new Set(listed).size).toBe(PAYOUT_STATES.length);
    expect(statesInBucket('paid')).toEqual(['SUCCESS']);
    expect(statesInBucket('notSent')).toEqual(['DRAFT', 'READY']);
    expect(statesInBucket('failed')).toEqual(['FAILED', 'REVERSED', 'REJECTED']);
  });

  it('split the matches by bucket, in integer paise, adding up to the total', () => {
    for (const filters of [{}, { states: ['DRAFT', 'SUCCESS'] }] as HistoryFilters[]) {
      const headline = payoutHeadline(t.db, filters);
      const matched = all().filter((r) => !filters.states || filters.states.includes(r.state));
      for (const b of MONEY_BUCKETS) {
        const inBucket = matched.filter((r) => MONEY_BUCKET_OF[r.state] === b);
        expect(headline.buckets[b], b).toEqual({
          count: inBucket.length,
          amountPaise: inBucket.reduce((s, r) => s + r.amountPaise, 0),
        });
      }
      expect(headline.total).toEqual(totalPayouts(t.db, filters));
    }
    const env = payoutHeadline(t.db, { environment: 'sandbox' });
    expect(env.total).toEqual(totalPayouts(t.db, { environment: 'sandbox' }));
    expect(Object.values(env.buckets).reduce((s, b) => s + b.count, 0)).toBe(env.total.count);
  });

  it('drafts never sent are not counted as paid, and the page carries the headline', () => {
    const page = searchPayouts(t.db, {}, undefined, { limit: 5, withTotal: true });
    expect(page.total).toEqual(totalPayouts(t.db, {}));
    expect(page.headline!.notSent).toEqual({ count: 3, amountPaise: 100_025 + 200_025 + 300_025 });
    expect(page.headline!.cancelled).toEqual({ count: 1, amountPaise: 400_025 });
    const paid = rows.filter((r) => r.state === 'SUCCESS');
    expect(page.headline!.paid).toEqual({
      count: paid.length,
      amountPaise: paid.reduce((s, r) => s + r.amountPaise, 0),
    });
    expect(searchPayouts(t.db, {}, undefined, { limit: 5 }).headline).toBeUndefined();
  });

  it('uses the filters’ indexes, like the plain total', () => {
    const bank = rows.find((r) => r.accountNumber && r.utr)!;
    const cases: HistoryFilters[] = [
      { payee: 'kum' },
      { account: bank.accountNumber!.slice(-4) },
      { utr: bank.utr! },
      { batchId: bank.batchId },
      { states: ['FAILED'] },
      { environment: 'sandbox', payee: 'kum' },
    ];
    const bad: string[] = [];
    for (const filters of cases) {
      payoutHeadline(t.db, filters);
      const q = buildHeadlineQuery(filters);
      const detail = (t.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      if (fullScans(detail).length) bad.push(`${JSON.stringify(filters)}: ${detail.join(' | ')}`);
    }
    expect(bad).toEqual([]);
  });
});
