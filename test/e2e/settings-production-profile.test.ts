import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

/** Issue 9 point 8 in the renderer: redirecting Production asks for PRODUCTION typed, and main records it. */

describe('Settings → Advanced: changing where Production payouts go', () => {
  const app = useE2eApp();

  const settingsAudit = () =>
    app.bridge.ctx.db.prepare("SELECT data FROM audit_log WHERE entity = 'settings' ORDER BY id").all() as {
      data: string;
    }[];

  it('a new Production base URL is saved only after PRODUCTION is typed; cancelling saves nothing', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    // The API profile sits behind the closed "Advanced" disclosure (issue 17 point 9).
    await page.getByTestId('advanced-settings').locator('summary').click();
    const field = page.getByLabel('Production base URL');
    await field.fill('https://relay.example.in');
    await page.getByRole('button', { name: 'Save profile' }).click();

    const dialog = page.getByRole('dialog', { name: 'Change where Production payouts go?' });
    await dialog.waitFor();
    expect(await page.getByTestId('production-changes').textContent()).toContain('baseUrls.production');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(app.bridge.ctx.settings.get().apiProfile.baseUrls.production).toBe('https://api.enkash.in');

    await page.getByRole('button', { name: 'Save profile' }).click();
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Save profile' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type PRODUCTION to confirm').fill('production');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type PRODUCTION to confirm').fill('PRODUCTION');
    await screenshot(page, 'settings-production-profile-confirm');
    await confirm.click();
    await page.getByText('API profile saved.').waitFor();
    expect(app.bridge.ctx.settings.get().apiProfile.baseUrls.production).toBe('https://relay.example.in');
    expect(settingsAudit().map((r) => JSON.parse(r.data).changes)).toEqual([
      [{ key: 'baseUrls.production', from: 'https://api.enkash.in', to: 'https://relay.example.in' }],
    ]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('in Sandbox a path change saves directly; in Production it asks first', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    // The API profile sits behind the closed "Advanced" disclosure (issue 17 point 9).
    await page.getByTestId('advanced-settings').locator('summary').click();
    await page.getByLabel('Balance', { exact: true }).fill('/api/v0/balance-a');
    await page.getByRole('button', { name: 'Save profile' }).click();
    // Issue 17 point 9: every save asks first; outside Production a plain confirmation is enough.
    await page.getByRole('dialog', { name: 'Save the API profile?' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('API profile saved.').waitFor();
    expect(app.bridge.ctx.settings.get().apiProfile.paths.balance).toBe('/api/v0/balance-a');

    await page.getByRole('radio', { name: /Production/ }).click();
    await page.getByLabel('Type PRODUCTION to confirm').fill('PRODUCTION');
    await page.getByRole('button', { name: 'Switch to Production' }).click();
    await page.getByText(/PRODUCTION — payouts made here move real money/).waitFor();

    await page.getByLabel('Balance', { exact: true }).fill('/api/v0/balance-b');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change where Production payouts go?' });
    await dialog.waitFor();
    expect(await page.getByTestId('production-changes').textContent()).toContain('paths.balance');
    await dialog.getByLabel('Type PRODUCTION to confirm').fill('PRODUCTION');
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(app.bridge.ctx.settings.get().apiProfile.paths.balance).toBe('/api/v0/balance-b');
    expect(settingsAudit()).toHaveLength(2);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
