import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainPage, PAYEE_CAP, searchPayouts } from '../../../src/main/services/history/search';
import type { HistoryFilters, HistorySort } from '../../../src/main/services/history/types';
import { addBatch, addPayout, openTestDb, type TestDb } from './seed';

/**
 * Broad payee words in time order take the windowed plan (payee-window.ts): the sort index in windows, FTS5 asked per
 * window's id range. Ids usually follow staging time; here half the rows were staged with times running backwards
 * (a clock that jumped), so some windows are sparse in ids and fall back to the per-row check. Every page sequence
 * must still give exactly the plain definition's rows.
 */

let t: TestDb;
type Row = { id: number; createdAt: string; name: string; state: string };
const rows: Row[] = [];
const NAMES = ['Ravi Kumar', 'Kumari Devi', 'Asha Iyer', 'Arjun Kumar Reddy'];

beforeAll(() => {
  t = openTestDb();
  const batch = addBatch(t.db, {});
  const base = Date.parse('2026-03-01T00:00:00.000Z');
  t.db.transaction(() => {
    for (let i = 0; i < 5000; i++) {
      // First 2500 rows in time order, the rest with times running backwards through the same span.
      const ms = i < 2500 ? base + i * 60_000 : base + (5000 - i) * 60_000 + 30_000;
      const createdAt = new Date(ms).toISOString();
      const name = NAMES[i % NAMES.length] as string;
      const state = i % 5 === 0 ? 'FAILED' : 'SUCCESS';
      const id = addPayout(t.db, {
        batchId: batch,
        rowNumber: i + 2,
        transactionId: `PW${i}`,
        payeeName: name,
        amountPaise: 100 + i,
        state,
        createdAt,
      });
      rows.push({ id, createdAt, name, state });
    }
  })();
});
afterAll(() => t?.close());

function expected(payee: string, sort: HistorySort, states?: string[]): number[] {
  const words = payee.toLowerCase().split(/\s+/);
  const d = sort.direction === 'asc' ? 1 : -1;
  return rows
    .filter((r) => !states || states.includes(r.state))
    .filter((r) =>
      words.every((w) =>
        r.name
          .toLowerCase()
          .split(' ')
          .some((x) => x.startsWith(w)),
      ),
    )
    .sort((a, b) => (a.createdAt < b.createdAt ? -d : a.createdAt > b.createdAt ? d : (a.id - b.id) * d))
    .map((r) => r.id);
}

function pages(filters: HistoryFilters, sort: HistorySort, limit: number): number[] {
  const got: number[] = [];
  let after: string | null = null;
  do {
    const page = searchPayouts(t.db, filters, sort, { limit, after });
    got.push(...page.rows.map((r) => r.id));
    after = page.nextCursor;
  } while (after);
  return got;
}

describe('payee words matching many rows, in time order', () => {
  it('walks the sort index in windows and asks FTS5 per id range', () => {
    expect(expected('kum', { key: 'createdAt', direction: 'desc' }).length).toBeGreaterThan(PAYEE_CAP);
    const plan = explainPage(t.db, { payee: 'kum' }).join(' | ');
    expect(plan).toMatch(/^SCAN p USING INDEX payouts_created/);
    expect(plan).toMatch(/payouts_payee_fts VIRTUAL TABLE INDEX/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('gives exactly the matching rows, in order, across windows in and out of id order', () => {
    for (const direction of ['desc', 'asc'] as const) {
      const sort: HistorySort = { key: 'createdAt', direction };
      for (const limit of [37, 333]) {
        expect(pages({ payee: 'kum' }, sort, limit)).toEqual(expected('kum', sort));
      }
      expect(pages({ payee: 'kumar ravi' }, sort, 97)).toEqual(expected('kumar ravi', sort));
      expect(pages({ payee: 'kum', states: ['FAILED'] }, sort, 40)).toEqual(expected('kum', sort, ['FAILED']));
    }
    // Hundreds of pages on a shared CI core: a generous timeout, never an assertion on time.
  }, 60_000);
});
