/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';

const ROWS = [
  {
    row: 2,
    values: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '1500', mode: 'IMPS' },
  },
  {
    row: 3,
    values: { name: 'Meena Iyer', vpa: 'meena.iyer@okaxis', amount: '800', mode: 'UPI' },
  },
];

describe('A CONFLICT row in History (Chromium, issue 9 §3 and §5)', () => {
  const app = useE2eApp({ sandboxOptions: { seed: 9 } });

  it('shows ours beside EnKash’s with the differences marked, offers only conflict choices, warns when search is down, and settles “not ours” back to READY', async () => {
    const { bridge } = app;
    const staged = await ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
      fileName: 'conflict.csv',
      sha256: 'c'.repeat(64),
      kind: 'payouts',
      rows: ROWS,
    });
    const db = bridge.ctx.db;
    const theirs = {
      amountPaise: 1_23_456_78,
      beneficiaryId: null,
      accountNumber: '99998888777766',
      ifsc: 'SBIN0000300',
      vpa: null,
      mode: 'NEFT',
      status: 'SUCCESS',
      enkashTransactionId: 'EK-OTHER-1',
      createdOn: '2026-03-01T10:00:00+05:30',
      fields: ['amount', 'accountNumber', 'mode'],
    };
    // The journal's own path to CONFLICT is tested in the journal suites; here only what the screen shows.
    db.prepare("UPDATE payouts SET state = 'CONFLICT', conflict = ? WHERE batch_id = ? AND row_number = 2").run(
      JSON.stringify(theirs),
      staged.batchId,
    );
    db.prepare("UPDATE payouts SET state = 'UNKNOWN', flag = 'no_amount' WHERE batch_id = ? AND row_number = 3").run(
      staged.batchId,
    );
    db.prepare('INSERT INTO search_health (environment, state, detail, checked_at) VALUES (?, ?, ?, ?)').run(
      bridge.ctx.settings.get().environment,
      'unavailable',
      'Search Payouts answered HTTP 404',
      '2026-12-03T10:00:00.000Z',
    );

    const page = await openApp(app.browser, bridge.url, '#/history');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('history-rows');
    await rows.waitFor();
    expect(await rows.textContent()).toContain('Conflict — needs a person');
    await page.getByTestId('search-health').waitFor();
    expect(await page.getByTestId('search-health').textContent()).toMatch(/HTTP 404.*nothing will be re-sent/s);

    await rows.locator('tbody tr', { hasText: 'Ravi Kumar' }).click();
    const sides = page.getByTestId('conflict-sides');
    await sides.waitFor();
    const amount = sides.locator('tr', { hasText: 'Amount' });
    expect(await amount.textContent()).toContain('₹1,500.00');
    expect(await amount.textContent()).toContain('₹1,23,456.78');
    expect(await amount.getAttribute('data-differs')).toBe('true');
    expect(await sides.locator('tr', { hasText: 'Mode' }).textContent()).toMatch(/IMPS.*NEFT/);
    expect(await sides.locator('tr', { hasText: 'IFSC' }).getAttribute('data-differs')).toBeNull();
    expect(await sides.locator('tr', { hasText: 'Account' }).textContent()).toContain('7766');
    await screenshot(page, 'history-conflict');

    await page.getByRole('button', { name: 'Settle this payout…' }).click();
    const choices = page.getByTestId('settle-choices');
    await choices.waitFor();
    expect(await choices.textContent()).toMatch(/This is our payout.*Not ours/s);
    expect(await choices.textContent()).not.toMatch(/not paid/i);
    await page.getByLabel('Not ours').check();
    expect(await page.locator('dialog').textContent()).toMatch(/new transaction ID and goes back to Ready to send/);
    await page.getByLabel('Reason (kept in the audit trail)').fill('EnKash support: their payout, not ours');
    await page.locator('dialog').getByRole('button', { name: 'Not ours' }).click();
    const row = () =>
      db
        .prepare('SELECT state, transaction_id AS id FROM payouts WHERE batch_id = ? AND row_number = 2')
        .get(staged.batchId) as { state: string; id: string };
    await expect.poll(() => row().state).toBe('READY');
    // The page on screen is re-read after the settlement: the row shows its new id and state.
    await expect.poll(() => rows.textContent()).not.toContain('Conflict — needs a person');
    expect(await page.locator(`tr[data-txn="${row().id}"]`).count()).toBe(1);

    // The batch view offers the UNKNOWN row's own choices, with its flag in words.
    await page.goto(`${bridge.url}/#/batches?batch=${staged.batchId}`);
    const unknownRow = page.getByTestId('batch-rows').locator('tr[data-row="3"]');
    await unknownRow.getByRole('button', { name: 'Settle…' }).click();
    await page.getByTestId('settle-choices').waitFor();
    expect(await page.getByTestId('settle-choices').textContent()).toMatch(/was paid.*was not paid/s);
    expect(await page.getByTestId('row-flag').textContent()).toMatch(/carries no amount/);
    await page.getByLabel('EnKash says it was not paid').check();
    expect(await page.locator('dialog').textContent()).toMatch(/re-sent with the same transaction IDs/);
    expect(pageErrors(page)).toEqual([]);
  });
});
