import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS } from '../../src/main/sandbox/index';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

describe('Sandbox connection, Accounts and Beneficiaries (Chromium)', () => {
  const app = useE2eApp();

  it('Test connection in Sandbox is green and shows the balance', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/settings');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toContain('Connected.');
    expect(await result.textContent()).toMatch(/Balance: ₹[\d,]+\.\d\d/);
    await page.getByRole('button', { name: 'Run diagnostics' }).click();
    await page.getByTestId('diagnostics').waitFor();
    expect(await page.getByTestId('diagnostics').textContent()).toContain('detected sha256-16');
    await screenshot(page, 'settings-connection');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('Accounts shows the balance and the whitelisted source account', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/accounts');
    await page.getByTestId('balance').waitFor();
    const sandboxBalance = app.bridge.ctx.enkash.sandbox()?.balancePaise() ?? -1;
    const rupees = (sandboxBalance / 100).toFixed(2);
    const shown = (await page.getByTestId('balance').textContent())?.replace(/[₹,]/g, '');
    expect(shown).toBe(rupees);
    await page.getByTestId('source-accounts').waitFor();
    const sourceText = await page.getByTestId('source-accounts').textContent();
    // Shown masked: only the last four digits of the simulator's whitelisted account.
    expect(sourceText).toContain(`********${DEFAULT_CREDENTIALS.debitAccountNumber.slice(-4)}`);
    expect(sourceText).not.toContain(DEFAULT_CREDENTIALS.debitAccountNumber);
    expect(sourceText).toContain(DEFAULT_CREDENTIALS.sourceIfsc);
    await screenshot(page, 'accounts');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('creates, finds and deletes a beneficiary, with confirmation', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/beneficiaries');
    // A bad IFSC is caught in the form before anything is sent.
    await page.getByLabel('Beneficiary ID').fill('RAVI01');
    await page.getByLabel('Name', { exact: true }).fill('Ravi Kumar');
    await page.getByLabel('Account number').fill('50100123456789');
    await page.getByLabel('IFSC').fill('HDFC123');
    await page.getByRole('button', { name: 'Create beneficiary' }).click();
    await page.getByText(/IFSC .*HDFC123/).waitFor();
    expect(app.bridge.ctx.enkash.sandbox()?.stats().byOperation.createBeneficiary ?? 0).toBe(0);

    await page.getByLabel('IFSC').fill('hdfc0000123');
    await page.getByRole('button', { name: 'Create beneficiary' }).click();
    await page.getByText('Beneficiary RAVI01 created.').waitFor();

    await page.getByLabel('Search beneficiaries').fill('RAVI01');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('beneficiary-results');
    await results.waitFor();
    expect(await results.textContent()).toContain('Ravi Kumar');
    expect(await results.textContent()).toContain('HDFC0000123');
    await screenshot(page, 'beneficiaries');

    await results.getByRole('button', { name: 'Delete' }).first().click();
    await page.getByRole('button', { name: 'Delete beneficiary' }).click();
    await page.getByText('Beneficiary RAVI01 deleted.').waitFor();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No beneficiaries match.').waitFor();
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
