/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const ravi = (row: number, remark: string) => ({
  row,
  values: {
    name: 'Ravi Kumar',
    accountNumber: '123456789012',
    ifsc: 'SBIN0000300',
    amount: '1500',
    mode: 'IMPS',
    remark,
  },
});

/**
 * Issue 17 point 11: a pre-flight warning lists every row it counts (main sends up to 500 and the count), and
 * each row's links to earlier payouts are separate links, not one run of text.
 */
describe('Pre-flight lists every row it warns about (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 4, timing: { pendingMs: 100, processingMs: 150, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150] } },
  });

  it('fifteen rows paid before: all fifteen listed, each with its two earlier payouts as separate links', async () => {
    const { bridge } = app;
    const first = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'rent-q1.csv',
      sha256: '1'.repeat(64),
      kind: 'payouts',
      rows: [ravi(2, 'Rent Jan'), ravi(3, 'Rent Feb')],
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: first.batchId, typedTotal: '3000' });
    const rows = Array.from({ length: 15 }, (_, i) => ravi(i + 2, `Rent unit ${i + 1}`));
    const second = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'rent-units.csv',
      sha256: '2'.repeat(64),
      kind: 'payouts',
      rows,
    });

    const page = await openApp(app.browser, bridge.url, `#/batches?batch=${second.batchId}`);
    await page.getByRole('button', { name: 'Run pre-flight check' }).click();
    const warnings = page.getByTestId('preflight-warnings');
    await warnings.waitFor();
    // The finding that links rows to earlier payouts (the same payee and amount paid before).
    const finding = warnings.locator('xpath=./ul/li[ul[contains(@class, "links")]]');
    const summary = (await finding.locator('span.muted').first().textContent()) ?? '';
    const listed = /\d+(?:, \d+)+/.exec(summary)?.[0] ?? '';
    expect(listed.split(', ').map(Number)).toEqual(rows.map((r) => r.row));
    expect(await finding.textContent()).not.toMatch(/and \d+ more/);

    const linkRows = finding.locator('ul.links > li');
    expect(await linkRows.count()).toBe(15);
    const one = linkRows.first();
    expect(await one.locator('a').count()).toBe(2);
    expect(await one.textContent()).toMatch(/\)\s*;\s*rent-q1/);
    await screenshot(page, 'preflight-every-row');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
