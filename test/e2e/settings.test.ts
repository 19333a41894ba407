import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

describe('Settings (renderer in Chromium, real main handlers)', () => {
  const app = useE2eApp();

  it('starts in Sandbox and says Sandbox needs no credentials', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    await page.getByTestId('sandbox-no-credentials').waitFor();
    expect(await page.getByTestId('env-badge').textContent()).toBe('Sandbox');
    await screenshot(page, 'settings-sandbox');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('changes how long verified bank names are reused, refusing a value that is not whole days', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    const days = page.getByLabel('Reuse a bank-held name for (days)');
    expect(await days.inputValue()).toBe('90');
    await days.fill('0');
    await page.getByRole('button', { name: 'Save cache age' }).click();
    await page.getByText('Enter between 1 and 3650 days.').waitFor();
    expect(app.bridge.ctx.settings.get().verification.cacheDays).toBe(90);
    await days.fill('30');
    await page.getByRole('button', { name: 'Save cache age' }).click();
    await page.getByText('Saved: bank names are reused for 30 days.').waitFor();
    expect(app.bridge.ctx.settings.get().verification.cacheDays).toBe(30);
    await page.reload();
    expect(await page.getByLabel('Reuse a bank-held name for (days)').inputValue()).toBe('30');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('saves UAT credentials, shows them masked, and still masked after a reload', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    await page.getByRole('radio', { name: /UAT/ }).click();
    await page.getByLabel('Client ID').fill('CEKFOWV7UQ');
    await page.getByLabel('Client secret').fill('uat-secret-value-123');
    await page.getByLabel('Username').fill('saquib.n+ins@enkash.com');
    await page.getByLabel('Password').fill('hunter2-password');
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await page.getByTestId('client-id-masked').textContent()).toBe('CEK•••••UQ');
    // The form is emptied once main has the secret.
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');

    await page.reload();
    await page.getByTestId('client-id-masked').waitFor();
    expect(await page.getByTestId('client-id-masked').textContent()).toBe('CEK•••••UQ');
    await screenshot(page, 'settings-credentials-masked');

    // Nothing the renderer received, and nothing on disk in the clear, holds the secret or password.
    const replies = JSON.stringify(app.bridge.ipcCalls);
    for (const secret of ['uat-secret-value-123', 'hunter2-password']) {
      expect(replies).not.toContain(secret);
      expect(await page.content()).not.toContain(secret);
      expect(readFileSync(join(app.bridge.ctx.dataDir, 'credentials.json'), 'utf8')).not.toContain(secret);
      expect(app.bridge.ctx.logLines.join('\n')).not.toContain(secret);
    }
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('asks for a typed confirmation before switching to Production', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    await page.getByRole('radio', { name: /Production/ }).click();
    const confirm = page.getByRole('button', { name: 'Switch to Production' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('Type PRODUCTION to confirm').fill('PRODUCTION');
    await confirm.click();
    await page.getByText(/PRODUCTION — payouts made here move real money/).waitFor();
    await screenshot(page, 'settings-production');
    expect(app.bridge.ctx.settings.get().environment).toBe('production');
    await page.close();
    expect(existsSync(join(app.bridge.ctx.dataDir, 'settings.json'))).toBe(true);
  });
});
