import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboard } from '../../../src/main/services/dashboard/dashboard';
import { istTime, openTestDb, type TestDb } from './seed';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

describe('dashboard balance line', () => {
  it('lists every recorded balance check of the environment in the range, oldest first, in integer paise', () => {
    const check = t.db.prepare('INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (?, ?, ?)');
    check.run('sandbox', 5_000_00, istTime('2026-03-02', 23, 59)); // before the range (IST)
    check.run('sandbox', 4_000_01, istTime('2026-03-03', 18));
    check.run('sandbox', 3_999_99, istTime('2026-03-03', 9));
    check.run('production', 1, istTime('2026-03-03', 12));
    check.run('sandbox', 12_345_678_90, istTime('2026-03-05', 0, 5));
    check.run('sandbox', 7, istTime('2026-03-06', 0, 0)); // after the range (IST)
    const d = dashboard(t.db, { from: '2026-03-03', to: '2026-03-05', granularity: 'day', environment: 'sandbox' });
    expect(d.balanceLine).toEqual([
      { at: istTime('2026-03-03', 9), balancePaise: 3_999_99 },
      { at: istTime('2026-03-03', 18), balancePaise: 4_000_01 },
      { at: istTime('2026-03-05', 0, 5), balancePaise: 12_345_678_90 },
    ]);
    // Without an environment there is no balance to draw: Sandbox and Production money never mix.
    expect(dashboard(t.db, { from: '2026-03-03', to: '2026-03-05', granularity: 'day' }).balanceLine).toEqual([]);
  });

  it('keeps the most recent checks when there are more than the line can show', () => {
    const check = t.db.prepare('INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (?, ?, ?)');
    const insert = t.db.transaction(() => {
      for (let i = 0; i < 1_005; i++) check.run('sandbox', i, new Date(Date.UTC(2026, 2, 3, 0, i)).toISOString());
    });
    insert();
    const d = dashboard(t.db, { from: '2026-03-03', to: '2026-03-04', granularity: 'day', environment: 'sandbox' });
    expect(d.balanceLine).toHaveLength(1_000);
    expect(d.balanceLine[0]!.balancePaise).toBe(5);
    expect(d.balanceLine.at(-1)!.balancePaise).toBe(1_004);
  });
});
