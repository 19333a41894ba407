import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPayouts, totalPayouts } from '../../../src/main/services/history/search';
import type { HistoryFilters, HistorySort } from '../../../src/main/services/history/types';
import { MODES, openTestDb, seedVaried, STATES, type SeededRow, type TestDb } from './seed';

let t: TestDb;
let rows: SeededRow[];

beforeAll(() => {
  t = openTestDb();
  rows = seedVaried(t.db, 700, 11);
});
afterAll(() => t.close());

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const words = (s: string | null) =>
  s
    ? fold(s)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
    : [];
const istStart = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 330 * 60_000).toISOString();
const istEnd = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 330 * 60_000 + 86_400_000).toISOString();

/** The filters' meaning, written the plain way, over every seeded row. */
function reference(f: HistoryFilters, sort: HistorySort): number[] {
  const match = (r: SeededRow) => {
    if (f.environment && r.environment !== f.environment) return false;
    if (f.batchId !== undefined && r.batchId !== f.batchId) return false;
    if (f.payee) {
      const have = [...words(r.payeeName), ...words(r.beneficiaryId), ...words(r.vpa)];
      if (!words(f.payee).every((q) => have.some((w) => w.startsWith(q)))) return false;
    }
    if (f.account) {
      if (f.account.length === 4 ? !r.accountNumber?.endsWith(f.account) : r.accountNumber !== f.account) return false;
    }
    if (
      f.transactionId &&
      r.transactionId.toUpperCase() !== f.transactionId.toUpperCase() &&
      r.enkashTransactionId !== f.transactionId
    )
      return false;
    if (f.utr && r.utr !== f.utr) return false;
    if (f.amountPaise !== undefined && r.amountPaise !== f.amountPaise) return false;
    if (f.minAmountPaise !== undefined && r.amountPaise < f.minAmountPaise) return false;
    if (f.maxAmountPaise !== undefined && r.amountPaise > f.maxAmountPaise) return false;
    if (f.from && r.createdAt < istStart(f.from)) return false;
    if (f.to && r.createdAt >= istEnd(f.to)) return false;
    if (f.states?.length && !f.states.includes(r.state as never)) return false;
    if (f.modes?.length && !f.modes.includes(r.mode as never)) return false;
    return true;
  };
  const key = (r: SeededRow) =>
    sort.key === 'createdAt' ? r.createdAt : sort.key === 'amount' ? r.amountPaise : r.rowNumber;
  const dir = sort.direction === 'asc' ? 1 : -1;
  return rows
    .filter(match)
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * dir || (a.id - b.id) * dir;
    })
    .map((r) => r.id);
}

/** Every page, following the cursor. */
function allPages(f: HistoryFilters, sort: HistorySort, limit: number): number[] {
  const ids: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = searchPayouts(t.db, f, sort, { limit, after });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    after = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const FILTER_KEYS = [
  'environment',
  'batchId',
  'payee',
  'account',
  'transactionId',
  'utr',
  'amountPaise',
  'minAmountPaise',
  'maxAmountPaise',
  'from',
  'to',
  'states',
  'modes',
] as const;

const SORTS: HistorySort[] = [
  { key: 'createdAt', direction: 'desc' },
  { key: 'createdAt', direction: 'asc' },
  { key: 'amount', direction: 'desc' },
  { key: 'amount', direction: 'asc' },
];

describe('history search', () => {
  it('pages through everything in order with no row lost or repeated', () => {
    for (const sort of SORTS) {
      const expected = reference({}, sort);
      expect(expected).toHaveLength(700);
      expect(allPages({}, sort, 33)).toEqual(expected);
    }
  });

  it('combines filters with AND exactly like the plain definition (property)', () => {
    const sample = rows[5]!;
    const day = (offset: number) => new Date(Date.UTC(2026, 2, 2 + offset)).toISOString().slice(0, 10);
    const all = fc.record({
      environment: fc.constantFrom('sandbox', 'production'),
      batchId: fc.constantFrom(...new Set(rows.map((r) => r.batchId))),
      payee: fc.constantFrom('kum', 'asha iy', 'ECL', 'ben1', 'payee1', 'khan', 'zz'),
      account: fc.constantFrom('1234', '0042', '5678', sample.accountNumber ?? '1234'),
      transactionId: fc.constantFrom(sample.transactionId.toLowerCase(), 'EK7', 'nope'),
      utr: fc.constantFrom(
        ...rows
          .filter((r) => r.utr)
          .slice(0, 3)
          .map((r) => r.utr as string),
      ),
      amountPaise: fc.constantFrom(50_000, 123_456, 99),
      minAmountPaise: fc.integer({ min: 0, max: 5_000_000 }),
      maxAmountPaise: fc.integer({ min: 1_000_000, max: 10_000_000 }),
      from: fc.integer({ min: -1, max: 10 }).map(day),
      to: fc.integer({ min: 10, max: 21 }).map(day),
      states: fc.subarray([...new Set(STATES)] as never[], { minLength: 1 }),
      modes: fc.subarray(MODES as never[], { minLength: 1 }),
    });
    // Up to three filters at a time: enough to combine, few enough that rows still match.
    const filters = fc
      .tuple(all, fc.subarray([...FILTER_KEYS], { minLength: 0, maxLength: 3 }))
      .map(([f, pick]) => Object.fromEntries(pick.map((k) => [k, f[k]])) as HistoryFilters);
    let nonEmpty = 0;
    fc.assert(
      fc.property(filters, fc.constantFrom(...SORTS), fc.integer({ min: 4, max: 90 }), (f, sort, limit) => {
        const expected = reference(f, sort);
        if (expected.length > 0) nonEmpty++;
        expect(allPages(f, sort, limit)).toEqual(expected);
        const total = totalPayouts(t.db, f);
        const ids = new Set(reference(f, sort));
        expect(total.count).toBe(ids.size);
        expect(total.amountPaise).toBe(rows.filter((r) => ids.has(r.id)).reduce((s, r) => s + r.amountPaise, 0));
      }),
      { numRuns: 200, seed: 6 },
    );
    // The generated filters must actually select rows, or the property proves little.
    expect(nonEmpty).toBeGreaterThan(60);
  }, 60_000);

  it('reads dates as IST days: 18:30 UTC is already the next day', () => {
    const ids = new Set(allPages({ from: '2026-03-05', to: '2026-03-05' }, SORTS[0]!, 100));
    for (const r of rows) {
      const istDay = new Date(Date.parse(r.createdAt) + 330 * 60_000).toISOString().slice(0, 10);
      expect(ids.has(r.id)).toBe(istDay === '2026-03-05');
    }
    expect(() => searchPayouts(t.db, { from: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(() => searchPayouts(t.db, { from: '2026-03-05', to: '2026-03-01' })).toThrow(/after the end/);
  });

  it('masks account numbers unless asked for them in full', () => {
    const bank = rows.find((r) => r.accountNumber)!;
    const masked = searchPayouts(t.db, { transactionId: bank.transactionId }).rows[0]!;
    expect(masked.account).toBe(`********${bank.accountNumber!.slice(-4)}`);
    expect(masked.accountLast4).toBe(bank.accountNumber!.slice(-4));
    const full = searchPayouts(t.db, { transactionId: bank.transactionId }, undefined, {
      limit: 5,
      revealAccounts: true,
    }).rows[0]!;
    expect(full.account).toBe(bank.accountNumber);
  });

  it('treats payee text as words, never as FTS syntax', () => {
    for (const q of ['"', 'AND', 'kum*', 'NEAR(', 'payee:1', '-x']) {
      expect(() => searchPayouts(t.db, { payee: q })).not.toThrow(/fts5|syntax/i);
    }
    expect(() => searchPayouts(t.db, { payee: '***' })).toThrow(/at least one letter/);
  });

  it('keeps the payee index in step with new rows and edited names', () => {
    const local = openTestDb();
    try {
      const [first] = seedVaried(local.db, 5, 3);
      expect(searchPayouts(local.db, { payee: 'zorawar' }).rows).toHaveLength(0);
      local.db.prepare("UPDATE payouts SET payee_name = 'Zorawar Singh' WHERE id = ?").run(first!.id);
      expect(searchPayouts(local.db, { payee: 'zora' }).rows.map((r) => r.id)).toEqual([first!.id]);
      // The old name no longer finds it.
      const old = first!.payeeName ?? first!.beneficiaryId!;
      expect(searchPayouts(local.db, { payee: old }).rows.map((r) => r.id)).not.toContain(first!.id);
      const more = seedVaried(local.db, 3, 4);
      local.db.prepare("UPDATE payouts SET payee_name = 'Zorawar Bedi' WHERE id = ?").run(more[2]!.id);
      expect(
        searchPayouts(local.db, { payee: 'zorawar' })
          .rows.map((r) => r.id)
          .sort(),
      ).toEqual([first!.id, more[2]!.id].sort());
    } finally {
      local.close();
    }
  });

  it('refuses a cursor made for another order, bad limits and unknown values', () => {
    const page = searchPayouts(t.db, {}, SORTS[0], { limit: 5 });
    expect(() => searchPayouts(t.db, {}, SORTS[2], { limit: 5, after: page.nextCursor })).toThrow(/cursor/);
    expect(() => searchPayouts(t.db, {}, SORTS[0], { limit: 5, after: 'garbage' })).toThrow(/cursor/);
    expect(() => searchPayouts(t.db, {}, SORTS[0], { limit: 0 })).toThrow(/1 to 1000/);
    expect(() => searchPayouts(t.db, { states: ['PAID' as never] })).toThrow(/Unknown status/);
    expect(() => searchPayouts(t.db, { account: '12' })).toThrow(/last 4/);
    expect(() => searchPayouts(t.db, {}, { key: 'row', direction: 'asc' })).toThrow(/needs a batch/);
    expect(() => searchPayouts(t.db, { amountPaise: 1.5 })).toThrow(/paise/);
  });

  it('returns the total of the whole match set when asked', () => {
    const page = searchPayouts(t.db, { states: ['FAILED'] }, SORTS[0], { limit: 3, withTotal: true });
    const failed = rows.filter((r) => r.state === 'FAILED');
    expect(page.total).toEqual({ count: failed.length, amountPaise: failed.reduce((s, r) => s + r.amountPaise, 0) });
    expect(page.rows).toHaveLength(3);
  });
});
