/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

// Row 4's remark passes our rules (a warning over 30 characters, within the rule book's 50) but this Sandbox
// is set stricter (remarkMaxLength 30), as EnKash may be: a REJECTED row to fix and resubmit with the same id.
const LONG_REMARK = 'Quarterly consulting retainer for Q3 FY26';
const SHEET = [
  'Payee Name,Account Number,IFSC,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,"1,500.00",IMPS,Salary',
  'Priya Sharma,50100012345678,HDFC0000240,2500,NEFT,Salary',
  'Anil Desai,001234567890,ICIC0000001,999.99,IMPS,Salary',
  `Meena Iyer,223456789012,SBIN0000300,1200,IMPS,${LONG_REMARK}`,
].join('\r\n');
const TOTAL = '6199.99';

async function stageSheet(page: Page, path: string) {
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('summary').waitFor();
  await page.getByRole('button', { name: /Continue with 4 valid rows/ }).click();
  await page.getByTestId('staged').waitFor();
}

describe('Batch submission in Sandbox (Chromium, real handlers and journal)', () => {
  let sheet: string;
  beforeAll(() => {
    sheet = join(mkdtempSync(join(tmpdir(), 'payout-e2e-')), 'march-salaries.csv');
    writeFileSync(sheet, SHEET);
  });
  const app = useE2eApp({
    sandboxOptions: {
      seed: 11,
      timing: { pendingMs: 300, processingMs: 600, failRate: 0, reverseRate: 0 },
      dialect: { remarkMaxLength: 30 },
    },
    services: { pollEveryMs: 250, timing: { pollDelaysMs: [300], unknownRecheckMs: 300 } },
  });

  it('import → pre-flight → typed total → send → 100 % → fix a REJECTED row → all SUCCESS', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await stageSheet(page, sheet);
    await page.getByRole('link', { name: 'Batches' }).first().click();
    await page.getByTestId('batch-list').waitFor();
    await page.getByTestId('batch-list').getByText('march-salaries', { exact: true }).click();

    await page.getByRole('button', { name: 'Run pre-flight check' }).click();
    await page.getByTestId('preflight').waitFor();
    expect(await page.getByTestId('preflight').textContent()).toContain('₹6,199.99');
    await screenshot(page, 'batch-preflight');

    // A wrong total is refused and nothing is sent.
    await page.getByLabel(/Type the batch total/).fill('6199.90');
    await page.getByRole('button', { name: /Confirm and send/ }).click();
    await page.getByText(/does not match/i).waitFor();
    expect(app.bridge.ctx.enkash.sandbox()?.ledger() ?? []).toHaveLength(0);

    await page.getByLabel(/Type the batch total/).fill(TOTAL);
    await page.getByRole('button', { name: /Confirm and send/ }).click();
    await expect.poll(() => page.getByTestId('progress-pct').textContent(), { timeout: 30_000 }).toBe('100%');
    await screenshot(page, 'batch-progress');

    const rows = page.getByTestId('batch-rows');
    await expect.poll(() => rows.locator('tr[data-state=REJECTED]').count(), { timeout: 30_000 }).toBe(1);
    await rows.locator('tr[data-state=REJECTED]').getByRole('button', { name: 'Fix' }).click();
    await page.getByLabel('Remark').fill('Consulting Q3');
    await page.getByRole('button', { name: 'Save fix' }).click();
    await rows.locator('tr[data-state=REJECTED]').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Resubmit 1 fixed rows' }).click();
    await page.getByLabel(/Type the batch total/).fill('1200');
    await page.getByRole('button', { name: /Resubmit 1 rows/ }).click();

    await expect.poll(() => rows.locator('tr[data-state=SUCCESS]').count(), { timeout: 60_000, interval: 500 }).toBe(4);
    await screenshot(page, 'batch-all-success');

    // Exactly-once: every transactionId moved money once, and the ledger equals the batch total to the paisa.
    const ledger = app.bridge.ctx.enkash.sandbox()!.ledger();
    expect(new Set(ledger.map((e) => e.transactionId)).size).toBe(ledger.length);
    expect(ledger.reduce((s, e) => s + e.amountPaise, 0)).toBe(619_999);
    const rejectedRow = app.bridge.ctx.db
      .prepare("SELECT transaction_id AS t, state, attempts FROM payouts WHERE remark = 'Consulting Q3'")
      .get() as { t: string; state: string };
    expect(rejectedRow.state).toBe('SUCCESS');
    expect(ledger.filter((e) => e.transactionId === rejectedRow.t)).toHaveLength(1);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows the same progress after a reload', async () => {
    const page = await openApp(app.browser, app.bridge.url, '#/batches?batch=1');
    await page.getByTestId('batch-progress').waitFor();
    expect(await page.getByTestId('progress-pct').textContent()).toBe('100%');
    await page.close();
  });
});
