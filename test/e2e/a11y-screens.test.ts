/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSummary, blocking, runAxe, type AxeReport } from './harness/axe';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { watchCsp } from './harness/csp';
import { useE2eApp } from './harness/e2e-app';
import { ipc } from './harness/ipc';
import { commands } from '../../src/shared/ipc/registry';

const ROWS = [
  {
    row: 2,
    values: {
      name: 'Ravi Kumar',
      accountNumber: '123456789012',
      ifsc: 'SBIN0000300',
      amount: '1500',
      mode: 'IMPS',
      remark: 'Salary',
    },
  },
  { row: 3, values: { name: 'Meena Iyer', vpa: 'meena.iyer@okaxis', amount: '800', mode: 'UPI', remark: 'Refund' } },
];

// Issue 12: a payee the Sandbox's bank knows under another name (bank-names.ts), verified before staging so the
// draft holds it out and pre-flight lists it with "Accept and pay".
const DEEPA = { name: 'Deepa Nair', accountNumber: '223456789012', ifsc: 'SBIN0000300', mode: 'IMPS' as const };
const HELD_ROWS = [
  { row: 2, values: { ...DEEPA, amount: '2500', remark: 'Salary' } },
  { ...ROWS[0]!, row: 3 },
];

type Screen = { name: string; open: (page: Page) => Promise<void> };

const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
};
const historyTab = (tab: string, ready: (page: Page) => Promise<unknown>) => async (page: Page) => {
  await go(page, '#/history');
  await page.getByRole('tab', { name: tab }).click();
  await ready(page);
};

/** Every screen of the app, each in a state with real content on it. */
const SCREENS: Screen[] = [
  { name: 'import', open: async (page) => (await go(page, '#/import'), page.getByTestId('dropzone').waitFor()) },
  {
    name: 'import-preview',
    open: async (page) => {
      await go(page, '#/import');
      await page.getByTestId('file-input').setInputFiles('test/fixtures/payouts-mixed.csv');
      await page.getByTestId('summary').waitFor();
    },
  },
  {
    name: 'import-verified',
    open: async (page) => {
      await go(page, '#/import');
      await page.getByTestId('file-input').setInputFiles('test/fixtures/payouts-mixed.csv');
      await page.getByRole('button', { name: 'Verify payees', exact: true }).click();
      await page.getByTestId('verify-outcome').waitFor({ timeout: 30_000 });
    },
  },
  { name: 'batches', open: async (page) => (await go(page, '#/batches'), page.getByTestId('batch-list').waitFor()) },
  {
    name: 'batch-detail-sent',
    open: async (page) => {
      await go(page, '#/import');
      await go(page, '#/batches?batch=1');
      await page.getByTestId('batch-rows').waitFor();
    },
  },
  {
    name: 'batch-preflight',
    open: async (page) => {
      await go(page, '#/import');
      await go(page, '#/batches?batch=2');
      await page.getByRole('button', { name: 'Run pre-flight check' }).click();
      await page.getByTestId('preflight').waitFor();
    },
  },
  {
    name: 'batch-preflight-held',
    open: async (page) => {
      await go(page, '#/import');
      await go(page, '#/batches?batch=3');
      await page.getByRole('button', { name: 'Run pre-flight check' }).click();
      await page.getByTestId('preflight-held').waitFor();
    },
  },
  {
    // A modal: the reason asked before a held payee is paid (leaving the screen closes it unaccepted).
    name: 'batch-accept-mismatch-dialog',
    open: async (page) => {
      await page.getByRole('button', { name: 'Accept and pay row 2' }).click();
      await page.getByLabel('Reason (required)').waitFor();
    },
  },
  {
    name: 'history-payouts',
    open: historyTab('Payouts', async (p) => {
      await p.getByRole('button', { name: 'Search' }).click();
      await p.getByTestId('history-rows').waitFor();
    }),
  },
  {
    name: 'history-timeline',
    open: historyTab('Payouts', async (p) => {
      await p.getByRole('button', { name: 'Search' }).click();
      await p.getByTestId('history-rows').locator('tbody tr').first().click();
      await p.getByTestId('timeline').waitFor({ state: 'attached' });
    }),
  },
  { name: 'history-aging', open: historyTab('Awaiting outcome', (p) => p.waitForTimeout(300)) },
  { name: 'history-dashboard', open: historyTab('Dashboard', (p) => p.getByTestId('dashboard').waitFor()) },
  {
    name: 'history-recon',
    open: historyTab('Statement reconciliation', (p) =>
      p.getByRole('button', { name: 'Fetch statement and reconcile' }).waitFor(),
    ),
  },
  {
    name: 'history-audit',
    open: historyTab('Audit log', (p) => p.getByRole('button', { name: 'Verify chain' }).waitFor()),
  },
  { name: 'accounts', open: async (page) => (await go(page, '#/accounts'), page.waitForTimeout(500)) },
  {
    name: 'beneficiaries',
    open: async (page) => (await go(page, '#/beneficiaries'), page.waitForTimeout(500)),
  },
  {
    // Team mode, signed out: the Desk Server sign-in form (test/e2e/team-approvals.test.ts covers the queue).
    name: 'team',
    open: async (page) => (await go(page, '#/team'), page.getByRole('button', { name: 'Sign in' }).waitFor()),
  },
  { name: 'settings', open: async (page) => (await go(page, '#/settings'), page.waitForTimeout(300)) },
  {
    // A modal: the typed confirmation before Production (leaving the screen closes it unconfirmed).
    name: 'settings-production-dialog',
    open: async (page) => {
      await go(page, '#/settings');
      await page.getByRole('radio', { name: /Production/ }).click();
      await page.getByLabel('Type PRODUCTION to confirm').waitFor();
    },
  },
];

describe('Accessibility: axe-core on every screen, light and dark (Chromium)', () => {
  const app = useE2eApp({
    sandboxOptions: { seed: 3, timing: { pendingMs: 100, processingMs: 200, failRate: 0, reverseRate: 0 } },
    services: { pollEveryMs: 150, timing: { pollDelaysMs: [150] } },
  });

  it('has no serious or critical WCAG 2 A/AA violation on any screen', async () => {
    const { bridge } = app;
    const stage = (sha: string, rows: typeof ROWS = ROWS) =>
      ipc<{ batchId: number }>(bridge, 'imports:stage-import', {
        fileName: `a11y-${sha}.csv`,
        sha256: sha.repeat(64),
        kind: 'payouts',
        rows,
      });
    const sent = await stage('a');
    await ipc(bridge, 'batches:confirm-batch', { batchId: sent.batchId, typedTotal: '2300' });
    await stage('d'); // batch 2 stays a draft, for the pre-flight panel
    await ipc(bridge, commands.startVerify.channel, {
      jobId: 'a11y-verify',
      rows: [{ row: 2, payeeName: DEEPA.name, accountNumber: DEEPA.accountNumber, ifsc: DEEPA.ifsc, mode: 'IMPS' }],
      pennyDrop: false,
    });
    await stage('e', HELD_ROWS); // batch 3: a draft with Deepa Nair's row held as a mismatch
    const settled = () =>
      (bridge.ctx.db.prepare("SELECT count(*) AS n FROM payouts WHERE state = 'SUCCESS'").get() as { n: number }).n;
    await expect.poll(settled, { timeout: 30_000 }).toBe(2);

    const page = await openApp(app.browser, bridge.url, '#/import');
    const cspViolations = await watchCsp(page);
    const reports: AxeReport[] = [];
    try {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const screen of SCREENS) {
          await screen.open(page);
          reports.push(await runAxe(page, `${screen.name} (${scheme})`));
          await screenshot(page, `a11y-${screen.name}-${scheme}`);
        }
      }
    } finally {
      console.log(axeSummary(reports));
    }
    const bad = reports.flatMap((r) =>
      blocking(r).map((v) => `${r.label}: ${v.id} ${v.nodes.slice(0, 2).join(' | ')}`),
    );
    expect(bad).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
