/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const row = (n: number, name: string, account: string, amount: string, remark: string) => ({
  row: n,
  values: { name, accountNumber: account, ifsc: 'SBIN0000300', amount, mode: 'IMPS', remark },
});
// Our rules allow a 41-character remark; this Sandbox (remarkMaxLength 30) refuses it: one REJECTED row.
const ROWS = [
  row(2, 'Ravi Kumar', '123456789012', '1500', 'Salary'),
  row(3, 'Priya Sharma', '223456789012', '2500', 'Salary'),
  row(4, 'Meena Iyer', '323456789012', '1200', 'Quarterly consulting retainer for Q3 FY26'),
];

/**
 * Issue 17 point 5: "sent to EnKash" and "settled" are separate, and a batch carries a label derived from its
 * rows (shared/domain/batch-outcome.ts) that the list and the detail both show, so they never disagree.
 */
describe('A batch says what its rows add up to (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: {
      seed: 21,
      timing: { pendingMs: 200, processingMs: 300, failRate: 0, reverseRate: 0 },
      dialect: { remarkMaxLength: 30 },
    },
    services: { pollEveryMs: 200, timing: { pollDelaysMs: [250], unknownRecheckMs: 300 } },
  });

  it('list and detail both say "Completed with failures", with the failure counted', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'april-salaries.csv',
      sha256: 'f'.repeat(64),
      kind: 'payouts',
      rows: ROWS,
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: staged.batchId, typedTotal: '5200' });
    const final = () =>
      (
        bridge.ctx.db
          .prepare("SELECT count(*) AS n FROM payouts WHERE state IN ('SUCCESS', 'REJECTED') AND batch_id = ?")
          .get(staged.batchId) as { n: number }
      ).n;
    await expect.poll(final, { timeout: 30_000 }).toBe(3);

    const page = await openApp(app.browser, bridge.url, `#/batches?batch=${staged.batchId}`);
    const listRow = page.getByTestId('batch-list').locator('tr', { hasText: 'april-salaries' });
    await expect.poll(() => listRow.getByTestId('batch-outcome').textContent()).toBe('Completed with failures');
    expect(await listRow.getByTestId('batch-failures').textContent()).toBe('1 rejected');

    const detail = page.getByTestId('batch-progress');
    await expect.poll(() => detail.getByTestId('batch-outcome').textContent()).toBe('Completed with failures');
    // Sent and settled are two numbers: all three left, and all three have a final answer.
    expect(await detail.getByTestId('sent-to-enkash').textContent()).toMatch(/Sent to EnKash: 3 of 3/);
    expect(await detail.getByTestId('settled').textContent()).toMatch(/Settled: 3 of 3 · 2 paid · 1 rejected/);
    // The rejected row says why in EnKash's words, not its code (issue 17 point 9).
    const rejected = page.getByTestId('batch-rows').locator('tr[data-state=REJECTED]');
    expect(await rejected.textContent()).toMatch(/Remark may hold up to 30/);
    expect(await rejected.textContent()).not.toContain('REJECT_TRF_RMK');
    await screenshot(page, 'batch-outcome-with-failures');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

describe('100 % sent is not done (Chromium)', () => {
  // The bank takes a minute to answer: every row is sent long before any is settled.
  const app = useE2eApp({
    sandboxOptions: { seed: 22, timing: { pendingMs: 60_000, processingMs: 60_000, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 200, timing: { pollDelaysMs: [250] } },
  });

  it('a batch waiting for the bank is "In progress" in the list and the detail, with every row sent', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'may-salaries.csv',
      sha256: 'a'.repeat(64),
      kind: 'payouts',
      rows: [row(2, 'Anil Desai', '423456789012', '999.99', 'Salary')],
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: staged.batchId, typedTotal: '999.99' });
    const batchState = () =>
      (bridge.ctx.db.prepare('SELECT state FROM batches WHERE id = ?').get(staged.batchId) as { state: string }).state;
    await expect.poll(batchState, { timeout: 30_000 }).toBe('SENT');

    const page = await openApp(app.browser, bridge.url, `#/batches?batch=${staged.batchId}`);
    const listRow = page.getByTestId('batch-list').locator('tr', { hasText: 'may-salaries' });
    await expect.poll(() => listRow.getByTestId('batch-outcome').textContent()).toBe('In progress');
    const detail = page.getByTestId('batch-progress');
    await expect.poll(() => detail.getByTestId('batch-outcome').textContent()).toBe('In progress');
    expect(await detail.getByTestId('sent-to-enkash').textContent()).toMatch(/Sent to EnKash: 1 of 1/);
    expect(await detail.getByTestId('settled').textContent()).toMatch(/Settled: 0 of 1/);
    await screenshot(page, 'batch-outcome-in-progress');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
