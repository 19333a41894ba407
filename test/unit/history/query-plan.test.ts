import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTotalQuery } from '../../../src/main/services/history/query';
import { explainPage, searchPayouts } from '../../../src/main/services/history/search';
import type { HistoryFilters, HistorySort } from '../../../src/main/services/history/types';
import { fullScans } from './plans';
import { openTestDb, seedVaried, type SeededRow, type TestDb } from './seed';

let t: TestDb;
let rows: SeededRow[];

beforeAll(() => {
  // Enough rows that "most statuses" exceeds the probe cap and takes the other plan.
  t = openTestDb();
  rows = seedVaried(t.db, 8000, 5);
});
afterAll(() => t.close());

const SORTS: HistorySort[] = [
  { key: 'createdAt', direction: 'desc' },
  { key: 'amount', direction: 'asc' },
];

function sampleFilters(): Record<string, HistoryFilters> {
  const bank = rows.find((r) => r.accountNumber && r.utr)!;
  return {
    environment: { environment: 'sandbox' },
    batch: { batchId: bank.batchId },
    payee: { payee: 'kum' },
    last4: { account: bank.accountNumber!.slice(-4) },
    account: { account: bank.accountNumber! },
    txn: { transactionId: bank.transactionId },
    utr: { utr: bank.utr! },
    amount: { amountPaise: 50_000 },
    bounds: { minAmountPaise: 1_000, maxAmountPaise: 2_000_000 },
    dates: { from: '2026-03-04', to: '2026-03-09' },
    oneState: { states: ['FAILED'] },
    fewStates: { states: ['REJECTED', 'UNKNOWN'] },
    mostStates: { states: ['SUCCESS', 'FAILED', 'PROCESSING', 'PENDING'] },
    modes: { modes: ['UPI', 'RTGS'] },
  };
}

/** Every single filter and every pair of them. */
function combinations(): [string, HistoryFilters][] {
  const singles = Object.entries(sampleFilters());
  const out: [string, HistoryFilters][] = [['none', {}], ...singles];
  for (let i = 0; i < singles.length; i++) {
    for (let j = i + 1; j < singles.length; j++) {
      const [a, fa] = singles[i]!;
      const [b, fb] = singles[j]!;
      out.push([`${a}+${b}`, { ...fa, ...fb }]);
    }
  }
  out.push([
    'environment+mostStates+dates+modes',
    { environment: 'sandbox', states: ['SUCCESS', 'FAILED'], from: '2026-03-02', to: '2026-03-19', modes: ['IMPS'] },
  ]);
  return out;
}

function planOf(filters: HistoryFilters, sort: HistorySort, withCursor: boolean): string[] {
  const after = withCursor ? searchPayouts(t.db, filters, sort, { limit: 2 }).nextCursor : null;
  return explainPage(t.db, filters, sort, after);
}

describe('history queries use indexes (EXPLAIN QUERY PLAN)', () => {
  it('never scans payouts without an index, for every filter and pair of filters, each order, first and later pages', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const [name, filters] of combinations()) {
      for (const sort of SORTS) {
        for (const withCursor of [false, true]) {
          const detail = planOf(filters, sort, withCursor);
          checked++;
          if (fullScans(detail).length) bad.push(`${name} ${sort.key} ${withCursor}: ${detail.join(' | ')}`);
          // The batch is always a primary-key lookup per payout, never a loop over batches.
          expect(detail.some((d) => /^SEARCH b USING INTEGER PRIMARY KEY/.test(d))).toBe(true);
          expect(detail.some((d) => /SCAN b\b/.test(d))).toBe(false);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(400);
  });

  it('lets each selective filter drive through its own index', () => {
    const f = sampleFilters();
    const expectIndex: [HistoryFilters, RegExp][] = [
      [f.utr!, /SEARCH p USING INDEX payouts_utr \(utr=\?\)/],
      [f.last4!, /SEARCH p USING INDEX payouts_last4 \(account_last4=\?/],
      [f.account!, /SEARCH p USING INDEX payouts_payee \(account_number=\?\)/],
      [f.txn!, /payouts_txn_upper/],
      [f.payee!, /SCAN payouts_payee_fts VIRTUAL TABLE INDEX/],
      [f.batch!, /SEARCH p USING INDEX payouts_batch \(batch_id=\?\)/],
      [f.amount!, /SEARCH p USING (COVERING )?INDEX payouts_amount \(amount_paise=\?\)/],
      [{ ...f.utr!, ...f.dates!, ...f.mostStates!, environment: 'sandbox' }, /payouts_utr/],
      [{ ...f.payee!, ...f.oneState! }, /payouts_payee_fts/],
    ];
    for (const [filters, pattern] of expectIndex) {
      expect(planOf(filters, SORTS[0]!, false).join(' | ')).toMatch(pattern);
    }
  });

  it('takes pages off the sort index in order when nothing narrows the set much', () => {
    expect(planOf({}, SORTS[0]!, true)).toEqual([
      'SEARCH p USING INDEX payouts_created (created_at<?)',
      'SEARCH b USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
    expect(planOf({}, SORTS[1]!, true)).toEqual([
      'SEARCH p USING INDEX payouts_amount (amount_paise>?)',
      'SEARCH b USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
    // One status, newest first: its own index is already in date order.
    expect(planOf({ states: ['SUCCESS'] }, SORTS[0]!, true).join(' | ')).toMatch(
      /payouts_state_created \(state=\? AND created_at<\?\)/,
    );
    // Most statuses, by amount: walk the amount index and skip the rest, rather than sort most of the table.
    const wide = planOf({ states: ['SUCCESS', 'FAILED', 'PROCESSING', 'PENDING'] }, SORTS[1]!, true).join(' | ');
    expect(wide).toMatch(/payouts_amount/);
    expect(wide).not.toMatch(/TEMP B-TREE/);
    // A rare status, by amount: drive by status and sort the few rows.
    expect(planOf({ states: ['REJECTED'] }, SORTS[1]!, false).join(' | ')).toMatch(
      /payouts_state_created \(state=\?\)/,
    );
    // A batch in sheet order comes off payouts_batch in order, with the cursor seeking inside it.
    const batch = planOf({ batchId: rows[0]!.batchId }, { key: 'row', direction: 'asc' }, true);
    expect(batch[0]).toBe('SEARCH p USING INDEX payouts_batch (batch_id=? AND row_number>?)');
  });

  it('payee words matching many rows ride along the sort index; rare ones drive; both give the same rows', () => {
    const fold = (x: string) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const words = (x: string | null) =>
      x
        ? fold(x)
            .split(/[^\p{L}\p{N}]+/u)
            .filter(Boolean)
        : [];
    const many = planOf({ payee: 'kum' }, SORTS[0]!, true).join(' | ');
    expect(many).toMatch(/^SEARCH p USING INDEX payouts_created \(created_at<\?\)/);
    expect(many).not.toMatch(/TEMP B-TREE/);
    expect(planOf({ payee: 'ben12' }, SORTS[0]!, false).join(' | ')).toMatch(
      /^SEARCH p USING INTEGER PRIMARY KEY .*payouts_payee_fts.*TEMP B-TREE/,
    );
    for (const payee of ['kum', 'ben12', 'asha iy']) {
      for (const sort of SORTS) {
        const expected = rows
          .filter((r) => {
            const have = [...words(r.payeeName), ...words(r.beneficiaryId), ...words(r.vpa)];
            return words(payee).every((q) => have.some((w) => w.startsWith(q)));
          })
          .sort((a, b) => {
            const ka = sort.key === 'createdAt' ? a.createdAt : a.amountPaise;
            const kb = sort.key === 'createdAt' ? b.createdAt : b.amountPaise;
            const d = sort.direction === 'asc' ? 1 : -1;
            return (ka < kb ? -1 : ka > kb ? 1 : 0) * d || (a.id - b.id) * d;
          })
          .map((r) => r.id);
        const got: number[] = [];
        let after: string | null = null;
        do {
          const page = searchPayouts(t.db, { payee }, sort, { limit: 500, after });
          got.push(...page.rows.map((r) => r.id));
          after = page.nextCursor;
        } while (after);
        expect(got).toEqual(expected);
      }
    }
  });

  it('counts totals through indexes too', () => {
    const bad: string[] = [];
    for (const [name, filters] of combinations()) {
      const q = buildTotalQuery(filters);
      const detail = (t.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      if (fullScans(detail).length) bad.push(`${name}: ${detail.join(' | ')}`);
    }
    expect(bad).toEqual([]);
  });
});
