/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { DAY_MS, istDateOf } from '../../src/shared/domain/ist';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { watchCsp } from './harness/csp';
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

describe('Dashboard charts (Chromium, recharts under the strict CSP)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 7, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150] } },
  });

  it('draws paid amounts as bars and the balance as a line over time, ₹ in Indian grouping, with tooltips', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'june.csv',
      sha256: 'c'.repeat(64),
      kind: 'payouts',
      rows: ROWS.map((r) => ({ ...r, values: { mode: 'NEFT', remark: 'Salary', ...r.values } })),
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: staged.batchId, typedTotal: '4000.50' });
    const settled = () =>
      (bridge.ctx.db.prepare("SELECT count(*) AS n FROM payouts WHERE state = 'SUCCESS'").get() as { n: number }).n;
    await expect.poll(settled, { timeout: 30_000 }).toBe(2);
    // Recorded balance checks over the last weeks (the confirm above recorded one more, today).
    const now = Date.now();
    const check = bridge.ctx.db.prepare(
      "INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES ('sandbox', ?, ?)",
    );
    const past = [
      [20, 12_34_567_89],
      [12, 9_87_654_32],
      [5, 15_00_000_00],
    ] as const;
    for (const [days, paise] of past) check.run(paise, new Date(now - days * DAY_MS).toISOString());
    const checks = (bridge.ctx.db.prepare('SELECT count(*) AS n FROM balance_checks').get() as { n: number }).n;

    const page = await openApp(app.browser, bridge.url, '#/history');
    const cspViolations = await watchCsp(page);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    const dashboard = page.getByTestId('dashboard');
    await dashboard.waitFor();
    const bars = page.getByTestId('outcome-chart');
    // Only today has payouts: the one visible bar (empty days draw nothing).
    const paidBar = bars.locator('.recharts-bar-rectangle path').filter({ visible: true }).first();
    await paidBar.waitFor();
    // Axes speak rupees the Indian way: no paise counts, no "1,234,567" western grouping.
    const ticks = async (testId: string) =>
      page.getByTestId(testId).locator('.recharts-yAxis-tick-labels text').allTextContents();
    const barTicks = await ticks('outcome-chart');
    expect(barTicks.length).toBeGreaterThan(1);
    for (const t of barTicks) expect(t).toMatch(/^₹\d{1,3}(,\d{2})*(,\d{3})?$|^₹\d+$/);

    const line = page.getByTestId('balance-line');
    await line.locator('.recharts-line-curve').waitFor();
    expect(await line.locator('.recharts-line-dots .recharts-dot').count()).toBe(checks);
    const lineTicks = await ticks('balance-line');
    // Lakhs and crores grouped the Indian way, e.g. ₹12,00,000 (never ₹1,200,000).
    expect(lineTicks.length, lineTicks.join(' ')).toBeGreaterThan(1);
    for (const t of lineTicks) expect(t).toMatch(/^₹\d{1,2}(,\d{2})+,\d{3}$|^₹\d{1,3}$|^₹\d{1,3},\d{3}$/);
    expect(
      lineTicks.some((t) => /^₹\d{1,2}(,\d{2})+,\d{3}$/.test(t)),
      lineTicks.join(' '),
    ).toBe(true);
    expect(await line.textContent()).toContain('last ₹');

    // Hovering a bar and a point shows the exact amount to the paisa.
    const box = (await paidBar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => bars.locator('.chart-tooltip').textContent()).toContain('Paid: ₹4,000.50 (2)');
    await line.scrollIntoViewIfNeeded();
    const dot = (await line.locator('.recharts-dot').first().boundingBox())!;
    await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
    await expect.poll(() => line.locator('.chart-tooltip').textContent()).toContain('Balance: ₹12,34,567.89');
    await screenshot(page, 'history-dashboard-light');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.mouse.move(0, 0);
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.querySelector('.card')!).backgroundColor))
      .toBe('rgb(23, 29, 38)');
    // The charts re-read their colours from the dark variables.
    await expect.poll(() => line.locator('.recharts-line-curve').getAttribute('stroke')).toBe('#7fa8ff');
    await screenshot(page, 'history-dashboard-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // One day with a single balance check: the value, plainly, not a chart filling the panel.
    const oneDay = istDateOf(now - 12 * DAY_MS);
    await page.getByLabel('From').fill(oneDay);
    await page.getByLabel('To').fill(oneDay);
    await page.getByTestId('balance-single').waitFor();
    expect(await page.getByTestId('balance-single').textContent()).toContain('₹9,87,654.32');
    expect(await line.locator('svg').count()).toBe(0);
    expect(await page.getByTestId('outcome-single').textContent()).toContain('Paid');
    await screenshot(page, 'history-dashboard-single-day');

    expect(await cspViolations()).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
