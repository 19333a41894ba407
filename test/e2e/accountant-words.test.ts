/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

// An issue code ("(name_invalid)"), a journal action with an arrow ("poll PENDING → SUCCESS") or "Main …".
const CODE_IN_BRACKETS = /\([a-z]+(_[a-z]+)+\)/;
const PROCESS_WORDS = /\bpoll\b|\bresult\b|→|Main checked/;

/** Issue 17 point 9: words for accountants, and the API profile behind a closed "Advanced" that asks first. */
describe('Words for accountants (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 9, timing: { pendingMs: 150, processingMs: 250, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [200] } },
  });

  it('the API profile starts closed under "Advanced" and a save asks first', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    const advanced = page.getByTestId('advanced-settings');
    await advanced.waitFor();
    expect(await advanced.getAttribute('open')).toBeNull();
    expect(await page.getByLabel('Balance', { exact: true }).isVisible()).toBe(false);
    await screenshot(page, 'settings-advanced-closed');

    await advanced.locator('summary').click();
    await page.getByLabel('Balance', { exact: true }).fill('/api/v0/balance-x');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the API profile?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(app.bridge.ctx.settings.get().apiProfile.paths.balance).not.toBe('/api/v0/balance-x');

    await page.getByRole('button', { name: 'Save profile' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('API profile saved.').waitFor();
    expect(app.bridge.ctx.settings.get().apiProfile.paths.balance).toBe('/api/v0/balance-x');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('row issues and the staged note carry no codes or process words', async () => {
    const sheet = join(mkdtempSync(join(tmpdir(), 'words-e2e-')), 'words.csv');
    writeFileSync(
      sheet,
      [
        'Payee Name,Account Number,IFSC,Amount,Mode',
        'Ravi Kumar,123456789012,SBIN0000300,1500,IMPS',
        'R@vi#,223456789012,SBIN0000300,900,IMPS',
      ].join('\r\n'),
    );
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(sheet);
    await page.getByTestId('summary').waitFor();
    await page.getByTestId('grid').locator('[data-row="3"]').click();
    const issues = page.getByTestId('row-issues');
    await issues.waitFor();
    expect(await issues.textContent()).not.toMatch(CODE_IN_BRACKETS);
    await page.getByRole('button', { name: /Continue with 1 valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    expect(await page.getByTestId('staged').textContent()).not.toMatch(PROCESS_WORDS);
    await page.close();
  });

  it('a payout’s timeline says what happened in words', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'timeline.csv',
      sha256: '9'.repeat(64),
      kind: 'payouts',
      rows: [
        {
          row: 2,
          values: { name: 'Priya Sharma', accountNumber: '50100012345678', ifsc: 'HDFC0000240', amount: '2500' },
        },
      ],
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: staged.batchId, typedTotal: '2500' });
    await expect
      .poll(
        () =>
          (
            bridge.ctx.db.prepare('SELECT state FROM payouts WHERE batch_id = ?').get(staged.batchId) as {
              state: string;
            }
          ).state,
        { timeout: 30_000 },
      )
      .toBe('SUCCESS');
    const page = await openApp(app.browser, bridge.url, '#/history');
    const rows = page.getByTestId('history-rows');
    await rows.locator('tbody tr', { hasText: 'Priya Sharma' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    await expect.poll(() => timeline.textContent()).toContain('SUCCESS');
    const text = (await timeline.textContent()) ?? '';
    expect(text).not.toMatch(PROCESS_WORDS);
    expect(text).toMatch(/EnKash/);
    await screenshot(page, 'history-timeline-words');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
