import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { runCli } from '../../src/cli/main';
import { all, get, q } from '../../src/main/db/store/ops';
import type { Store } from '../../src/main/db/store/store';
import type { SandboxHandle } from '../../src/main/sandbox/index';
import { captureIo } from '../support/cli-io';
import type { FreshPgDatabase } from '../support/pg-database';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { makeRows, rupees, sumPaise, writePayoutCsv } from './support/journal-harness';

/**
 * Issue 14 point 1 (first part) and point 5: `cli server` on a team's PostgreSQL prints `listening URL`, answers
 * only signed-in users, authorises by role, and sends a batch as soon as its last approval — given through
 * `approve --server URL` — confirms it. Progress reaches a signed-in SSE client.
 */

const PASSWORD = 'server test pass phrase';
let team: TeamServer;
let dir = '';
let sandbox: SandboxHandle;
let db: FreshPgDatabase;
let store: Store;
let serverUrl = '';

beforeAll(async () => {
  team = await startTeamServer({
    seed: 15,
    users: { maya: 'maker', chetan: 'checker', vimal: 'viewer', ada: 'admin' },
    password: PASSWORD,
  });
  ({ dir, sandbox, db, store, url: serverUrl } = team);
}, 60_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

async function api(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${serverUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const signIn = async (name: string) => {
  const r = await api('POST', '/api/sign-in', undefined, { name, password: PASSWORD });
  expect(r.status).toBe(200);
  return r.json.token as string;
};

async function cli(args: string[], user: string, extra: string[]) {
  const io = captureIo({ PAYOUT_DESK_USER: user, PAYOUT_DESK_PASSWORD: PASSWORD });
  const code = await runCli([...args, ...extra], io, commands);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('the Desk Server', () => {
  it('answers only signed-in users, with the error envelope, and authorises by role', async () => {
    expect(serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await api('GET', '/api/approvals')).json).toMatchObject({ error: { code: 'signed_out' } });
    const wrong = await api('POST', '/api/sign-in', undefined, { name: 'maya', password: 'not it at all' });
    expect(wrong).toMatchObject({ status: 401, json: { error: { code: 'signed_out' } } });
    expect(JSON.stringify(wrong.json)).not.toContain('not it at all');
    expect((await api('POST', '/api/sign-in', undefined, { name: 'maya' })).status).toBe(400);
    const viewer = await signIn('vimal');
    expect((await api('GET', '/api/me', viewer)).json).toMatchObject({ user: { name: 'vimal', role: 'viewer' } });
    expect((await api('GET', '/api/approvals', viewer)).status).toBe(200);
    const refused = await api('POST', '/api/batches/1/reject', viewer, { reason: 'no' });
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect((await api('GET', '/api/nothing-here', viewer)).status).toBe(404);
    const secrets = { clientId: 'c', clientSecret: 'not-for-a-viewer', username: 'u', password: 'p' };
    expect((await api('POST', '/api/credentials', viewer, secrets)).status).toBe(403);
    const admin = await signIn('ada');
    const sandboxed = await api('POST', '/api/credentials', admin, secrets);
    expect(sandboxed).toMatchObject({ status: 400, json: { error: { message: expect.stringContaining('Sandbox') } } });
    expect(JSON.stringify(sandboxed.json)).not.toContain('not-for-a-viewer');
    // The desk's registry: only what TEAM_CHANNELS serves, by role, answered with the app's envelope.
    expect((await api('POST', '/ipc/confirmBatch', viewer, { batchId: 1, typedTotal: '1' })).status).toBe(404);
    expect((await api('POST', '/ipc/getSettings', viewer, {})).status).toBe(404);
    expect((await api('POST', '/ipc/constructor', viewer, {})).status).toBe(404);
    expect((await api('POST', '/ipc/pauseBatch', viewer, { batchId: 1 })).status).toBe(403);
    const audit = await api('POST', '/ipc/verifyAuditChain', viewer);
    expect(audit.json, JSON.stringify(audit.json)).toMatchObject({ ok: true, value: { ok: true } });
    const bad = await api('POST', '/ipc/listBatches', viewer, { limit: 'many' });
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await api('POST', '/api/sign-out', viewer)).status).toBe(200);
    expect((await api('GET', '/api/me', viewer)).status).toBe(401);
  });

  it('a maker submits, a checker approves through --server, and the server sends the batch at once', async () => {
    const rows = makeRows(6, 77, 700);
    const file = writePayoutCsv(join(dir, 'team.csv'), rows);
    const local = ['--env', 'sandbox', '--base-url', sandbox.url, '--data-dir', join(dir, 'maker-data')];
    const submitted = await cli(['submit', file, '--yes', '--json', '--database-url', db.url], 'maya', local);
    expect(submitted.code, submitted.err).toBe(0);
    const { batchId } = JSON.parse(submitted.out) as { batchId: number };

    const checker = await signIn('chetan');
    const queue = await api('GET', '/api/approvals', checker);
    expect((queue.json.batches as { batchId: number }[]).map((b) => b.batchId)).toContain(batchId);
    // Progress for the batch reaches a signed-in SSE client.
    const events = await fetch(`${serverUrl}/api/events`, { headers: { authorization: `Bearer ${checker}` } });
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = events.body!.getReader();

    const total = rupees(sumPaise(rows));
    const self = await cli(['approve', String(batchId), '--total', total, '--server', serverUrl], 'maya', []);
    expect(self.code).toBe(3);
    const wrong = await cli(['approve', String(batchId), '--total', '1.00', '--server', serverUrl], 'chetan', []);
    expect(wrong.code).toBe(2);
    const ok = await cli(['approve', String(batchId), '--total', total, '--server', serverUrl, '--json'], 'chetan', []);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ batchId, state: 'CONFIRMED' });

    let seen = '';
    const decoder = new TextDecoder();
    while (!seen.includes(`"batchId":${batchId}`)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    await reader.cancel();
    expect(seen).toContain('event: progress');

    const deadline = Date.now() + 30_000;
    let state: string | undefined;
    while (Date.now() < deadline) {
      state = (await store.run(get<{ state: string }>(q`SELECT state FROM batches WHERE id = ${batchId}`)))?.state;
      if (state === 'SENT') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('SENT');
    const ids = await store.run(
      all<{ id: string }>(q`SELECT transaction_id AS id FROM payouts WHERE batch_id = ${batchId}`),
    );
    for (const { id } of ids) expect(sandbox.payouts().filter((p) => p.transactionId === id)).toHaveLength(1);
    const listed = await api('POST', '/ipc/listBatches', checker, {});
    expect(listed.json).toMatchObject({ ok: true });
    const detail = await api('POST', '/ipc/getBatch', checker, { batchId });
    expect(detail.json).toMatchObject({ ok: true, value: { batch: { id: batchId, state: 'SENT' } } });
    const history = await api('POST', '/ipc/searchHistory', checker, { filters: { batchId }, limit: 10 });
    expect((history.json as { value: { rows: unknown[] } }).value.rows).toHaveLength(rows.length);
    const badQuery = await api('POST', '/ipc/searchHistory', checker, { filters: {}, limit: 'abc' });
    expect(badQuery.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // The same history through the CLI and the server's registry: masked accounts, the batch's rows.
    const viewed = await cli(['history', '--batch', String(batchId), '--json', '--server', serverUrl], 'vimal', []);
    expect(viewed.code, viewed.err).toBe(0);
    const page = JSON.parse(viewed.out) as { rows: { transactionId: string; account: string | null }[] };
    expect(page.rows.map((r) => r.transactionId).sort()).toEqual(ids.map((i) => i.id).sort());
    expect(page.rows.every((r) => r.account === null || !/^\d{9,}$/.test(r.account))).toBe(true);
    // The team's balance is the server's account: read there, for any role that may see it.
    const balance = await cli(['balance', '--json', '--server', serverUrl], 'vimal', []);
    expect(balance.code, balance.err).toBe(0);
    expect(JSON.parse(balance.out)).toMatchObject({ environment: 'sandbox' });
    expect(JSON.parse(balance.out).totalBalancePaise).toBeGreaterThan(0);
  }, 60_000);

  it('submit --server: the sheet is parsed here, staged and submitted for approval on the server, nothing sent', async () => {
    const rows = makeRows(3, 78, 800);
    const file = writePayoutCsv(join(dir, 'via-server.csv'), rows);
    const before = sandbox.stats().byOperation.createBatchPayout ?? 0;
    const viewerTry = await cli(['submit', file, '--yes', '--json', '--server', serverUrl], 'vimal', []);
    expect(viewerTry.code).toBe(3);
    const r = await cli(['submit', file, '--yes', '--json', '--server', serverUrl], 'maya', []);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      state: 'AWAITING_APPROVAL',
      rows: 3,
      totalPaise: sumPaise(rows),
      required: 1,
      stagedBy: 'maya',
    });
    expect(sandbox.stats().byOperation.createBatchPayout ?? 0).toBe(before);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'Name,Account Number,IFSC,UPI ID,Amount,Remarks\nRavi,12,NOTANIFSC,,abc,x\n');
    const bad = await cli(['submit', broken, '--yes', '--json', '--server', serverUrl], 'maya', []);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/row 2 error/);
  }, 60_000);
});
