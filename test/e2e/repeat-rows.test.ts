/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

// November salaries: row 4 is row 2 pasted twice (paid twice today); row 5 pays Priya the same amount under
// another remark (two real payments as often as a mistake: a warning, still paid).
const SHEET = [
  'Payee Name,Account Number,IFSC,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,45000,NEFT,Nov salary',
  'Priya Sharma,50100012345678,HDFC0000240,52000.50,NEFT,Nov salary',
  'Ravi Kumar,123456789012,SBIN0000300,45000,NEFT,Nov salary',
  'Priya Sharma,50100012345678,HDFC0000240,52000.50,NEFT,Nov arrears',
].join('\r\n');

describe('A repeated row is not paid by default (issue 17 point 1, Chromium)', () => {
  let sheet: string;
  beforeAll(() => {
    sheet = join(mkdtempSync(join(tmpdir(), 'payout-e2e-')), 'nov-salaries.csv');
    writeFileSync(sheet, SHEET);
  });
  const app = useE2eApp({ sandboxOptions: { seed: 17 } });

  it('import counts the repeat out, pre-flight lists it with Include, and including it adds exactly its amount', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(sheet);
    await page.getByTestId('summary').waitFor();
    await page.getByTestId('repeat-rows').waitFor();
    expect(await page.getByTestId('repeat-rows').textContent()).toMatch(/^1 repeated row\(s\) \(₹45,000\.00\)/);
    expect(await page.getByTestId('count-repeats').textContent()).toContain('1 repeated (₹45,000.00)');
    await screenshot(page, 'import-repeats');
    await page.getByRole('button', { name: /Continue with 3 valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    const batch = app.bridge.ctx.db.prepare('SELECT id, row_count AS n, total_paise AS t FROM batches').get() as {
      id: number;
      n: number;
      t: number;
    };
    expect(batch).toMatchObject({ n: 3, t: 14_900_100 });

    await page.goto(`${app.bridge.url}/#/batches?batch=${batch.id}`);
    await page.getByRole('button', { name: 'Run pre-flight check' }).click();
    const preflight = page.getByTestId('preflight');
    await preflight.waitFor();
    expect(await preflight.textContent()).toContain('₹1,49,001.00');
    const repeats = page.getByTestId('preflight-repeats');
    expect(await repeats.textContent()).toContain('Row 4');
    expect(await page.getByTestId('preflight-warnings').textContent()).toMatch(/same payee the same amount/);
    await screenshot(page, 'preflight-repeats');

    await repeats.getByRole('button', { name: 'Include row 4' }).click();
    await expect.poll(() => preflight.textContent()).toContain('₹1,94,001.00');
    expect(await page.getByTestId('preflight-repeats').count()).toBe(0);
    const audit = app.bridge.ctx.db.prepare("SELECT data FROM audit_log WHERE action = 'include'").all() as {
      data: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({
      rowNumber: 4,
      reason: 'repeat',
      actor: expect.stringMatching(/^desk/),
    });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
