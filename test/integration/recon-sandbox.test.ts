import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { exportReconciliationOn } from '../../src/main/services/exports/jobs';
import { reconcileTick } from '../../src/main/services/reconcile/startup';
import {
  getReconciliationOps,
  listReconIssuesOps,
  listReconLinesOps,
} from '../../src/main/services/statement-recon/read';
import { reconcileStatement, type ReconDeps } from '../../src/main/services/statement-recon/reconcile';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { ENGINES } from '../support/test-store';
import {
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  stageConfirmed,
  sumPaise,
} from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

// Both engines (issue 13): the payouts matched and the stored run are the store's, SQLite or PostgreSQL.
describe.each(ENGINES)('reconciliation against the Sandbox statement (%s)', (engine) => {
  it('matches every debit, refund and reversal the simulator posted; a reversal the poller has not seen yet is flagged', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 26, 6, 0, 0));
    h = await createHarness({
      engine,
      clock,
      sandbox: { timing: { pendingMs: 1_000, processingMs: 2_000, reversalMs: 10_000, failRate: 0, reverseRate: 0 } },
      timing: { pollDelaysMs: [500, 1_000], reversalCheckEveryMs: 5_000, reversalWatchMs: 600_000 },
    });
    const rows = makeRows(8, 31).map((r, i) =>
      i === 1
        ? { ...r, values: { ...r.values, name: 'Asha Iyer FAIL' } }
        : i === 2
          ? { ...r, values: { ...r.values, name: 'Ravi Kumar REVERSE' } }
          : r,
    );
    const batchId = await stageConfirmed(h, rows, { fileName: 'nov.csv' });
    await createSubmissionEngine(h.deps).start(batchId);
    const store = h.store;
    const { client } = await h.deps.session();
    clock.advance(5_000);
    await reconcileTick(h.deps, client, { all: true });
    // The bank reverses the REVERSE payout 10 s after success; our poller has not looked since.
    clock.advance(15_000);

    const deps: ReconDeps = { store: h.store, now: h.deps.now, log: h.deps.log, client, environment: 'sandbox' };
    const first = await reconcileStatement(deps, { fromDate: '2026-11-26', toDate: '2026-11-26' });
    const payouts = await store.run(payoutsOfBatchOps(batchId));
    const reversedTxn = payouts.find((p) => p.payeeName === 'Ravi Kumar REVERSE')!.transactionId;
    const failedTxn = payouts.find((p) => p.payeeName === 'Asha Iyer FAIL')!.transactionId;
    expect(payouts.find((p) => p.transactionId === reversedTxn)!.state).toBe('SUCCESS');

    const lines = (await store.run(listReconLinesOps(first.runId, { limit: 100 }))).lines;
    const debits = lines.filter((l) => l.direction === 'DEBIT');
    expect(debits).toHaveLength(8);
    expect(debits.every((l) => l.role === 'payment' && l.confidence === 100 && l.flag === null)).toBe(true);
    expect(new Set(debits.map((l) => l.payout!.transactionId))).toEqual(new Set(payouts.map((p) => p.transactionId)));
    const refund = lines.find((l) => l.role === 'refund')!;
    expect(refund.payout!.transactionId).toBe(failedTxn);
    const reversal = lines.find((l) => l.role === 'reversal')!;
    expect(reversal).toMatchObject({ method: 'utr', flag: 'reversal_not_recorded', payoutStateAtRun: 'SUCCESS' });
    expect(reversal.payout!.transactionId).toBe(reversedTxn);
    // The opening balance the simulator funded itself with is of other origin.
    expect((await store.run(listReconLinesOps(first.runId, { filter: 'unmatched' }))).lines.map((l) => l.flag)).toEqual(
      ['other_credit'],
    );
    expect((await store.run(listReconIssuesOps(first.runId))).map((i) => i.issue)).toEqual(['reversal_not_recorded']);
    expect(first.summary.lines.unmatched).toBe(1);
    expect(first.summary.debitPaise).toBe(sumPaise(rows));

    // The poller catches up; a new run shows the reversal as recorded. The first run still says what it said.
    await reconcileTick(h.deps, client, { all: true });
    const second = await reconcileStatement(deps, { fromDate: '2026-11-26', toDate: '2026-11-26' });
    expect((await store.run(listReconLinesOps(second.runId, { filter: 'reversals' }))).lines[0]).toMatchObject({
      flag: 'reversal',
      payoutStateAtRun: 'REVERSED',
    });
    expect(await store.run(listReconIssuesOps(second.runId))).toEqual([]);
    expect((await store.run(listReconIssuesOps(first.runId))).map((i) => i.issue)).toEqual(['reversal_not_recorded']);

    // Offline: the simulator is gone, the stored run still opens and exports.
    await h.sandbox.close();
    expect((await store.run(getReconciliationOps(first.runId))).summary).toEqual(first.summary);
    const path = join(h.dir, 'recon.xlsx');
    const result = await exportReconciliationOn(store, first.runId, { format: 'xlsx', path });
    expect(result.rows).toBe(lines.length + 1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('Section');
    expect(ws.rowCount).toBe(1 + lines.length + 1 + 6);
  });
});
