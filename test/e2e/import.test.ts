/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Bridge } from './harness/bridge-server';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { saveFrom } from './harness/saved';
import { builtCli } from '../support/built-cli';

const FIXTURE = 'test/fixtures/payouts-mixed.csv';
const expected = JSON.parse(readFileSync('test/fixtures/payouts-mixed.expected.json', 'utf8')) as {
  rows: number;
  validRows: number;
  invalidRows: number;
  warnings: number;
};

/** Drops a file on the drop zone the way a user's drag does: a real `drop` event with a DataTransfer. */
async function dropFile(page: Page, path: string, name: string) {
  const base64 = readFileSync(path).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: 'text/csv' }));
      return dt;
    },
    { base64, name },
  );
  await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
}

const count = (page: Page, id: string) => page.getByTestId(id).textContent();

/** Saves the error report through main's save dialog (the bridge answers with a temp path) and reads it back. */
async function downloadReport(page: Page, bridge: Bridge): Promise<string> {
  const saved = await saveFrom(page, bridge, () => page.getByRole('button', { name: 'Error report .csv' }).click());
  expect(saved.request.defaultName).toBe('payouts-mixed-errors.csv');
  return readFileSync(saved.path, 'utf8');
}

/** The report's Row, Severity, Code and Message columns, one string per issue. */
function parseReport(csv: string): string[] {
  const rows = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
  const header = rows[0] ?? [];
  const at = (name: string) => header.indexOf(name);
  return rows.slice(1).map((r) => [r[at('Row')], r[at('Severity')], r[at('Code')], r[at('Message')]].join('|'));
}

describe('Import a payout sheet (Chromium, real handlers)', () => {
  const app = useE2eApp();

  it('drop → mapping → preview counts → filter → fix a cell → error report → stage', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropFile(page, FIXTURE, 'payouts-mixed.csv');

    await page.getByTestId('mapping').waitFor();
    expect(await page.getByLabel('Column for Account number').inputValue()).not.toBe('');
    await page.getByTestId('summary').waitFor();
    expect(await count(page, 'count-rows')).toBe(String(expected.rows));
    expect(await count(page, 'count-valid')).toBe(String(expected.validRows));
    expect(await count(page, 'count-invalid')).toBe(String(expected.invalidRows));
    expect(await count(page, 'count-warnings')).toBe(String(expected.warnings));
    await screenshot(page, 'import-preview');

    // The renderer (Web Worker) and the CLI run the same shared pipeline: the same file gives the same issues.
    const before = parseReport(await downloadReport(page, app.bridge));
    const built = builtCli(['validate', FIXTURE, '--json']);
    const cli = spawnSync(built.command, built.args, { encoding: 'utf8' });
    const cliIssues = (
      JSON.parse(cli.stdout) as {
        issues: { row: number; column: string; code: string; severity: string; message: string }[];
      }
    ).issues;
    expect(before).toEqual(cliIssues.map((i) => `${i.row}|${i.severity}|${i.code}|${i.column}: ${i.message}`));

    await page.getByRole('radio', { name: 'Errors only' }).click();
    const grid = page.getByTestId('grid');
    await expect.poll(async () => grid.locator('[role=row][data-row]').count()).toBe(expected.invalidRows);
    await screenshot(page, 'import-errors-only');

    // Row 10 has IFSC "SBINO000300" (letter O for zero); fix it in place.
    const row10 = grid.locator('[data-row="10"]');
    await row10.getByRole('gridcell', { name: 'SBINO000300' }).dblclick();
    const editor = page.getByLabel(/Edit row 10 IFSC Code/);
    await editor.fill('SBIN0000300');
    await editor.press('Enter');
    await expect.poll(() => count(page, 'count-valid')).toBe(String(expected.validRows + 1));
    expect(await count(page, 'count-invalid')).toBe(String(expected.invalidRows - 1));

    // Row 4's name has an apostrophe: the one-click clean-up shows the change, then applies it.
    await page.getByRole('radio', { name: 'All rows' }).click();
    await grid.locator('[data-row="4"]').click();
    await page.getByTestId('name-cleanup').waitFor();
    expect(await page.getByTestId('name-cleanup').textContent()).toContain('Anil DSouza');
    await page.getByTestId('name-cleanup').getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => count(page, 'count-valid')).toBe(String(expected.validRows + 2));

    const report = await downloadReport(page, app.bridge);
    expect(report.charCodeAt(0)).toBe(0xfeff);
    expect(report).toContain('Row,Severity,Code,Message');
    expect(report).toContain('ifsc_missing');
    expect(report).not.toMatch(/^10,.*ifsc_invalid/m);

    await page.getByRole('button', { name: /Continue with \d+ valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    const imports = app.bridge.ctx.db.prepare('SELECT file_name, row_count, valid_count FROM imports').all();
    expect(imports).toEqual([{ file_name: 'payouts-mixed.csv', row_count: 20, valid_count: expected.validRows + 2 }]);
    await screenshot(page, 'import-staged');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('flags the same file imported again and asks before staging it twice', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropFile(page, FIXTURE, 'payouts-mixed.csv');
    await page.getByTestId('summary').waitFor();
    await page.getByRole('button', { name: /Continue with \d+ valid rows/ }).click();
    await page.getByRole('heading', { name: 'Already imported' }).waitFor();
    expect(app.bridge.ctx.db.prepare('SELECT COUNT(*) AS n FROM imports').get()).toEqual({ n: 1 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  });

  it('saves a template where the save dialog says, exactly as shipped', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    const saved = await saveFrom(page, app.bridge, () => page.getByRole('button', { name: 'Payouts .xlsx' }).click());
    expect(saved.request).toEqual({
      defaultName: 'payouts-template.xlsx',
      filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
    });
    expect(readFileSync(saved.path).equals(readFileSync('resources/templates/payouts-template.xlsx'))).toBe(true);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('refuses a file that is not a sheet, saying what is wrong', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropFile(page, 'test/fixtures/binary-renamed.csv', 'binary-renamed.csv');
    await page.getByText('This file cannot be imported:').waitFor();
    await page.close();
  });

  it('registers a beneficiary sheet at EnKash, skipping payees that already exist', async () => {
    // VEND002 is already registered, as if created by hand earlier.
    const { client } = await app.bridge.ctx.enkash.session();
    await client.createBeneficiary({ beneficiaryId: 'VEND002', name: 'Meena Iyer', vpa: 'meena.iyer@okaxis' });

    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await dropFile(page, 'test/fixtures/beneficiaries.csv', 'beneficiaries.csv');
    await page.getByTestId('summary').waitFor();
    expect(await page.getByRole('radio', { name: 'Beneficiary sheet' }).getAttribute('aria-checked')).toBe('true');
    const valid = Number(await count(page, 'count-valid'));
    expect(valid).toBeGreaterThan(0);
    await page.getByRole('button', { name: /Continue with \d+ valid rows/ }).click();
    await page.getByRole('button', { name: `Create ${valid} beneficiaries at EnKash` }).click();
    await page.getByRole('button', { name: 'Create beneficiaries' }).click();
    await expect.poll(() => page.getByTestId('bulk-progress').textContent()).toMatch(/^Done\./);
    const text = (await page.getByTestId('bulk-progress').textContent()) ?? '';
    expect(text).toContain('1 already existed');
    expect(text).toContain(`${valid - 1} created`);
    const saved = await saveFrom(page, app.bridge, () => page.getByRole('button', { name: 'Results .csv' }).click());
    expect(saved.request.defaultName).toBe('beneficiaries-results.csv');
    const results = readFileSync(saved.path, 'utf8');
    expect(results).toMatch(/VEND002,Meena Iyer,exists/);
    await screenshot(page, 'import-beneficiaries-created');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
