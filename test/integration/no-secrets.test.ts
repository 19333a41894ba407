import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src/main/ipc/dispatch';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { createTestApp, TEST_SENDER, type TestApp } from '../support/test-app';
import type { TestContext } from '../support/test-context';

const OWN = TEST_SENDER;
const CREDS = {
  clientId: 'CEKINTEG01',
  clientSecret: 'integration-Secret-7f3a9c',
  username: 'accounts@integration.test',
  password: 'Integration-Pa55word-x1',
};

/** Every file under the data folder, as bytes decoded latin1 so binary SQLite pages are searchable too. */
function dataFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out.push({ file, text: readFileSync(file).toString('latin1') });
  }
  return out;
}

describe('no secret leaves main: logs, SQLite, settings and IPC replies after real flows', () => {
  let sandbox: SandboxHandle;
  let app: TestApp;
  let ctx: TestContext;
  let dispatch: Dispatch;
  const replies: string[] = [];
  const tokens: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7, credentials: CREDS });
    app = await createTestApp({
      // Watch the wire only to learn which tokens were issued, so we can look for them afterwards.
      enkashFetch: async (url, init) => {
        const res = await fetch(url, init);
        if (url.includes('/oauth/token')) {
          const body = (await res
            .clone()
            .json()
            .catch(() => ({}))) as Record<string, unknown>;
          for (const k of ['access_token', 'accessToken', 'refresh_token', 'refreshToken']) {
            if (typeof body[k] === 'string') tokens.push(body[k] as string);
          }
        }
        return res;
      },
    });
    ctx = app.ctx;
    dispatch = app.dispatch;
    const call = async (channel: string, input?: unknown) => {
      const reply = await dispatch(channel, input, OWN);
      replies.push(JSON.stringify(reply));
      return reply;
    };
    const profile = ctx.settings.get().apiProfile;
    await call('settings:update-profile', { ...profile, baseUrls: { ...profile.baseUrls, custom: sandbox.url } });
    await call('credentials:set-credentials', { environment: 'custom', ...CREDS });
    await call('settings:set-environment', { environment: 'custom' });
    await call('connection:test-connection');
    await call('connection:run-diagnostics');
    await call('accounts:get-balance');
    await call('accounts:get-source-accounts');
    await call('beneficiaries:create-beneficiary', {
      beneficiaryId: 'SECRETSCAN1',
      name: 'Asha Verma',
      accountNumber: '001234567890',
      ifsc: 'SBIN0000001',
    });
    await call('beneficiaries:search-beneficiaries', { query: 'SECRETSCAN1' });
    await call('beneficiaries:delete-beneficiary', { beneficiaryId: 'SECRETSCAN1' });
    // A wrong password must fail with a message that does not echo what was typed.
    await call('credentials:set-credentials', { environment: 'custom', ...CREDS, password: 'Wrong-Pa55word-zz' });
    await call('connection:test-connection');
  }, 60_000);

  afterAll(async () => {
    await app?.cleanup();
    await sandbox?.close();
  });

  it('the flows really ran: logins happened and tokens were issued', () => {
    expect(tokens.length).toBeGreaterThan(0);
    expect(replies.some((r) => r.includes('"ok":true') && r.includes('balancePaise'))).toBe(true);
    expect(replies.at(-1)).toContain('"ok":false');
  });

  it('finds no secret, password, token or Basic credential anywhere', () => {
    const basic = Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64');
    const needles = [CREDS.clientSecret, CREDS.password, 'Wrong-Pa55word-zz', basic, ...tokens];
    const haystacks = [
      { where: 'IPC replies', text: replies.join('\n') },
      { where: 'log lines', text: ctx.logLines.join('\n') },
      ...dataFiles(ctx.dataDir).map((f) => ({ where: f.file, text: f.text })),
    ];
    expect(existsSync(join(ctx.dataDir, 'payout-desk.sqlite'))).toBe(true);
    expect(haystacks.some((h) => h.where.endsWith('app.log'))).toBe(true);
    for (const { where, text } of haystacks) {
      for (const needle of needles) {
        expect(text.includes(needle), `${where} contains a secret`).toBe(false);
      }
    }
  });
});
