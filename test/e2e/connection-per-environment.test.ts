/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

async function switchTo(page: Page, name: RegExp) {
  await page.getByRole('radio', { name }).click();
  await expect.poll(() => page.getByRole('radio', { name }).getAttribute('aria-checked')).toBe('true');
}

/**
 * Issue 17 point 3: no stale "Connected". A connection test answers for one environment only; after a switch
 * the card says the new environment was not tested, and Production without credentials says so on every screen
 * that needs EnKash (Settings, pre-flight, Accounts), with the reason the balance could not be read.
 */
describe('The connection card speaks for the environment on screen (Chromium)', () => {
  const app = useE2eApp();

  it('a Sandbox "Connected." does not follow a switch to UAT, and comes back with Sandbox', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    const card = page.getByTestId('connection-card');
    await card.getByText('Not tested for Sandbox yet').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('connection-result').textContent()).toContain('Connected.');

    await switchTo(page, /UAT/);
    await card.getByText('Not tested for UAT yet').waitFor();
    expect(await card.textContent()).not.toContain('Connected.');
    expect(await page.getByTestId('connection-result').count()).toBe(0);
    await screenshot(page, 'settings-connection-not-tested');

    await switchTo(page, /Sandbox/);
    await expect.poll(() => page.getByTestId('connection-result').textContent()).toContain('Connected.');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('Production with no credentials says so in Settings, pre-flight and Accounts', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    await page.getByRole('radio', { name: /Production/ }).click();
    await page.getByLabel('Type PRODUCTION to confirm').fill('PRODUCTION');
    await page.getByRole('button', { name: 'Switch to Production' }).click();
    const card = page.getByTestId('connection-card');
    await card.getByText(/No credentials are saved for Production/).waitFor();
    expect(await card.textContent()).not.toContain('Connected.');
    await screenshot(page, 'settings-production-no-credentials');

    const staged = await ipc<{ batchId: number }>(app.bridge, 'imports:stage-import', {
      fileName: 'prod.csv',
      sha256: 'e'.repeat(64),
      kind: 'payouts',
      rows: [
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
      ],
    });
    await page.goto(`${app.bridge.url}/#/batches?batch=${staged.batchId}`);
    await page.getByRole('button', { name: 'Run pre-flight check' }).click();
    const balance = page.getByTestId('preflight-balance');
    await balance.waitFor();
    expect(await balance.textContent()).toMatch(/could not be read.*no EnKash credentials are saved/i);

    await page.goto(`${app.bridge.url}/#/accounts`);
    await page
      .getByText(/No EnKash credentials are saved/)
      .first()
      .waitFor();
    expect(pageErrors(page).filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});
