/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from './harness/bridge-server';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const SHEET = [
  'Payee Name,Account Number,IFSC,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,1500,IMPS,Salary',
  'Priya Sharma,50100012345678,HDFC0000240,2500,IMPS,Salary',
  'Anil Desai,001234567890,ICIC0000001,999.99,IMPS,Salary',
  'Meena Iyer,223456789012,SBIN0000300,1200,IMPS,Salary',
].join('\r\n');

type Row = { rowNumber: number; state: string; accountNumber: string | null; amountPaise: number };
const rowsOf = (db: Bridge['ctx']['db'], batchId: number) =>
  db
    .prepare(
      'SELECT row_number AS rowNumber, state, account_number AS accountNumber, amount_paise AS amountPaise FROM payouts WHERE batch_id = ? ORDER BY id',
    )
    .all(batchId) as Row[];

describe('Rows can be dropped, drafts edited and discarded (issue 17 point 2, Chromium)', () => {
  let sheet: string;
  beforeAll(() => {
    sheet = join(mkdtempSync(join(tmpdir(), 'payout-e2e-')), 'dec-vendors.csv');
    writeFileSync(sheet, SHEET);
  });
  const app = useE2eApp({ sandboxOptions: { seed: 18 } });

  it('preview: leave a row out; draft: edit (re-validated), leave out, include, discard; names stay unique', async () => {
    const { bridge } = app;
    const page = await openApp(app.browser, bridge.url, '#/import');
    await page.getByTestId('file-input').setInputFiles(sheet);
    await page.getByTestId('summary').waitFor();
    await page.locator('[role=row][data-row="4"]').click();
    await page.getByRole('button', { name: 'Leave row 4 out of the batch' }).click();
    expect(await page.getByTestId('row-exclusion').textContent()).toContain('Row 4 is left out');
    await page.getByRole('button', { name: /Continue with 3 valid rows/ }).click();
    await page.getByTestId('staged').waitFor();
    const { id: batchId } = bridge.ctx.db.prepare('SELECT id FROM batches').get() as { id: number };
    expect(rowsOf(bridge.ctx.db, batchId).map((r) => r.rowNumber)).toEqual([2, 3, 5]);

    await page.goto(`${bridge.url}/#/batches?batch=${batchId}`);
    const draft = page.getByTestId('draft-rows');
    await draft.waitFor();
    // An IFSC that fails the shared rules is refused and nothing changes; a good account number is saved.
    await draft.getByRole('button', { name: 'Edit row 2' }).click();
    await page.getByRole('textbox', { name: 'IFSC' }).fill('SBINO000300');
    await page.getByRole('button', { name: 'Save row' }).click();
    // The form lists the rule's error for the IFSC column (FormFooter: "IFSC: …").
    await page
      .getByText(/^IFSC: /)
      .first()
      .waitFor();
    expect(rowsOf(bridge.ctx.db, batchId)[0]!.accountNumber).toBe('123456789012');
    await page.getByRole('textbox', { name: 'IFSC' }).fill('SBIN0000300');
    await page.getByRole('textbox', { name: 'Account number' }).fill('998877665544');
    await page.getByRole('button', { name: 'Save row' }).click();
    await expect.poll(() => rowsOf(bridge.ctx.db, batchId)[0]!.accountNumber).toBe('998877665544');

    await draft.getByRole('button', { name: 'Leave row 3 out' }).click();
    await expect.poll(() => page.getByText('₹2,700.00').count()).toBeGreaterThan(0);
    await draft.getByRole('button', { name: 'Include row 3' }).click();
    await expect.poll(() => page.getByText('₹5,200.00').count()).toBeGreaterThan(0);
    const total = bridge.ctx.db.prepare('SELECT total_paise AS t FROM batches WHERE id = ?').get(batchId) as {
      t: number;
    };
    expect(total.t).toBe(520_000);
    expect(await draft.locator('tr[data-row="3"]').count()).toBe(1);
    await screenshot(page, 'draft-editing');

    await page.getByRole('button', { name: 'Discard draft' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard draft' }).click();
    await page.getByText(/Draft discarded/).waitFor();
    const batch = bridge.ctx.db.prepare('SELECT state, name FROM batches WHERE id = ?').get(batchId) as {
      state: string;
      name: string;
    };
    expect(batch.state).toBe('CANCELLED');
    const cancelAudit = bridge.ctx.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'batch' AND entity_id = ? AND action = 'cancel'")
      .get(String(batchId)) as { n: number };
    expect(cancelAudit.n).toBe(1);

    // The same name again gets a suffix, so two drafts are never confused.
    const again = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'dec-vendors.csv',
      sha256: 'e'.repeat(64),
      kind: 'payouts',
      rows: [
        { row: 2, values: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '10' } },
      ],
    });
    const second = bridge.ctx.db.prepare('SELECT name FROM batches WHERE id = ?').get(again.batchId) as {
      name: string;
    };
    expect(second.name).toBe(`${batch.name} (2)`);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

describe('"Retry failed rows" opens the draft with the reasons, to fix first (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 19, timing: { pendingMs: 100, processingMs: 100, failRate: 1, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150], unknownRecheckMs: 200 } },
  });

  it('shows why each row failed and lets the account number be fixed before confirming', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'failing.csv',
      sha256: 'd'.repeat(64),
      kind: 'payouts',
      rows: [
        {
          row: 2,
          values: {
            name: 'Ravi Kumar',
            accountNumber: '123456789012',
            ifsc: 'SBIN0000300',
            amount: '1500',
            mode: 'IMPS',
          },
        },
      ],
    });
    await ipc(bridge, 'batches:confirm-batch', { batchId: staged.batchId, typedTotal: '1500' });
    const failed = () =>
      (
        bridge.ctx.db
          .prepare("SELECT count(*) AS n FROM payouts WHERE state = 'FAILED' AND batch_id = ?")
          .get(staged.batchId) as { n: number }
      ).n;
    await expect.poll(failed, { timeout: 30_000 }).toBe(1);

    const page = await openApp(app.browser, bridge.url, `#/batches?batch=${staged.batchId}`);
    await page.getByRole('button', { name: /Retry 1 failed rows/ }).click();
    const draft = page.getByTestId('draft-rows');
    await draft.waitFor();
    const reason = (
      bridge.ctx.db.prepare('SELECT failure_reason AS r FROM payouts WHERE batch_id = ?').get(staged.batchId) as {
        r: string | null;
      }
    ).r;
    expect(reason).toBeTruthy();
    await expect.poll(() => draft.textContent()).toContain(reason!);
    await draft.getByRole('button', { name: 'Edit row 2' }).click();
    await page.getByRole('textbox', { name: 'Account number' }).fill('998877665544');
    await page.getByRole('button', { name: 'Save row' }).click();
    await expect
      .poll(
        () =>
          (
            bridge.ctx.db
              .prepare(
                "SELECT account_number AS a FROM payouts WHERE state = 'DRAFT' AND retry_of_payout_id IS NOT NULL",
              )
              .get() as { a: string }
          ).a,
      )
      .toBe('998877665544');
    await screenshot(page, 'retry-draft-reasons');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
