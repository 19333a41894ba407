/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

const FOOTER_SHEET = readFileSync('test/fixtures/payouts-footer.csv', 'utf8');

/** Drops CSV text on the drop zone the way a user's drag does: a real `drop` event with a DataTransfer. */
async function dropText(page: Page, text: string, name: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ text, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      return dt;
    },
    { text, name },
  );
  await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
}

const text = (page: Page, id: string) => page.getByTestId(id).textContent();

describe('Import: total footers and role notes in names (Chromium)', () => {
  const app = useE2eApp();

  it('leaves the Total row out, cross-checks its amount, and cleans "(Driver)" out of a name', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropText(page, FOOTER_SHEET, 'november-salaries.csv');
    await page.getByTestId('summary').waitFor();

    // Four payees; the "Total" row is not a fifth payout, while the payee "Totala Devi" stays a row.
    expect(await text(page, 'count-rows')).toBe('4');
    expect(await text(page, 'file-info')).toContain('4 data rows');
    const grid = page.getByTestId('grid');
    expect(await grid.locator('[data-row="5"]').textContent()).toContain('Totala Devi');
    expect(await grid.locator('[data-row="7"]').count()).toBe(0);
    const check = page.getByTestId('footer-check');
    await check.waitFor();
    expect(await check.textContent()).toContain(
      "The sheet's total ₹6,22,501.00 differs from the rows' sum ₹6,22,500.50 by ₹0.50",
    );
    expect(await check.textContent()).toContain('row 7');

    // "Suresh Patel(Driver)": the role note goes, it is never glued into the name.
    await grid.locator('[data-row="4"]').click();
    const cleanup = page.getByTestId('name-cleanup');
    await cleanup.waitFor();
    const shown = (await cleanup.textContent()) ?? '';
    expect(shown).toContain('“Suresh Patel”');
    expect(shown).toContain('removed the note "(Driver)"');
    expect(shown).not.toMatch(/Suresh Patel ?Driver/);
    await screenshot(page, 'import-footer-mismatch');
    await cleanup.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => text(page, 'count-valid')).toBe('4');
    expect(await grid.locator('[data-row="4"]').textContent()).toContain('Suresh Patel');
    expect(await grid.locator('[data-row="4"]').textContent()).not.toContain('Driver');

    // Fixing an amount in the grid re-runs the cross-check: now the rows add up to the sheet's total.
    await grid.locator('[data-row="3"]').getByRole('gridcell', { name: '200000.50' }).dblclick();
    const editor = page.getByLabel(/Edit row 3 Amount/);
    await editor.fill('200001.00');
    await editor.press('Enter');
    await expect.poll(() => text(page, 'footer-check')).toContain("matches the sheet's total ₹6,22,501.00");
    await screenshot(page, 'import-footer-match');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
