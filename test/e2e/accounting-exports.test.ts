/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../unit/accounting/pdf-text';
import { child, children, parseXml, path, textOf } from '../unit/accounting/xml-tree';
import { axeSummary, blocking, runAxe, type AxeReport } from './harness/axe';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { saveFrom } from './harness/saved';

/**
 * Issue 16 in the app: on a batch paid through the Sandbox, "Export for Tally", "Payment advice" and "Auditor
 * pack" each go through main's save dialog (the bridge answers it with a temp path) and the files are read back.
 */

const SHEET = [
  'Payee Name,Account Number,IFSC,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,"1,500.00",IMPS,Dec fees',
  'Priya Sharma,50100012345678,HDFC0000240,2500.50,NEFT,Dec fees',
  'Anil Desai,001234567890,ICIC0000001,999.99,IMPS,Dec fees',
].join('\r\n');
const PAYEES = [
  ['Ravi Kumar', '₹1,500.00', '-1500.00'],
  ['Priya Sharma', '₹2,500.50', '-2500.50'],
  ['Anil Desai', '₹999.99', '-999.99'],
] as const;

describe('Accountant exports on a paid Sandbox batch (Chromium, real handlers)', () => {
  let dir: string;
  let accounts: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payout-e2e-acct-'));
    writeFileSync(join(dir, 'december-vendors.csv'), SHEET);
    // A Tally List of Accounts (Excel) that lacks Anil Desai's ledger.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('List of Accounts');
    ws.addRow(['Acme Traders Pvt Ltd']);
    ws.addRow(['Name', 'Under']);
    for (const [name, under] of [
      ['HDFC Current A/c', 'Bank Accounts'],
      ['Ravi Kumar', 'Sundry Creditors'],
      ['Priya Sharma', 'Sundry Creditors'],
    ])
      ws.addRow([name, under]);
    accounts = join(dir, 'accounts.xlsx');
    await wb.xlsx.writeFile(accounts);
  });
  const app = useE2eApp({
    sandboxOptions: { seed: 16, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 200, timing: { pollDelaysMs: [200], unknownRecheckMs: 300 } },
  });

  it('Export for Tally, Payment advice and Auditor pack save files that read back right', async () => {
    const { bridge } = app;
    const page = await openApp(app.browser, bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(join(dir, 'december-vendors.csv'));
    await page.getByTestId('summary').waitFor();
    await page.getByRole('button', { name: /Continue with 3 valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    await page.getByRole('link', { name: 'Batches' }).first().click();
    await page.getByTestId('batch-list').getByText('december-vendors', { exact: true }).click();
    await page.getByRole('button', { name: 'Run pre-flight check' }).click();
    await page.getByLabel(/Type the batch total/).fill('5000.49');
    await page.getByRole('button', { name: /Confirm and send/ }).click();
    const rows = page.getByTestId('batch-rows');
    await expect.poll(() => rows.locator('tr[data-state=SUCCESS]').count(), { timeout: 60_000, interval: 500 }).toBe(3);
    const paid = bridge.ctx.db
      .prepare("SELECT transaction_id AS id, utr FROM payouts WHERE state = 'SUCCESS' ORDER BY row_number")
      .all() as { id: string; utr: string }[];
    expect(paid).toHaveLength(3);

    // Export for Tally: the bank ledger is asked (nothing remembered yet), the List of Accounts comes from the
    // open dialog, then main asks where to save.
    await page.getByRole('button', { name: 'Export for Tally' }).click();
    await page.getByLabel('Tally bank ledger').fill('HDFC Current A/c');
    await page.getByLabel(/List of Accounts/).check();
    bridge.answerOpen = () => accounts;
    const axe: AxeReport[] = [];
    await screenshot(page, 'batch-accounting-tally-form');
    axe.push(await runAxe(page, 'batch: Tally form (light)'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'batch-accounting-tally-form-dark');
    axe.push(await runAxe(page, 'batch: Tally form (dark)'));
    await page.emulateMedia({ colorScheme: 'light' });
    const tally = await saveFrom(page, bridge, () => page.getByRole('button', { name: 'Save Tally file…' }).click());
    expect(bridge.opens.map((o) => o.filters.flatMap((f) => f.extensions))).toEqual([['xml', 'xlsx']]);
    expect(tally.request.defaultName).toMatch(/^tally-batch-1-\d{4}-\d{2}-\d{2}\.xml$/);
    await page.getByTestId('tally-ledgers').getByText('Anil Desai').waitFor();
    expect(await page.getByTestId('tally-ledgers').locator('li').allTextContents()).toEqual(['Anil Desai']);
    await screenshot(page, 'batch-accounting-tally');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'batch-accounting-tally-dark');
    axe.push(await runAxe(page, 'batch: Tally saved (dark)'));
    await page.emulateMedia({ colorScheme: 'light' });

    const data = path(
      child(parseXml(readFileSync(tally.path, 'utf8')), 'ENVELOPE'),
      'BODY',
      'IMPORTDATA',
      'REQUESTDATA',
    );
    const vouchers = children(data, 'TALLYMESSAGE').map((m) => child(m, 'VOUCHER'));
    expect(vouchers.map((v) => [v.attrs.VCHTYPE, v.attrs.REMOTEID])).toEqual(paid.map((p) => ['Payment', p.id]));
    vouchers.forEach((v, i) => {
      const [party, bank] = children(v, 'ALLLEDGERENTRIES.LIST') as [
        ReturnType<typeof child>,
        ReturnType<typeof child>,
      ];
      expect([textOf(party, 'LEDGERNAME'), textOf(party, 'AMOUNT')]).toEqual([PAYEES[i]![0], PAYEES[i]![2]]);
      expect(textOf(child(bank, 'BANKALLOCATIONS.LIST'), 'UNIQUEREFERENCENUMBER')).toBe(paid[i]!.utr);
    });

    // Payment advice: the payer is asked once; one ZIP with a PDF per paid payee and the email CSV.
    await page.getByRole('button', { name: 'Payment advice' }).click();
    await page.getByLabel('Payer name').fill('Acme Traders Pvt Ltd');
    const advice = await saveFrom(page, bridge, () =>
      page.getByRole('button', { name: 'Save payment advices…' }).click(),
    );
    const zip = unzipSync(readFileSync(advice.path));
    expect(Object.keys(zip).sort()).toEqual([...paid.map((p) => `${p.id}.pdf`), 'emails.csv'].sort());
    for (const [i, p] of paid.entries()) {
      const text = await pdfText(zip[`${p.id}.pdf`]!);
      expect(text).toContain(PAYEES[i]![0]);
      expect(text).toContain(PAYEES[i]![1]);
      expect(text).toContain(p.utr);
    }
    expect(strFromU8(zip['emails.csv']!)).toContain('Payment advice from Acme Traders Pvt Ltd');

    // Auditor pack: straight to the save dialog; the Tally file inside uses the remembered ledger.
    const pack = await saveFrom(page, bridge, () => page.getByRole('button', { name: 'Auditor pack' }).click());
    const entries = unzipSync(readFileSync(pack.path));
    expect(Object.keys(entries).sort()).toEqual([
      'audit-chain.json',
      'audit-log.json',
      'batch.xlsx',
      'confirmation.json',
      'payee-verification.txt',
      'tally.xml',
    ]);
    expect(JSON.parse(strFromU8(entries['audit-chain.json']!))).toMatchObject({ ok: true });
    expect(JSON.parse(strFromU8(entries['confirmation.json']!))).toMatchObject({ typedTotalPaise: 500_049 });
    await page.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => bridge.revealed).toEqual([pack.path]);
    await screenshot(page, 'batch-accounting-exports');
    axe.push(await runAxe(page, 'batch: auditor pack saved'));
    console.log(axeSummary(axe));
    expect(axe.flatMap(blocking)).toEqual([]);

    // History: every paid payout of all batches for Tally; the bank ledger is remembered (filled in), no file asked.
    await page.getByRole('link', { name: 'History' }).first().click();
    await page.getByRole('button', { name: 'Export all for Tally' }).click();
    expect(await page.getByLabel('Tally bank ledger').inputValue()).toBe('HDFC Current A/c');
    const all = await saveFrom(page, bridge, () => page.getByRole('button', { name: 'Save Tally file…' }).click());
    expect(all.request.defaultName).toMatch(/^tally-all-\d{4}-\d{2}-\d{2}\.xml$/);
    expect(readFileSync(all.path, 'utf8').match(/VCHTYPE="Payment"/g)).toHaveLength(3);
    expect(await page.getByTestId('tally-ledgers').locator('li').allTextContents()).toEqual([
      'Anil Desai',
      'HDFC Current A/c',
      'Priya Sharma',
      'Ravi Kumar',
    ]);
    expect(bridge.opens).toHaveLength(1);
    await screenshot(page, 'history-tally-all');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
