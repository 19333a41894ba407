import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, q } from '../../src/main/db/store/ops';
import type { Store } from '../../src/main/db/store/store';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { formatPaise } from '../../src/shared/domain/money';
import { makeRows, rupees, shaOf, sumPaise } from '../integration/support/journal-harness';
import { startBridge } from './harness/bridge-server';
import { openApp, pageErrors, screenshot } from './harness/browser';
import { useE2eApp } from './harness/e2e-app';

/**
 * Issue 14 point 4 (first slice): the desk's Team screen for a checker, against a real Desk Server on PostgreSQL.
 * A maker stages and submits through the server's API; in the built renderer a checker signs in, sees the batch,
 * is refused a wrong total, approves with the right one, and the server sends the batch. A second desk (its own
 * main process, so its own session) shows the maker the queue without the checker's forms.
 */

const PASSWORD = 'team e2e pass phrase';
let team: TeamServer;
let store: Store;
let serverUrl = '';

beforeAll(async () => {
  team = await startTeamServer({ seed: 21, users: { maya: 'maker', chetan: 'checker' }, password: PASSWORD });
  ({ store, url: serverUrl } = team);
}, 60_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${serverUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The maker stages and submits a sheet's mapped rows on the server; returns the batch and its total. */
async function makerSubmits(name: string, count: number, seed: number) {
  const { token } = await api<{ token: string }>('POST', '/api/sign-in', undefined, {
    name: 'maya',
    password: PASSWORD,
  });
  const rows = makeRows(count, seed, seed * 10);
  const staged = await api<{ batchId: number; approval: { state: string } }>('POST', '/api/batches', token, {
    fileName: `${name}.csv`,
    sha256: shaOf(name),
    rows,
  });
  await api('POST', '/api/sign-out', token);
  expect(staged.approval.state).toBe('AWAITING_APPROVAL');
  return { batchId: staged.batchId, totalPaise: sumPaise(rows) };
}

const batchState = async (batchId: number) =>
  (await store.run(get<{ state: string }>(q`SELECT state FROM batches WHERE id = ${batchId}`)))?.state;

async function signIn(page: Page, name: string) {
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('Team screen: a checker approves on the Desk Server (renderer in Chromium, real main handlers)', () => {
  const app = useE2eApp();

  it('signs in, refuses a wrong total, approves the right one, and the server sends the batch', async () => {
    const { batchId, totalPaise } = await makerSubmits('team-e2e-first', 4, 31);
    const page = await openApp(app.browser, app.bridge.url, '#/team');
    await page.getByRole('link', { name: /Team/ }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'team-sign-in');

    // A wrong password is refused with the server's words, and nothing is signed in.
    await page.getByLabel('Server URL').fill(serverUrl);
    await page.getByLabel('User name').fill('chetan');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    await signIn(page, 'chetan');
    await page.getByText('Signed in as chetan (checker)').waitFor();
    const item = page.getByRole('article', { name: `Batch #${batchId}` });
    await item.waitFor();
    expect(await page.getByTestId(`team-total-${batchId}`).textContent()).toBe(formatPaise(totalPaise));
    expect(await page.getByTestId(`team-approvals-${batchId}`).textContent()).toBe('0 of 1');
    expect(await item.textContent()).toContain('maya');
    expect(await item.textContent()).toContain('4');
    await screenshot(page, 'team-approvals-queue');

    const total = page.getByLabel('Type the batch total to approve');
    await total.fill('1.00');
    await page.getByRole('button', { name: `Approve batch #${batchId}` }).click();
    await item
      .getByRole('alert')
      .getByText(/does not match/)
      .waitFor();
    expect(await batchState(batchId)).toBe('AWAITING_APPROVAL');
    await screenshot(page, 'team-approve-wrong-total');

    await total.fill(rupees(totalPaise));
    await page.getByRole('button', { name: `Approve batch #${batchId}` }).click();
    await page.getByText(`Batch #${batchId} approved: CONFIRMED`).waitFor();
    // Once confirmed it leaves the queue.
    await page.getByText('No batch is awaiting approval.').waitFor();
    await screenshot(page, 'team-approved');

    await expect.poll(() => batchState(batchId), { timeout: 30_000, interval: 100 }).toBe('SENT');

    // The renderer never saw the session token or the password; the log has neither.
    const replies = JSON.stringify(app.bridge.ipcCalls);
    const teamReplies = (app.bridge.ipcCalls as { channel: string }[]).filter((c) => c.channel.startsWith('team:'));
    expect(teamReplies.length).toBeGreaterThan(4);
    expect(JSON.stringify(teamReplies)).not.toMatch(/token|bearer/i);
    expect(replies).not.toContain(PASSWORD);
    expect(app.bridge.ctx.logLines.join('\n')).not.toContain(PASSWORD);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it('a maker on a second desk sees the queue without the forms; the checker rejects with a reason', async () => {
    const { batchId } = await makerSubmits('team-e2e-second', 2, 32);
    // A second desk: its own main process, so its own session (one desk, one signed-in user).
    const makerDesk = await startBridge();
    try {
      const makerPage = await openApp(app.browser, makerDesk.url, '#/team');
      await signIn(makerPage, 'maya');
      await makerPage.getByText('Signed in as maya (maker)').waitFor();
      const mine = makerPage.getByRole('article', { name: `Batch #${batchId}` });
      await mine.waitFor();
      await makerPage.getByText(/Approving and rejecting is a checker/).waitFor();
      expect(await mine.getByRole('button').count()).toBe(0);
      await screenshot(makerPage, 'team-maker-queue');
      expect(pageErrors(makerPage)).toEqual([]);
      await makerPage.close();
    } finally {
      await makerDesk.close();
    }

    // The checker is still signed in on the first desk (main holds the session).
    const page = await openApp(app.browser, app.bridge.url, '#/team');
    await page.getByText('Signed in as chetan (checker)').waitFor();
    const item = page.getByRole('article', { name: `Batch #${batchId}` });
    await item.waitFor();
    await item.getByLabel('Reason to reject').fill('no');
    await item.getByRole('button', { name: `Reject batch #${batchId}` }).click();
    await item.getByText(/at least 3 characters/).waitFor();
    await item.getByLabel('Reason to reject').fill('Row 3 pays the wrong vendor');
    await item.getByRole('button', { name: `Reject batch #${batchId}` }).click();
    await page.getByText(`Batch #${batchId} was rejected and went back to its maker.`).waitFor();
    expect(await batchState(batchId)).toBe('DRAFT');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
