/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { PAYOUT_STATES } from '../../src/shared/domain/payout-states';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const row = (n: number, name: string, amount: string) => ({
  row: n,
  values: { name, accountNumber: `1234567890${n}`, ifsc: 'SBIN0000300', amount, mode: 'IMPS', remark: 'Salary' },
});

describe('History headline counts money by what happened to it (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 7, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 200, timing: { pollDelaysMs: [250] } },
  });

  it('separates paid from drafts never sent, and the status filter offers every state', async () => {
    const { bridge } = app;
    const paid = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'november.csv',
      sha256: 'c'.repeat(64),
      kind: 'payouts',
      rows: [row(2, 'Ravi Kumar', '1500'), row(3, 'Priya Sharma', '2500.50')],
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: paid.batchId, typedTotal: '4000.50' });
    const settled = () =>
      (bridge.ctx.db.prepare("SELECT count(*) AS n FROM payouts WHERE state = 'SUCCESS'").get() as { n: number }).n;
    await expect.poll(settled, { timeout: 30_000 }).toBe(2);
    // A second sheet staged but never confirmed: its rows are DRAFT and moved no money.
    await ipc(bridge, 'imports:stage-import', {
      fileName: 'december.csv',
      sha256: 'd'.repeat(64),
      kind: 'payouts',
      rows: [row(2, 'Meena Iyer', '7000'), row(3, 'Suresh Patel', '300.25'), row(4, 'Anil Rao', '99.75')],
    });

    const page = await openApp(app.browser, bridge.url, '#/history');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('history-rows').waitFor();
    const headline = page.getByTestId('history-headline');
    await headline.waitFor();
    const bucket = (name: string) => headline.locator(`[data-bucket="${name}"]`).textContent();
    expect(await bucket('paid')).toContain('2');
    expect(await bucket('paid')).toContain('₹4,000.50');
    expect(await bucket('notSent')).toContain('3');
    expect(await bucket('notSent')).toContain('₹7,400.00');
    expect(await bucket('inFlight')).toContain('₹0.00');
    expect(await bucket('failed')).toContain('₹0.00');
    // No single money figure mixes what was paid with drafts never sent (₹11,400.50).
    expect(await page.locator('body').textContent()).not.toContain('₹11,400.50');
    await screenshot(page, 'history-headline');

    const options = await page
      .getByLabel('Status')
      .locator('option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.filter(Boolean).sort()).toEqual([...PAYOUT_STATES].sort());

    await page.getByLabel('Status').selectOption('DRAFT');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('history-rows').locator('tbody tr').count()).toBe(3);
    expect(await bucket('notSent')).toContain('₹7,400.00');
    expect(await bucket('paid')).toContain('₹0.00');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
