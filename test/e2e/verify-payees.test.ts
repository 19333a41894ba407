/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from './harness/bridge-server';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';
import { commands } from '../../src/shared/ipc/registry';

// The Sandbox's demo payees (src/main/sandbox/bank-names.ts): its banks hold "RAVI KR", "MS PRIYA SHARMA" and
// "MOHD IMRAN SHAIKH" for rows 2, 3 and 5, and "RAJESH MALHOTRA" for Deepa Nair's account (row 4, the wrong one);
// row 6 is UPI, with no account to check.
const SHEET = [
  'Payee Name,Account Number,IFSC,UPI ID,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,,1500,NEFT,Dec salary',
  'Priya Sharma,50100012345678,HDFC0000240,,2000,NEFT,Dec salary',
  'Deepa Nair,223456789012,SBIN0000300,,2500,IMPS,Dec salary',
  'Imran Sheikh,923456789012,BARB0VJVASH,,1200,IMPS,Dec salary',
  'Meena Iyer,,,meena.iyer@okaxis,800,UPI,Refund',
].join('\r\n');
const MAPPED = [
  ['Ravi Kumar', '123456789012', 'SBIN0000300', '', '1500', 'NEFT'],
  ['Priya Sharma', '50100012345678', 'HDFC0000240', '', '2000', 'NEFT'],
  ['Deepa Nair', '223456789012', 'SBIN0000300', '', '2500', 'IMPS'],
  ['Imran Sheikh', '923456789012', 'BARB0VJVASH', '', '1200', 'IMPS'],
  ['Meena Iyer', '', '', 'meena.iyer@okaxis', '800', 'UPI'],
].map(([name, accountNumber, ifsc, vpa, amount, mode], i) => ({
  row: i + 2,
  values: { name, accountNumber, ifsc, vpa, amount, mode, remark: 'Dec salary' },
}));

const requests = (bridge: Bridge) =>
  (bridge.ctx.db.prepare('SELECT count(*) AS n FROM payee_verification_requests').get() as { n: number }).n;
const gridRow = (page: Page, row: number) => page.getByTestId('grid').locator(`[data-row="${row}"]`);
const verdictOf = (page: Page, row: number) =>
  gridRow(page, row).locator('[data-verdict]').getAttribute('data-verdict');
const shownRows = (page: Page) =>
  page
    .getByTestId('grid')
    .locator('[role=row][data-row]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row'))));

async function openPreflight(page: Page, bridge: Bridge, batchId: number) {
  await page.goto(`${bridge.url}/#/batches?batch=${batchId}`);
  await page.getByRole('button', { name: 'Run pre-flight check' }).click();
  await page.getByTestId('preflight').waitFor();
}

describe('Verify payees in the preview, mismatch held in pre-flight (issue 12, Chromium)', () => {
  let sheet: string;
  beforeAll(() => {
    sheet = join(mkdtempSync(join(tmpdir(), 'payout-e2e-')), 'dec-salaries.csv');
    writeFileSync(sheet, SHEET);
  });
  const app = useE2eApp({
    sandboxOptions: { seed: 12, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150] } },
  });

  it('verify → verdict and bank name columns → Mismatch filter → re-score an edit → stage → the rest is paid', async () => {
    const { bridge } = app;
    const page = await openApp(app.browser, bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(sheet);
    await page.getByTestId('summary').waitFor();
    // Penny drop stays off unless ticked, and ticking it asks first; cancelling leaves it off.
    const penny = page.getByRole('checkbox', { name: /Penny drop/ });
    expect(await penny.isChecked()).toBe(false);
    await penny.click();
    await page.getByRole('heading', { name: 'Use penny drop?' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await penny.isChecked()).toBe(false);
    // Confirmed, it is on, says what it costs and names the button; unticked, it is off again.
    await penny.click();
    await page.getByRole('button', { name: 'Use penny drop' }).click();
    expect(await penny.isChecked()).toBe(true);
    await page.getByText(/Penny drop is on: each bank account checked receives ₹1/).waitFor();
    expect(await page.getByRole('button', { name: 'Verify payees with penny drop' }).count()).toBe(1);
    await penny.click();
    expect(await penny.isChecked()).toBe(false);

    await page.getByRole('button', { name: 'Verify payees', exact: true }).click();
    const outcome = page.getByTestId('verify-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('verify-progress').count()).toBe(0);
    expect(await outcome.textContent()).toMatch(/^Checked 5 rows: 2 match, 1 partial match, 1 mismatch, 1 skipped/);
    // One penny-less check per bank account (the UPI row asks nothing).
    expect(requests(bridge)).toBe(4);
    expect(bridge.ctx.db.prepare('SELECT DISTINCT penny_drop AS p FROM payee_verification_requests').all()).toEqual([
      { p: 0 },
    ]);

    expect(await verdictOf(page, 2)).toBe('match');
    expect(await gridRow(page, 2).textContent()).toContain('RAVI KR');
    expect(await verdictOf(page, 4)).toBe('mismatch');
    const mismatch = gridRow(page, 4).locator('[data-verdict]');
    expect(await mismatch.textContent()).toMatch(/^Mismatch/);
    expect(await mismatch.getAttribute('title')).toBeTruthy();
    expect(await gridRow(page, 4).textContent()).toContain('RAJESH MALHOTRA');
    expect(await verdictOf(page, 6)).toBe('skipped');
    const counts = (await page.getByTestId('verdict-counts').textContent()) ?? '';
    expect(counts).toContain('2 match');
    expect(counts).toContain('1 mismatch');
    await screenshot(page, 'verify-payees-preview');

    await page.getByTestId('verdict-filter').selectOption('mismatch');
    await expect.poll(() => shownRows(page)).toEqual([4]);
    await screenshot(page, 'verify-payees-mismatch-only');
    await page.getByTestId('verdict-filter').selectOption('partial');
    await expect.poll(() => shownRows(page)).toEqual([5]);

    // Row 5 fixed to the bank's spelling: re-scored from the cached bank name, no new EnKash call.
    await gridRow(page, 5).getByRole('gridcell', { name: 'Imran Sheikh' }).dblclick();
    const editor = page.getByLabel(/Edit row 5 Payee Name/);
    await editor.fill('Mohd Imran Shaikh');
    await editor.press('Enter');
    await page.getByTestId('verdict-filter').selectOption('any');
    await expect.poll(() => verdictOf(page, 5)).toBe('match');
    expect(requests(bridge)).toBe(4);
    expect(bridge.ipcCalls.some((c) => (c as { channel: string }).channel === commands.cachedVerify.channel)).toBe(
      true,
    );

    await page.getByRole('button', { name: /Continue with 5 valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    const batch = bridge.ctx.db.prepare('SELECT id FROM batches').get() as { id: number };

    await openPreflight(page, bridge, batch.id);
    const held = page.getByTestId('preflight-held');
    const heldText = (await held.textContent()) ?? '';
    expect(heldText).toContain('Row 4');
    expect(heldText).toContain('Deepa Nair');
    expect(heldText).toContain('RAJESH MALHOTRA');
    // The account is masked, as everywhere on screen.
    expect(heldText).toContain('********9012');
    expect(heldText).not.toContain('223456789012');
    expect(await page.getByTestId('preflight').textContent()).toContain('₹5,500.00');
    // Every payable payee's verdict is counted on the pre-flight (the held row is not payable).
    expect(await page.getByTestId('preflight-payees').textContent()).toBe('3 match · 1 skipped');
    // The draft's own list says the row is held (main refuses "Include" for it: it needs a reason).
    await page.getByText('Held: the bank holds another name').waitFor();
    expect(await page.getByRole('button', { name: 'Include row 4' }).count()).toBe(0);
    await screenshot(page, 'verify-payees-preflight-held');

    // Left held: the rest is paid, the held row never reaches EnKash.
    await page.getByLabel(/Type the batch total/).fill('5500');
    await page.getByRole('button', { name: /Confirm and send/ }).click();
    const states = () =>
      bridge.ctx.db
        .prepare('SELECT row_number AS row, state FROM payouts WHERE batch_id = ? ORDER BY row_number')
        .all(batch.id) as { row: number; state: string }[];
    await expect
      .poll(() => states().filter((r) => r.state === 'SUCCESS').length, { timeout: 30_000, interval: 300 })
      .toBe(4);
    expect(states().find((r) => r.row === 4)?.state).toBe('CANCELLED');
    const ledger = bridge.ctx.enkash.sandbox()!.ledger();
    expect(ledger.reduce((s, e) => s + e.amountPaise, 0)).toBe(550_000);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('accepting a held row asks for a reason, audits it and puts the row back into the batch', async () => {
    const { bridge } = app;
    // The same payees staged again: staging reads the cached bank names and holds Deepa Nair's row.
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'dec-salaries-2.csv',
      sha256: 'b'.repeat(64),
      kind: 'payouts',
      rows: MAPPED,
    });
    const page = await openApp(app.browser, bridge.url, '#/import');
    await openPreflight(page, bridge, staged.batchId);
    const preflight = page.getByTestId('preflight');
    expect(await preflight.textContent()).toContain('₹5,500.00');

    await page.getByRole('button', { name: 'Accept and pay row 4' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay row 4 anyway?' });
    await dialog.waitFor();
    const accept = dialog.getByRole('button', { name: 'Accept and pay' });
    expect(await accept.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (required)').fill('ok');
    expect(await accept.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (required)').fill('Confirmed with Deepa by phone: her husband’s account');
    await screenshot(page, 'verify-payees-accept-dialog');
    await accept.click();

    await expect.poll(() => preflight.textContent()).toContain('₹8,000.00');
    expect(await page.getByTestId('preflight-held').count()).toBe(0);
    const audit = bridge.ctx.db.prepare("SELECT data FROM audit_log WHERE action = 'accept_mismatch'").all() as {
      data: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({
      rowNumber: 4,
      reason: 'Confirmed with Deepa by phone: her husband’s account',
      actor: expect.stringMatching(/^desk/),
    });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('Cancel stops new checks and keeps the verdicts so far', async () => {
    const { bridge } = app;
    const dir = mkdtempSync(join(tmpdir(), 'payout-e2e-'));
    const many = join(dir, 'many-payees.csv');
    const lines = Array.from(
      { length: 30 },
      (_, i) =>
        `Anand ${String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))},5555${String(i + 1).padStart(8, '0')},SBIN0000300,100,IMPS,x`,
    );
    writeFileSync(many, ['Payee Name,Account Number,IFSC,Amount,Mode,Remark', ...lines].join('\r\n'));
    const before = requests(bridge);
    await bridge.ctx.enkash.session(); // the Sandbox starts with the first session
    bridge.ctx.enkash.sandbox()!.setFaults({ latencyMs: 250 });
    try {
      const page = await openApp(app.browser, bridge.url, '#/import');
      await page.getByTestId('file-input').setInputFiles(many);
      await page.getByRole('button', { name: 'Verify payees', exact: true }).click();
      const progress = page.getByTestId('verify-progress');
      await progress.waitFor();
      await expect
        .poll(async () =>
          Number(await page.getByRole('progressbar', { name: 'Verifying payees' }).getAttribute('aria-valuenow')),
        )
        .toBeGreaterThan(0);
      await screenshot(page, 'verify-payees-progress');
      await progress.getByRole('button', { name: 'Cancel' }).click();
      const outcome = page.getByTestId('verify-outcome');
      await outcome.waitFor({ timeout: 30_000 });
      expect(await outcome.textContent()).toMatch(/^Cancelled/);
      expect(await progress.count()).toBe(0);
      // Fewer checks than rows were asked of the bank, and the rows checked show their verdict.
      const asked = requests(bridge) - before;
      expect(asked).toBeGreaterThan(0);
      expect(asked).toBeLessThan(30);
      expect(await page.getByTestId('grid').locator('[data-verdict=mismatch]').count()).toBeGreaterThan(0);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    } finally {
      bridge.ctx.enkash.sandbox()!.setFaults({ latencyMs: 0 });
    }
  });

  it('a sheet of UPI payees only has nothing to verify, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payout-e2e-'));
    const upi = join(dir, 'upi-only.csv');
    writeFileSync(upi, 'Payee Name,UPI ID,Amount,Mode\r\nMeena Iyer,meena.iyer@okaxis,800,UPI\r\n');
    const page = await openApp(app.browser, app.bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(upi);
    await page.getByTestId('summary').waitFor();
    const button = page.getByRole('button', { name: 'Verify payees', exact: true });
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByTestId('verify-disabled-reason').textContent()).toMatch(
      /No column is mapped to the account/,
    );
    expect(await button.getAttribute('aria-describedby')).toBe('verify-disabled-reason');
    await page.close();
  });
});
