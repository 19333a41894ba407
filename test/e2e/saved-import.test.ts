/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { dropBytes } from './harness/drop-file';
import { useE2eApp } from './harness/e2e-app';

const FIXTURE = readFileSync('test/fixtures/payouts-mixed.csv');
const expected = JSON.parse(readFileSync('test/fixtures/payouts-mixed.expected.json', 'utf8')) as {
  validRows: number;
  invalidRows: number;
};
const count = (page: Page, id: string) => page.getByTestId(id).textContent();

describe('A saved import survives leaving the screen and a reload (issue 17 point 8, Chromium)', () => {
  const app = useE2eApp();
  const drafts = () => app.bridge.ctx.db.prepare('SELECT kind, file_name AS fileName FROM import_drafts').all();
  const patches = () =>
    app.bridge.ctx.db.prepare('SELECT old_value AS old, new_value AS value FROM import_draft_patches').all();

  it('fixes a cell, goes to History, reloads, and finds the import reopened with the fix', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropBytes(page, FIXTURE, 'payouts-mixed.csv');
    await page.getByTestId('summary').waitFor();
    const grid = page.getByTestId('grid');
    // Row 10 has IFSC "SBINO000300" (letter O for zero); fix it in place.
    await grid.locator('[data-row="10"]').getByRole('gridcell', { name: 'SBINO000300' }).dblclick();
    const editor = page.getByLabel(/Edit row 10 IFSC Code/);
    await editor.fill('SBIN0000300');
    await editor.press('Enter');
    await expect.poll(() => count(page, 'count-valid')).toBe(String(expected.validRows + 1));
    // Kept in main as one patch, not as a copy of the sheet.
    await expect.poll(patches).toEqual([{ old: 'SBINO000300', value: 'SBIN0000300' }]);

    await page.getByRole('link', { name: /History/ }).click();
    await page.waitForURL(/#\/history/);
    await page.reload();
    await page.getByRole('link', { name: /Import/ }).click();

    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('saved-import').textContent()).toContain('payouts-mixed.csv');
    expect(await count(page, 'count-valid')).toBe(String(expected.validRows + 1));
    expect(await count(page, 'count-invalid')).toBe(String(expected.invalidRows - 1));
    expect(await grid.locator('[data-row="10"]').getByRole('gridcell', { name: 'SBIN0000300' }).count()).toBe(1);
    await screenshot(page, 'import-saved-reopened');

    // Starting over forgets it: after another reload the screen is empty again.
    await page.getByTestId('saved-import').getByRole('button', { name: 'Discard this import' }).click();
    await expect.poll(drafts).toEqual([]);
    await page.reload();
    await page.getByTestId('dropzone').waitFor();
    expect(await page.getByTestId('summary').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('staging the import clears it', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropBytes(page, FIXTURE, 'payouts-mixed.csv');
    await page.getByTestId('summary').waitFor();
    await expect.poll(drafts).toEqual([{ kind: 'payouts', fileName: 'payouts-mixed.csv' }]);
    await page.getByRole('button', { name: /Continue with \d+ valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    expect(drafts()).toEqual([]);
    // An edit after staging is not kept again (and no "could not be kept" warning appears).
    await page.getByTestId('grid').locator('[data-row="10"]').getByRole('gridcell', { name: 'SBINO000300' }).dblclick();
    await page.getByLabel(/Edit row 10 IFSC Code/).fill('SBIN0000300');
    await page.getByLabel(/Edit row 10 IFSC Code/).press('Enter');
    await page.getByTestId('grid').getByRole('gridcell', { name: 'SBIN0000300' }).first().waitFor();
    await page.getByRole('link', { name: /History/ }).click();
    await page.waitForURL(/#\/history/);
    expect(drafts()).toEqual([]);
    expect(await page.getByText('Your fixes could not be kept').count()).toBe(0);
    await page.reload();
    await page.getByRole('link', { name: /Import/ }).click();
    await page.getByTestId('dropzone').waitFor();
    expect(await page.getByTestId('summary').count()).toBe(0);
    await page.close();
  });
});
