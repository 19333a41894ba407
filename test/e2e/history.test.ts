/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';
import { saveFrom } from './harness/saved';

const ROWS = [
  {
    row: 2,
    values: {
      name: 'Ravi Kumar',
      accountNumber: '123456789012',
      ifsc: 'SBIN0000300',
      amount: '1500',
      mode: 'IMPS',
      remark: 'Salary',
    },
  },
  {
    row: 3,
    values: {
      name: 'Priya Sharma',
      accountNumber: '50100012345678',
      ifsc: 'HDFC0000240',
      amount: '2500.50',
      mode: 'NEFT',
      remark: 'Salary',
    },
  },
  { row: 4, values: { name: 'Meena Iyer', vpa: 'meena.iyer@okaxis', amount: '800', mode: 'UPI', remark: 'Refund' } },
];

describe('History, dashboard, reconciliation and audit (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 5, timing: { pendingMs: 200, processingMs: 400, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 200, timing: { pollDelaysMs: [250] } },
  });

  it('finds a paid payout offline, shows its timeline, exports XLSX, charts it, reconciles and verifies the chain', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'april.csv',
      sha256: 'b'.repeat(64),
      kind: 'payouts',
      rows: ROWS,
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: staged.batchId, typedTotal: '4800.50' });
    const settled = () =>
      (bridge.ctx.db.prepare("SELECT count(*) AS n FROM payouts WHERE state = 'SUCCESS'").get() as { n: number }).n;
    await expect.poll(settled, { timeout: 30_000 }).toBe(3);

    const page = await openApp(app.browser, bridge.url, '#/history');
    await page.getByLabel('Payee').fill('priya');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('history-rows');
    await rows.waitFor();
    expect(await rows.locator('tbody tr').count()).toBe(1);
    expect(await rows.textContent()).toContain('₹2,500.50');
    expect(await rows.textContent()).toContain('5678');
    expect(await rows.textContent()).not.toContain('50100012345678');
    await rows.locator('tbody tr').first().click();
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('SUCCESS');
    await screenshot(page, 'history-search');

    await page.getByLabel('Payee').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows.locator('tbody tr').count()).toBe(3);
    // Main asks its save dialog (the bridge answers with a temp path) and writes the workbook straight there.
    const saved = await saveFrom(page, bridge, () => page.getByRole('button', { name: 'Export .xlsx' }).click());
    expect(saved.request.defaultName).toMatch(/^payouts-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(await page.getByTestId('saved-file').textContent()).toContain('Exported 3 rows');
    await page.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => bridge.revealed).toEqual([saved.path]);
    // A cancelled dialog saves nothing and says so, without an error.
    bridge.answerDialog = () => null;
    await page.getByRole('button', { name: 'Export .csv' }).click();
    await page.getByText('Export cancelled; nothing was saved.').waitFor();
    expect(bridge.dialogs.map((d) => d.defaultName.slice(-4))).toEqual(['xlsx', '.csv']);
    bridge.answerDialog = (request) => join(bridge.saveDir, request.defaultName);
    expect(readdirSync(bridge.saveDir)).toEqual([saved.request.defaultName]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(saved.path) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const accountCol = header.findIndex((h) => /account/i.test(h));
    const amountCol = header.findIndex((h) => /amount/i.test(h));
    const accounts = [2, 3, 4].map((r) => sheet.getRow(r).getCell(accountCol).value);
    expect(accounts.some((a) => typeof a === 'string' && a.endsWith('5678') && !a.includes('501000'))).toBe(true);
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(amountCol).value)).toEqual(expect.arrayContaining([2500.5]));

    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('dashboard').textContent()).toContain('₹4,800.50');
    await screenshot(page, 'history-dashboard');

    await page.getByRole('tab', { name: 'Statement reconciliation' }).click();
    await page.getByRole('button', { name: 'Fetch statement and reconcile' }).click();
    await page.getByTestId('recon-summary').waitFor();
    expect(await page.getByTestId('recon-summary').textContent()).toMatch(/3 matched/);
    await page.getByTestId('recon-lines').waitFor();
    await screenshot(page, 'history-reconciliation');

    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByTestId('chain-verdict').textContent()).toMatch(/Chain intact/);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
