/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const ROWS = [
  {
    row: 2,
    values: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '1500', mode: 'IMPS' },
  },
  {
    row: 3,
    values: { name: 'Priya Sharma', accountNumber: '50100012345678', ifsc: 'HDFC0000240', amount: '2500.50' },
  },
];

/**
 * Issue 17 points 10 and 11: dates are shown and typed DD/MM/YYYY and mean an IST calendar day, whatever the
 * browser's locale (a native date input shows MM/DD/YYYY in en-US); History lists recent payouts when opened.
 */
describe('Indian dates and History on opening (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 3, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150] } },
  });

  it('History shows recent payouts at once, dates DD/MM/YYYY in IST, and the From/To fields take DD/MM/YYYY', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'march.csv',
      sha256: 'd'.repeat(64),
      kind: 'payouts',
      rows: ROWS.map((r) => ({ ...r, values: { mode: 'NEFT', remark: 'Salary', ...r.values } })),
    });
    // 19:00 UTC on 31 March is 00:30 IST on 1 April: the IST day is the one that counts.
    bridge.ctx.db
      .prepare("UPDATE payouts SET created_at = '2025-03-31T19:00:00.000Z' WHERE payee_name = 'Priya Sharma'")
      .run();
    expect(staged.batchId).toBeGreaterThan(0);

    const page = await openApp(app.browser, bridge.url, '#/history');
    const rows = page.getByTestId('history-rows');
    // No search needed: the newest payouts are listed when History opens.
    await expect.poll(() => rows.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);
    const priya = rows.locator('tbody tr', { hasText: 'Priya Sharma' });
    expect(await priya.locator('td').first().textContent()).toMatch(/^01\/04\/2025\b/);
    expect(await rows.textContent()).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);

    const from = page.getByLabel('From');
    expect(await from.getAttribute('placeholder')).toBe('DD/MM/YYYY');
    await from.fill('01/04/2025');
    await page.getByLabel('To').fill('01/04/2025');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows.locator('tbody tr').count()).toBe(1);
    expect(await rows.textContent()).toContain('Priya Sharma');
    await screenshot(page, 'history-indian-dates');

    // 31/03/2025 in IST ends at 18:30 UTC: the payout at 19:00 UTC is not in it.
    await from.fill('31/03/2025');
    await page.getByLabel('To').fill('31/03/2025');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No payouts match these filters.').waitFor();

    // A day that does not exist is refused where it was typed, not sent as a filter.
    await from.fill('31/02/2025');
    await page.getByText(/Type the date as DD\/MM\/YYYY/).waitFor();
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
  it('pre-flight names an earlier batch by the same IST day as the batches list', async () => {
    const { bridge } = app;
    const rows = [ROWS[0]!].map((r) => ({ ...r, values: { mode: 'IMPS', remark: 'Rent', ...r.values } }));
    const first = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'rent.csv',
      sha256: '7'.repeat(64),
      kind: 'payouts',
      rows,
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: first.batchId, typedTotal: '1500' });
    // Made at 00:30 IST on 1 April, which is still 31 March in UTC.
    bridge.ctx.db.prepare("UPDATE batches SET created_at = '2025-03-31T19:00:00.000Z' WHERE id = ?").run(first.batchId);
    const again = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'rent.csv',
      sha256: '7'.repeat(64),
      kind: 'payouts',
      rows,
      allowDuplicate: true,
    });

    const page = await openApp(app.browser, bridge.url, `#/batches?batch=${again.batchId}`);
    const listed = page.getByTestId('batch-list').locator(`xpath=.//tr[td[1][normalize-space()="${first.batchId}"]]`);
    expect(await listed.textContent()).toContain('01/04/2025');
    await page.getByRole('button', { name: 'Run pre-flight check' }).click();
    const blocks = page.getByTestId('preflight-blocks');
    await blocks.waitFor();
    expect(await blocks.textContent()).toContain('01/04/2025');
    expect(await blocks.textContent()).not.toContain('2025-03-31');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
