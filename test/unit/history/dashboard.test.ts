import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboard } from '../../../src/main/services/dashboard/dashboard';
import { fullScans, planRecorder } from './plans';
import { addBatch, addPayout, istTime, openTestDb, type TestDb } from './seed';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

describe('dashboard', () => {
  it('buckets outcomes by IST day, fills empty days, splits paid by mode, all in integer paise', () => {
    const b = addBatch(t.db);
    const p = addBatch(t.db, { environment: 'production' });
    let n = 0;
    const add = (state: string, mode: string, amountPaise: number, finalAt: string | null, batchId = b) =>
      addPayout(t.db, {
        batchId,
        transactionId: `D${++n}`,
        state,
        mode,
        amountPaise,
        finalAt,
        vpa: mode === 'UPI' ? 'x@ok' : null,
      });
    // 00:10 IST on the 2nd is 18:40 UTC on the 1st: it counts on the 2nd.
    add('SUCCESS', 'IMPS', 100_00, new Date(Date.UTC(2026, 2, 1, 18, 40)).toISOString());
    add('SUCCESS', 'UPI', 250_50, istTime('2026-03-02', 23, 59));
    add('FAILED', 'NEFT', 7_00, istTime('2026-03-02', 9));
    add('SUCCESS', 'NEFT', 1_000_000_00, istTime('2026-03-04', 0, 0));
    add('REVERSED', 'IMPS', 300_00, istTime('2026-03-04', 12));
    add('PROCESSING', 'IMPS', 5_00, null); // not final: not on the dashboard
    add('SUCCESS', 'IMPS', 1, istTime('2026-03-01', 23, 59)); // the day before the range
    add('SUCCESS', 'IMPS', 9_99, istTime('2026-03-03', 10), p); // another environment

    const rec = planRecorder(t.db);
    const d = dashboard(rec.db, { from: '2026-03-02', to: '2026-03-04', granularity: 'day', environment: 'sandbox' });
    expect(d.series.map((s) => s.period)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(d.series[0]!.outcomes).toEqual({
      SUCCESS: { count: 2, amountPaise: 350_50 },
      FAILED: { count: 1, amountPaise: 7_00 },
      REVERSED: { count: 0, amountPaise: 0 },
    });
    expect(d.series[0]!.paidByMode.UPI).toEqual({ count: 1, amountPaise: 250_50 });
    expect(d.series[1]!.outcomes.SUCCESS).toEqual({ count: 0, amountPaise: 0 });
    expect(d.series[2]!.outcomes).toMatchObject({
      SUCCESS: { count: 1, amountPaise: 1_000_000_00 },
      REVERSED: { count: 1, amountPaise: 300_00 },
    });
    expect(d.outcomes.SUCCESS).toEqual({ count: 3, amountPaise: 100_00 + 250_50 + 1_000_000_00 });
    expect(d.byMode.IMPS).toMatchObject({
      SUCCESS: { count: 1, amountPaise: 100_00 },
      REVERSED: { count: 1, amountPaise: 300_00 },
    });
    expect(rec.plans.flatMap((x) => fullScans(x.detail))).toEqual([]);
    expect(rec.plans.some((x) => x.detail.some((l) => l.includes('payouts_final')))).toBe(true);

    const all = dashboard(t.db, { from: '2026-03-02', to: '2026-03-04', granularity: 'day' });
    expect(all.outcomes.SUCCESS.count).toBe(4);
    expect(all.environment).toBeNull();
    expect(all.balance).toEqual([]);
  });

  it('weeks start on Monday (IST) and the balance trend keeps the last check of each period', () => {
    const b = addBatch(t.db);
    // 2026-03-08 is a Sunday, 2026-03-09 a Monday.
    addPayout(t.db, {
      batchId: b,
      transactionId: 'W1',
      amountPaise: 100,
      state: 'SUCCESS',
      finalAt: istTime('2026-03-08', 23, 59),
    });
    addPayout(t.db, {
      batchId: b,
      transactionId: 'W2',
      amountPaise: 200,
      state: 'SUCCESS',
      finalAt: istTime('2026-03-09', 0, 1),
    });
    const check = t.db.prepare('INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (?, ?, ?)');
    check.run('sandbox', 5_000_00, istTime('2026-03-03', 9));
    check.run('sandbox', 4_000_00, istTime('2026-03-03', 18));
    check.run('sandbox', 6_000_00, istTime('2026-03-05', 11));
    check.run('sandbox', 9_000_00, istTime('2026-03-10', 11));
    check.run('production', 1, istTime('2026-03-10', 12));
    const w = dashboard(t.db, { from: '2026-03-04', to: '2026-03-15', granularity: 'week', environment: 'sandbox' });
    expect(w.series.map((s) => s.period)).toEqual(['2026-03-02', '2026-03-09']);
    expect(w.series.map((s) => s.outcomes.SUCCESS.amountPaise)).toEqual([100, 200]);
    // The check on the 3rd is before the range; within the range: the 5th (week of the 2nd) and the 10th.
    expect(w.balance).toEqual([
      {
        period: '2026-03-02',
        lastPaise: 6_000_00,
        lastAt: istTime('2026-03-05', 11),
        minPaise: 6_000_00,
        maxPaise: 6_000_00,
        checks: 1,
      },
      {
        period: '2026-03-09',
        lastPaise: 9_000_00,
        lastAt: istTime('2026-03-10', 11),
        minPaise: 9_000_00,
        maxPaise: 9_000_00,
        checks: 1,
      },
    ]);
    const days = dashboard(t.db, { from: '2026-03-03', to: '2026-03-03', granularity: 'day', environment: 'sandbox' });
    expect(days.balance).toEqual([
      {
        period: '2026-03-03',
        lastPaise: 4_000_00,
        lastAt: istTime('2026-03-03', 18),
        minPaise: 4_000_00,
        maxPaise: 5_000_00,
        checks: 2,
      },
    ]);
    expect(() => dashboard(t.db, { from: '2026-03-03', to: '2026-03-01', granularity: 'day' })).toThrow(
      /after the end/,
    );
    expect(() => dashboard(t.db, { from: '2020-01-01', to: '2026-03-01', granularity: 'day' })).toThrow(/three years/);
    expect(() => dashboard(t.db, { from: '2026-03-01', to: '2026-03-01', granularity: 'month' as never })).toThrow(
      /day or week/,
    );
  });
});
