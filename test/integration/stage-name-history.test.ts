import { afterEach, describe, expect, it } from 'vitest';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { q, run } from '../../src/main/db/store/ops';
import { EARLIER_NAMES_SQL } from '../../src/main/services/submission/payee-history';
import { BANK_DETAILS_BY_NAME_SQL } from '../../src/main/services/submission/preflight-checks';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, shaOf } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ACCOUNT = '123456789012';
const IFSC = 'SBIN0000300';
const pay = (row: number, name: string, account = ACCOUNT, amount = '45000'): MappedRow => ({
  row,
  values: { name, accountNumber: account, ifsc: IFSC, amount, remark: `Pay ${row}` },
});

let n = 0;
const stage = (hh: Harness, rows: MappedRow[]) =>
  stageBatchOnStore(hh.deps, { fileName: 'pay.csv', sha256: shaOf(`hist#${n++}`), kind: 'payouts', rows });

/**
 * An earlier batch whose rows reached `state` at EnKash. The journal's own path to SUCCESS needs a send and a
 * poll; history is what is under test here, so the fixture writes the final state directly.
 */
async function paidBefore(hh: Harness, rows: MappedRow[], state = 'SUCCESS', environment?: string): Promise<void> {
  const { batchId } = await stage(hh, rows);
  await hh.store.run(run(q`UPDATE payouts SET state = ${state} WHERE batch_id = ${batchId}`));
  if (environment) await hh.store.run(run(q`UPDATE batches SET environment = ${environment} WHERE id = ${batchId}`));
}

describe.each(ENGINES)(
  'history check at staging: the same account paid before under another name (issue 12 point 5) (%s)',
  (engine) => {
    it('warns with the earlier names at staging and in pre-flight', async () => {
      h = await createHarness({ engine });
      await paidBefore(h, [pay(2, 'Meena Iyer'), pay(3, 'Meena Iyer', ACCOUNT, '1000')]);
      await paidBefore(h, [pay(2, 'Suresh Patel')], 'REVERSED');
      const staged = await stage(h, [pay(2, 'Ravi Kumar'), pay(3, 'Priya Sharma', '50100012345678')]);
      const warn = staged.issues.filter((i) => i.code === 'payee_name_history');
      expect(warn).toHaveLength(1);
      expect(warn[0]).toMatchObject({ row: 2, severity: 'warning' });
      expect(warn[0]!.message).toContain('"Meena Iyer" (2 payouts)');
      expect(warn[0]!.message).toContain('"Suresh Patel" (1 payout)');
      expect(warn[0]!.message).toContain('"Ravi Kumar"');
      expect(warn[0]!.message).not.toContain(ACCOUNT);
      expect(warn[0]!.message).toContain('********9012');

      const report = await preflight(h.deps, staged.batchId!);
      const f = report.warnings.find((w) => w.code === 'payee_name_history');
      expect(f?.count).toBe(1);
      expect(f?.rows[0]?.rowNumber).toBe(2);
      expect(f?.rows[0]?.detail).toContain('Meena Iyer');
    });

    it('initials of the same name (R Kumar after Ravi Kumar), drafts, failed payouts and other environments do not warn', async () => {
      h = await createHarness({ engine });
      await paidBefore(h, [pay(2, 'Ravi Kumar')]);
      await paidBefore(h, [pay(2, 'Meena Iyer')], 'FAILED');
      await paidBefore(h, [pay(2, 'Suresh Patel')], 'SUCCESS', 'uat');
      await stage(h, [pay(2, 'Imran Khan')]); // a DRAFT never paid
      const staged = await stage(h, [pay(2, 'R Kumar'), pay(3, 'RAVI KUMAR', ACCOUNT, '100')]);
      expect(staged.issues.filter((i) => i.code === 'payee_name_history')).toEqual([]);
      const report = await preflight(h.deps, staged.batchId!);
      expect(report.warnings.find((w) => w.code === 'payee_name_history')).toBeUndefined();
    });
  },
);

// The query plans are SQLite's own (EXPLAIN QUERY PLAN text); PostgreSQL's planner is not asked about here.
describe('history look-ups use their indexes (SQLite query plans)', () => {
  it("pre-flight finds a payee's last payout by name through the name index, not by walking every SUCCESS row", async () => {
    h = await createHarness();
    const plan = h.db.prepare(`EXPLAIN QUERY PLAN ${BANK_DETAILS_BY_NAME_SQL}`).all(1, 'sandbox', 'x') as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH q USING INDEX payouts_payee_name/);
  });

  it('the look-up is served by the index on payouts (account_number, ifsc)', async () => {
    h = await createHarness();
    const plan = h.db.prepare(`EXPLAIN QUERY PLAN ${EARLIER_NAMES_SQL}`).all(ACCOUNT, IFSC, 'sandbox', null) as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(
      /SEARCH p USING INDEX payouts_payee \(account_number=\? AND ifsc=\?\)/,
    );
  });
});
