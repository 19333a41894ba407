/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, SCREENSHOT_DIR } from './harness/browser';
import { dropBytes } from './harness/drop-file';
import { useE2eApp } from './harness/e2e-app';

const NAMES = ['Ravi Kumar', 'Priya Sharma', 'Anil Verma', 'Meena Iyer'];

/** 300 valid payouts with one bad IFSC far below the grid's first screen (row 251 in Excel's numbering). */
function sheet(): string {
  const lines = ['Name,Account Number,IFSC,Amount,Mode,Remark,Reference,Email,Phone'];
  for (let i = 1; i <= 300; i++) {
    const ifsc = i === 250 ? 'SBINO000300' : 'SBIN0000300';
    lines.push(
      `${NAMES[i % NAMES.length]},${100000000000 + i},${ifsc},${1000 + i},IMPS,Salary Nov,REF${i},p${i}@example.in,9800000000`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

describe('The import preview fits the default window (issue 17 point 6, Chromium 1280×840)', () => {
  const app = useE2eApp();

  it('scrolls only inside the grid, keeps Row and the side menu in place, and Next error shows the row', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    expect(page.viewportSize()).toEqual({ width: 1280, height: 840 });
    await dropBytes(page, sheet(), 'november-wide.csv');
    await page.getByTestId('summary').waitFor();
    const scroller = page.getByTestId('grid').locator('.grid-scroll');

    // No page-level horizontal scroll: the wide sheet scrolls inside the grid.
    const page1 = await page.evaluate(() => {
      const el = document.scrollingElement!;
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
    });
    expect(page1.scrollWidth).toBeLessThanOrEqual(page1.clientWidth);
    const inner = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(inner.scrollWidth).toBeGreaterThan(inner.clientWidth);
    // Every column is there (Row, Status and the sheet's nine).
    expect(await page.getByTestId('grid').getByRole('columnheader').count()).toBe(11);

    // The Row column stays visible after scrolling the grid sideways.
    await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(300);
    const grid = await box(scroller);
    const rowCell = await box(page.getByTestId('grid').locator('[data-row="2"] [role=rowheader]'));
    expect(rowCell.x).toBeGreaterThanOrEqual(grid.x - 1);
    expect(rowCell.x + rowCell.width).toBeLessThanOrEqual(grid.x + grid.width);

    // The side menu does not scroll away with the page.
    const menu = page.getByRole('navigation', { name: 'Main' });
    const before = await box(menu);
    await page.evaluate(() => window.scrollTo(0, 400));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await box(menu)).toEqual(before);

    // "Next error" brings row 251 into the grid's visible box.
    await page.getByRole('button', { name: /Next error/ }).click();
    const errorRow = page.getByTestId('grid').locator('[data-row="251"]');
    await errorRow.waitFor();
    await expect
      .poll(async () => {
        const g = await box(scroller);
        const r = await box(errorRow);
        return r.y >= g.y && r.y + r.height <= g.y + g.height;
      })
      .toBe(true);

    // The preview in view, scrolled sideways with the error row selected.
    await page.getByTestId('summary').evaluate((el) => el.scrollIntoView());
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // At the window's own size (not full page): what the user sees at 1280×840.
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'import-fits-1280x840.png') });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
