import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

const ROWS = 100_000;

describe('a 100,000-row sheet in the preview (Chromium)', () => {
  const app = useE2eApp();

  it('parses in the worker, counts every row, and keeps the grid DOM small while scrolling', async () => {
    const lines = ['Payee Name,Account Number,IFSC,Amount,Mode'];
    for (let i = 0; i < ROWS; i++) {
      // Every 1,000th row has a bad IFSC so there are errors to jump to.
      const ifsc = i % 1000 === 999 ? 'BAD' : 'SBIN0000300';
      lines.push(
        `Payee ${String.fromCharCode(65 + (i % 26))} Kumar,${100000000000 + i},${ifsc},${(i % 900) + 100}.50,IMPS`,
      );
    }
    const file = join(mkdtempSync(join(tmpdir(), 'payout-big-')), 'big.csv');
    writeFileSync(file, lines.join('\n'));

    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('summary').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('count-rows').textContent()).toBe('1,00,000');
    expect(await page.getByTestId('count-invalid').textContent()).toBe('100');

    const grid = page.getByTestId('grid');
    const rendered = () => grid.locator('[role=row][data-row]').count();
    expect(await rendered()).toBeLessThan(80);
    await page.getByRole('button', { name: 'Next error ↓' }).click();
    await page.getByRole('button', { name: 'Next error ↓' }).click();
    // The second error is Excel row 2,001 (data row 2,000): scrolled into view without rendering the rows above.
    await grid.locator('[data-row="2001"]').waitFor();
    expect(await rendered()).toBeLessThan(80);

    // Filtering to errors keeps exactly the 100 error rows and still renders only a window of them; jumping to the
    // next error inside the filter scrolls to it without rendering the rest.
    await page.getByRole('radio', { name: 'Errors only' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('100');
    expect(await rendered()).toBeLessThan(80);
    await page.getByRole('button', { name: 'Next error ↓' }).click();
    await grid.locator('[data-row="3001"]').waitFor();
    expect(await rendered()).toBeLessThan(80);
    await page.getByRole('radio', { name: 'All rows' }).click();
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('100000');
    expect(await rendered()).toBeLessThan(80);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
