import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/main/db/store/store';
import { createLogger } from '../../src/main/log';
import {
  getReconciliation,
  listReconciliations,
  listReconIssues,
  listReconLines,
} from '../../src/main/services/statement-recon/read';
import { reconcileStatement, type ReconDeps } from '../../src/main/services/statement-recon/reconcile';
import { fullScans, planRecorder } from '../unit/history/plans';
import { buildScenario, fakeStatementClient, RANGE, type Scenario } from '../unit/history/recon-scenario';
import { openTestDb, type TestDb } from '../unit/history/seed';

let t: TestDb;
let s: Scenario;
beforeEach(() => {
  t = openTestDb();
  s = buildScenario(t.db);
});
afterEach(() => t.close());

function deps(client = fakeStatementClient(s.entries), db = t.db): ReconDeps {
  return {
    store: sqliteStore(db),
    now: () => new Date('2026-03-15T06:00:00.000Z'),
    log: createLogger(null),
    client,
    environment: 'sandbox',
  };
}

describe('statement reconciliation', () => {
  it('matches by UTR, transactionId, EnKash id, remarks, reference and amount+date, and flags what does not add up', async () => {
    const client = fakeStatementClient(s.entries);
    const { runId, summary } = await reconcileStatement(deps(client), RANGE);
    // The debit account came from EnKash's active source account; the range was widened by a day each side.
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0]).toEqual({
      fromDate: '2026-03-08T18:30:00.000Z',
      toDate: '2026-03-12T18:29:59.999Z',
      debitAccountNumber: '50100012345678',
    });

    const lines = listReconLines(t.db, runId, { filter: 'all', limit: 100 }).lines;
    const bySeq = new Map(lines.map((l) => [l.seq, l]));
    const m = (seq: number) => {
      const l = bySeq.get(seq)!;
      return [l.payout?.transactionId ?? null, l.method, l.confidence, l.role, l.flag];
    };
    expect(m(1)).toEqual([null, null, null, null, 'other_credit']);
    expect(m(2)).toEqual(['TXP1', 'utr', 100, 'payment', null]);
    expect(m(3)).toEqual(['TXP2', 'transaction_id', 100, 'payment', null]);
    expect(m(4)).toEqual(['TXP3', 'enkash_id', 100, 'payment', null]);
    expect(m(5)).toEqual(['TXP3', 'enkash_id', 100, 'refund', null]);
    expect(m(6)).toEqual(['TXP4', 'utr', 100, 'payment', null]);
    expect(m(7)).toEqual(['TXP4', 'utr', 100, 'reversal', 'reversal']);
    expect(m(9)).toEqual(['TXP5', 'utr', 100, 'reversal', 'reversal_not_recorded']);
    expect(bySeq.get(9)!.note).toMatch(/still SUCCESS here; Reversal/);
    expect(m(10)).toEqual(['TXP6', 'amount_date', 80, 'payment', null]);
    // Two payouts of ₹500 within the hour: the closer one, with the confidence lowered and the line flagged.
    expect(m(11)).toEqual(['TXP7', 'amount_date', 60, 'payment', 'ambiguous']);
    expect(m(12)).toEqual(['TXP9', 'enkash_id', 100, 'payment', null]);
    expect(m(13)).toEqual(['TXP9', 'enkash_id', 100, 'payment', 'duplicate_line']);
    expect(m(15)).toEqual(['TXP10', 'enkash_id', 100, 'payment', 'duplicate_debit']);
    expect(m(16)).toEqual(['TXP11', 'transaction_id', 100, 'payment', 'outcome_unknown']);
    expect(m(17)).toEqual(['TXP12', 'transaction_id', 100, 'payment', 'debit_for_unpaid']);
    expect(m(20)).toEqual(['TXP16', 'enkash_id', 100, 'payment', null]);
    expect(bySeq.get(20)!.inRange).toBe(false);
    // A Production payout never explains a Sandbox statement line.
    expect(m(21)).toEqual([null, null, null, null, 'unknown_debit']);
    expect(m(22)).toEqual(['RMK12345678', 'remarks', 90, 'payment', null]);
    expect(m(23)).toEqual(['TXP19', 'reference', 85, 'payment', null]);
    expect(m(24)).toEqual([null, null, null, null, 'unknown_debit']);
    expect(m(25)).toEqual([null, null, null, null, 'unknown_line']);
    // The margin line is not reported; the undated one is.
    expect(bySeq.has(26)).toBe(false);
    expect(m(27)).toEqual([null, null, null, null, 'other_credit']);

    const issues = listReconIssues(t.db, runId).map((i) => `${i.issue}:${i.payout.transactionId}`);
    expect(issues.sort()).toEqual(
      [
        'no_debit:TXP8',
        'no_debit:TXP13',
        'refund_missing:TXP14',
        'reversal_credit_missing:TXP15',
        'reversal_not_recorded:TXP5',
      ].sort(),
    );

    const inRange = s.entries.filter((_, i) => ![19, 25].includes(i));
    const sum = (type: RegExp) =>
      inRange.filter((e) => type.test(e.transactionType ?? '')).reduce((a, e) => a + e.amountPaise, 0);
    expect(summary).toMatchObject({
      lines: { total: 27, inRange: 25, matched: 21, unmatched: 5 },
      debitPaise: sum(/^(DEBIT|Dr)$/),
      creditPaise: sum(/^(CREDIT|CR)$/),
      unmatchedDebitPaise: 1_700_00 + 11_80,
      unmatchedCreditPaise: 10_00_000_00 + 3_33,
      reversals: 2,
      expectedPayouts: 16,
      issues: { no_debit: 2, refund_missing: 1, reversal_credit_missing: 1, reversal_not_recorded: 1 },
    });
    expect(summary.byFlag).toMatchObject({
      duplicate_line: 1,
      duplicate_debit: 1,
      ambiguous: 1,
      debit_for_unpaid: 1,
      outcome_unknown: 1,
    });
    expect(summary.byMethod).toEqual({
      utr: 6,
      transaction_id: 3,
      enkash_id: 8,
      remarks: 1,
      reference: 1,
      amount_date: 2,
    });
  });

  it('is stored: the run, its lines and issues read back offline, unchanged by later payout changes', async () => {
    const { runId, summary } = await reconcileStatement(deps(), RANGE);
    t.db.prepare("UPDATE payouts SET state = 'REVERSED' WHERE transaction_id = 'TXP5'").run();
    const run = getReconciliation(t.db, runId);
    expect(run).toMatchObject({
      environment: 'sandbox',
      fromDate: '2026-03-10',
      toDate: '2026-03-11',
      requestIds: ['REQ1'],
    });
    expect(run.summary).toEqual(summary);
    expect(run.debitAccount).toBe('********5678');
    const line = listReconLines(t.db, runId, { filter: 'reversals' }).lines.find(
      (l) => l.payout?.transactionId === 'TXP5',
    )!;
    expect(line.payoutStateAtRun).toBe('SUCCESS');
    expect(line.payout?.state).toBe('REVERSED');
    expect(listReconLines(t.db, runId, { filter: 'unmatched' }).lines.map((l) => l.seq)).toEqual([1, 21, 24, 25, 27]);
    expect(listReconLines(t.db, runId, { filter: 'flagged' }).lines.map((l) => l.seq)).toEqual([
      1, 7, 9, 11, 13, 15, 16, 17, 21, 24, 25, 27,
    ]);
    const paged = listReconLines(t.db, runId, { limit: 10 });
    expect(paged.lines).toHaveLength(10);
    expect(listReconLines(t.db, runId, { limit: 100, afterSeq: paged.nextAfterSeq! }).lines[0]!.seq).toBe(11);
    expect(listReconciliations(t.db, { environment: 'sandbox' }).map((r) => r.id)).toEqual([runId]);
    expect(() => getReconciliation(t.db, runId + 1)).toThrow(/No such reconciliation/);
  });

  it('fetches long ranges in windows and keeps a line repeated by two windows once', async () => {
    const one = await reconcileStatement(deps(), RANGE);
    const client = fakeStatementClient(s.entries);
    const windowed = await reconcileStatement(deps(client), { ...RANGE, windowDays: 1 });
    expect(client.calls).toHaveLength(4);
    // Windows touch but never overlap.
    for (let i = 1; i < client.calls.length; i++) {
      expect(Date.parse(client.calls[i]!.fromDate) - Date.parse(client.calls[i - 1]!.toDate)).toBe(1);
    }
    expect(windowed.summary).toEqual(one.summary);
  });

  it('uses indexes for every look-up, and refuses bad input before calling EnKash', async () => {
    const rec = planRecorder(t.db);
    await reconcileStatement(deps(undefined, rec.db), RANGE);
    expect(rec.plans.length).toBeGreaterThan(20);
    expect(rec.plans.flatMap((p) => fullScans(p.detail))).toEqual([]);
    const client = fakeStatementClient(s.entries);
    await expect(reconcileStatement(deps(client), { fromDate: '2026-03-12', toDate: '2026-03-10' })).rejects.toThrow(
      /after the end/,
    );
    await expect(reconcileStatement(deps(client), { fromDate: '', toDate: '2026-03-10' })).rejects.toThrow(
      /first and last day/,
    );
    const none = { ...fakeStatementClient(s.entries), getSourceAccountDetails: async () => [] };
    await expect(reconcileStatement(deps(none), RANGE)).rejects.toThrow(/No source bank account/);
    expect(client.calls).toHaveLength(0);
  });
});
