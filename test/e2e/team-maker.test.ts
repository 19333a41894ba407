import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, get, q, run } from '../../src/main/db/store/ops';
import type { Store } from '../../src/main/db/store/store';
import { formatPaise } from '../../src/shared/domain/money';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { rupees } from '../integration/support/journal-harness';
import { blocking, runAxe } from './harness/axe';
import { startBridge } from './harness/bridge-server';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { dropBytes } from './harness/drop-file';
import { useE2eApp } from './harness/e2e-app';

/**
 * Issue 14 point 4, the whole desk in Team mode (renderer in Chromium, real main handlers, a real Desk Server on
 * PostgreSQL): a maker chooses "Team server" in Settings, is asked to sign in first, drops a CSV and submits it
 * for approval from the import screen (AWAITING_APPROVAL, nothing in the desk's own journal); a checker on a
 * second desk (its own main process and browser context) approves it on the Approvals screen; the server sends.
 */

const PASSWORD = 'team maker e2e pass phrase';
const SHEET = [
  'Payee Name,Account Number,IFSC,Amount,Mode,Remark',
  'Ravi Kumar,123456789012,SBIN0000300,"1,500.00",IMPS,Salary',
  'Priya Sharma,50100012345678,HDFC0000240,2500,NEFT,Salary',
  'Anil Desai,001234567890,ICIC0000001,999.99,IMPS,Salary',
].join('\r\n');
const TOTAL_PAISE = 499_999;

let team: TeamServer;
let store: Store;

beforeAll(async () => {
  team = await startTeamServer({
    seed: 23,
    users: { maya: 'maker', chetan: 'checker', vera: 'viewer', adil: 'admin' },
    password: PASSWORD,
  });
  store = team.store;
}, 60_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

const batchState = async (batchId: number) =>
  (await store.run(get<{ state: string }>(q`SELECT state FROM batches WHERE id = ${batchId}`)))?.state;

/** Settings → Connection mode → Team server, then the sign-in the app asks for first. */
async function useTeamServer(page: Page, name: string) {
  await page.getByRole('radio', { name: /Team server/ }).click();
  await page.getByLabel('Team server URL').fill(team.url);
  await page.getByRole('button', { name: 'Use this Team server' }).click();
  await page.getByTestId('connection-team').waitFor();
  // Any other screen asks to sign in first; the address is the one just chosen.
  await page.goto(`${new URL(page.url()).origin}/#/import`);
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  expect(blocking(await runAxe(page, `team sign-in (${name})`))).toEqual([]);
  expect(await page.getByLabel('Server URL').inputValue()).toBe(new URL(team.url).origin);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const navLinks = async (page: Page) =>
  (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) =>
    t.replace(/^\W+/, '').trim(),
  );

describe('Team mode: a maker submits from the import screen, a checker approves on a second desk', () => {
  const app = useE2eApp();

  it('maker stages for approval, checker approves, the batch is sent', async () => {
    const maker = await openApp(app.browser, app.bridge.url, '#/settings');
    await maker.getByRole('radiogroup', { name: 'Connection mode' }).waitFor();
    await screenshot(maker, 'team-maker-settings');
    expect(blocking(await runAxe(maker, 'settings with connection mode'))).toEqual([]);
    await useTeamServer(maker, 'maya');
    await maker.getByTestId('team-badge').getByText('Team: maya (maker)').waitFor();
    // A maker imports and stages; approving is not a maker's screen.
    expect(await navLinks(maker)).toEqual([
      'Import',
      'Batches',
      'History',
      'Beneficiaries',
      'Accounts',
      'Team',
      'Settings',
    ]);

    await maker.getByTestId('dropzone').waitFor();
    await dropBytes(maker, SHEET, 'team-maker.csv');
    await maker.getByTestId('summary').waitFor();
    const submit = maker.getByRole('button', { name: 'Submit 3 valid rows for approval' });
    await submit.waitFor();
    await screenshot(maker, 'team-maker-import');
    await submit.click();
    const result = maker.getByTestId('staged-approval');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/AWAITING_APPROVAL on the Desk Server and needs 1 checker/);
    const title = (await maker.getByText(/Batch #\d+ submitted for approval\./).textContent()) ?? '';
    const batchId = Number(/#(\d+)/.exec(title)?.[1]);
    expect(batchId).toBeGreaterThan(0);
    expect(await batchState(batchId)).toBe('AWAITING_APPROVAL');
    // Nothing was staged in the maker desk's own journal.
    expect((app.bridge.ctx.db.prepare('SELECT COUNT(*) AS n FROM batches').get() as { n: number }).n).toBe(0);
    await screenshot(maker, 'team-maker-submitted');

    // The checker: a second desk (its own main process, so its own session) in its own browser context.
    const checkerDesk = await startBridge();
    try {
      const checker = await openApp(app.browser, checkerDesk.url, '#/settings');
      await useTeamServer(checker, 'chetan');
      await checker.getByTestId('team-badge').getByText('Team: chetan (checker)').waitFor();
      const links = await navLinks(checker);
      expect(links).toContain('Approvals');
      expect(links).not.toContain('Import');
      await checker
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: /Approvals/ })
        .click();
      const item = checker.getByRole('article', { name: `Batch #${batchId}` });
      await item.waitFor();
      expect(await checker.getByTestId(`team-total-${batchId}`).textContent()).toBe(formatPaise(TOTAL_PAISE));
      expect(await item.textContent()).toContain('maya');
      // The server's pre-flight of the batch, beside the typed total: its rows, its total and the server's balance.
      const preflight = checker.getByTestId(`team-preflight-${batchId}`);
      await preflight.getByText(`3 rows, ${formatPaise(TOTAL_PAISE)}; balance`).waitFor();
      expect(await preflight.textContent()).not.toContain('not read');
      await screenshot(checker, 'team-checker-approvals');
      expect(blocking(await runAxe(checker, 'team approvals screen'))).toEqual([]);
      await checker.getByLabel('Type the batch total to approve').fill(rupees(TOTAL_PAISE));
      await checker.getByRole('button', { name: `Approve batch #${batchId}` }).click();
      await checker.getByText(new RegExp(`Batch #${batchId} approved`)).waitFor();
      await screenshot(checker, 'team-checker-approved');
      expect(pageErrors(checker)).toEqual([]);
      await checker.close();
    } finally {
      await checkerDesk.close();
    }

    await expect.poll(() => batchState(batchId), { timeout: 60_000, interval: 200 }).toBe('SENT');
    const rows = await store.run(all<{ state: string }>(q`SELECT state FROM payouts WHERE batch_id = ${batchId}`));
    expect(rows).toHaveLength(3);

    // The maker's Batches screen reads the server's batch (forwarded), not the desk's empty journal.
    await maker
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Batches/ })
      .click();
    const list = maker.getByTestId('batch-list');
    await list.waitFor();
    expect(await list.locator('tbody tr td').first().textContent()).toBe(String(batchId));
    // A maker stages: the single-payout button is offered (a viewer's Batches screen has none, below).
    await maker.getByRole('button', { name: 'New single payout' }).waitFor();
    await screenshot(maker, 'team-maker-batches');

    // Neither the password nor a token crossed to the renderer or into the log.
    const replies = JSON.stringify(app.bridge.ipcCalls);
    expect(replies).not.toContain(PASSWORD);
    expect(replies).not.toMatch(/bearer/i);
    expect(app.bridge.ctx.logLines.join('\n')).not.toContain(PASSWORD);

    // The session ends on the server (idle expiry, a lock): the next call answers signed_out and the desk asks
    // to sign in again instead of showing the error on every screen.
    await store.run(run(q`UPDATE team_sessions SET ended = 1`));
    await maker
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Accounts/ })
      .click();
    // Well within the 15-second re-read of teamStatus: the signed_out answer itself turns the window.
    await maker.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor({ timeout: 10_000 });
    await maker.getByTestId('team-badge').getByText('Team server: signed out').waitFor();
    await screenshot(maker, 'team-maker-signed-out');
    expect(pageErrors(maker)).toEqual([]);
    await maker.close();
  }, 180_000);

  it('a viewer and an admin get only the screens of their role', async () => {
    const expected: Record<string, string[]> = {
      vera: ['Batches', 'History', 'Accounts', 'Team', 'Settings'],
      adil: ['Batches', 'History', 'Accounts', 'Team', 'Settings'],
    };
    for (const [name, links] of Object.entries(expected)) {
      const desk = await startBridge();
      try {
        const page = await openApp(app.browser, desk.url, '#/settings');
        await useTeamServer(page, name);
        await page
          .getByTestId('team-badge')
          .getByText(new RegExp(`Team: ${name} `))
          .waitFor();
        expect(await navLinks(page)).toEqual(links);
        // A screen the role does not use opens the role's first screen instead.
        await page.goto(`${desk.url}/#/import`);
        await page.getByRole('heading', { name: 'Batches', level: 1 }).waitFor();
        await screenshot(page, `team-${name}-screens`);
        // Buttons follow the role inside the screen too (shared/team/roles.ts): neither stages, so no single
        // payout, no row changes and no desk confirm; both may export the team's rows, written on this desk.
        const list = page.getByTestId('batch-list');
        await list.waitFor();
        expect(await page.getByRole('button', { name: 'New single payout' }).count()).toBe(0);
        await list.locator('button.row-open').first().click();
        await page.getByRole('button', { name: 'Export .csv' }).waitFor();
        const rowButtons =
          /^(Retry|Resubmit|Fix|Settle|Edit row|Leave row|Include row|Discard draft|Confirm and send|Run pre-flight|Payment advice|Auditor pack)/;
        expect(await page.getByRole('button', { name: rowButtons }).count()).toBe(0);
        expect(await page.getByRole('checkbox', { name: /^Select row/ }).count()).toBe(0);
        if (name === 'vera') {
          await page.getByRole('button', { name: 'Export .csv' }).click();
          await page.getByText(/^Exported 3 rows/).waitFor();
          await screenshot(page, 'team-viewer-batch-exported');
        }
        expect(pageErrors(page)).toEqual([]);
        await page.close();
      } finally {
        await desk.close();
      }
    }
  }, 120_000);
});
