/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { isVisiblyFocused, tabTo } from './harness/keyboard';

const SHEET = [
  'Payee Name,Account Number,IFSC,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,1500,IMPS,Salary',
  'Priya Sharma,50100012345678,HDFC0000240,2500.50,NEFT,Salary',
].join('\r\n');

describe('Keyboard only: import → pre-flight → submit (Chromium)', () => {
  let sheet: string;
  beforeAll(() => {
    sheet = join(mkdtempSync(join(tmpdir(), 'payout-kbd-')), 'keyboard-salaries.csv');
    writeFileSync(sheet, SHEET);
  });
  const app = useE2eApp({
    sandboxOptions: { seed: 13, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150] } },
  });

  it('reaches every step with Tab/Enter, always with a visible focus, and sends the batch', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await page.getByTestId('dropzone').waitFor();
    const step = async (name: RegExp, back = false) => {
      const f = await tabTo(page, name, { back });
      expect(isVisiblyFocused(f), `${name} focus ${JSON.stringify(f)}`).toBe(true);
      return f;
    };

    // The OS file dialog opens from the keyboard; choosing the file in it is the one non-keyboard part.
    // Listen first: Playwright turns on file-chooser interception asynchronously.
    const chooser = page.waitForEvent('filechooser');
    await step(/^Choose a file/);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(sheet);
    await page.getByTestId('summary').waitFor();

    await step(/^Continue with 2 valid rows$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('staged').waitFor();
    // "Continue" is gone; the focus lands on the result, right before its link to the batch.
    const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(await focusedTestId()).toBe('staged');

    await step(/^Batches$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('batch-list').waitFor();
    await step(/^keyboard-salaries$/);
    await page.keyboard.press('Enter');

    await step(/^Run pre-flight check$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('preflight').waitFor();
    await step(/Type the batch total/);
    await page.keyboard.type('4000.50');
    const confirm = await step(/^Confirm and send/);
    expect(confirm.name).toContain('₹4,000.50');
    await screenshot(page, 'keyboard-confirm-focus');
    // Shift+Tab goes back to the total and Tab forward again: no trap in either direction.
    await step(/Type the batch total/, true);
    await step(/^Confirm and send/);
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByTestId('progress-pct').textContent(), { timeout: 30_000 }).toBe('100%');
    const ledger = app.bridge.ctx.enkash.sandbox()!.ledger();
    expect(ledger.reduce((s, e) => s + e.amountPaise, 0)).toBe(400_050);
    // The confirm button is gone: the focus lands on the progress, not back at the top of the page.
    expect(await focusedTestId()).toBe('batch-progress');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
