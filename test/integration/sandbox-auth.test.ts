import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, SANDBOX_DEMO, type SandboxHandle } from '../../src/main/sandbox/index';
import { manualClock, PATHS, rawRequest, TestClient } from './sandbox-test-client';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('sandbox token endpoint', () => {
  it('issues a snake_case bearer token whose expires_in is the configured TTL, usable on the API', async () => {
    sandbox = await startSandbox({ tokenTtlSeconds: 120 });
    const client = new TestClient(sandbox.url);
    const login = await client.login();
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 120, scope: 'read write trust' });
    expect(typeof login.body.access_token).toBe('string');
    expect(typeof login.body.refresh_token).toBe('string');
    const balance = await client.call('GET', PATHS.balance);
    expect(balance.status).toBe(200);
    expect(sandbox.stats().logins).toBe(1);
  });

  it('switches to camelCase token fields with dialect.tokenStyle camel', async () => {
    sandbox = await startSandbox({ dialect: { tokenStyle: 'camel' } });
    const login = await new TestClient(sandbox.url).login();
    expect(Object.keys(login.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'scope', 'tokenType']);
    expect(login.body.expiresIn).toBe(300);
  });

  it('answers 401 with a plain JSON error for a wrong password, wrong client secret or wrong clientId', async () => {
    sandbox = await startSandbox({ lockoutSeconds: 60 });
    const client = new TestClient(sandbox.url);
    const wrongPassword = await client.login({ password: 'nope' });
    expect(wrongPassword).toEqual({
      status: 401,
      body: { error: 'invalid_grant', error_description: 'Bad credentials' },
    });
    const wrongBasic = await client.login({ basic: Buffer.from(`${SANDBOX_DEMO.clientId}:bad`).toString('base64') });
    expect(wrongBasic.status).toBe(401);
    sandbox.resetLockout();
    const wrongClientId = await client.login({ clientId: 'CEKOTHER01' });
    expect(wrongClientId.status).toBe(401);
    expect(JSON.stringify(wrongPassword.body)).not.toContain(SANDBOX_DEMO.password);
  });

  it('locks the account after 3 consecutive bad logins, even for the right password, until the lockout ends', async () => {
    const clock = manualClock();
    sandbox = await startSandbox({ now: clock.now, lockoutSeconds: 600 });
    const client = new TestClient(sandbox.url);
    expect((await client.login({ password: 'x1' })).body.error).toBe('invalid_grant');
    expect((await client.login({ password: 'x2' })).body.error).toBe('invalid_grant');
    const third = await client.login({ password: 'x3' });
    expect(third).toMatchObject({ status: 401, body: { error: 'account_locked' } });
    const right = await client.login();
    expect(right).toMatchObject({ status: 401, body: { error: 'account_locked' } });
    clock.advance(599_000);
    expect((await client.login()).status).toBe(401);
    clock.advance(2_000);
    expect((await client.login()).status).toBe(200);
    const stats = sandbox.stats();
    expect(stats.failedLogins).toBe(3);
    expect(stats.lockedLoginAttempts).toBe(2);
    expect(stats.logins).toBe(1);
  });

  it('counts only consecutive failures: a good login in between resets the count', async () => {
    sandbox = await startSandbox();
    const client = new TestClient(sandbox.url);
    await client.login({ password: 'a' });
    await client.login({ password: 'b' });
    expect((await client.login()).status).toBe(200);
    await client.login({ password: 'c' });
    await client.login({ password: 'd' });
    expect((await client.login()).status).toBe(200);
  });

  it('rejects expired and unknown bearers with 401 on the injected clock', async () => {
    const clock = manualClock();
    sandbox = await startSandbox({ now: clock.now, tokenTtlSeconds: 300 });
    const client = new TestClient(sandbox.url);
    await client.login();
    clock.advance(299_000);
    expect((await client.call('GET', PATHS.balance)).status).toBe(200);
    clock.advance(1_000);
    const expired = await client.call('GET', PATHS.balance);
    expect(expired.status).toBe(401);
    expect(expired.plain).toMatchObject({ error: 'invalid_token' });
    client.token = 'not-a-token';
    expect((await client.call('GET', PATHS.balance)).status).toBe(401);
    client.token = undefined;
    expect((await client.call('GET', PATHS.balance)).status).toBe(401);
    expect(sandbox.stats().unauthorized).toBe(3);
  });

  it('requires a non-empty User-Agent on API calls', async () => {
    sandbox = await startSandbox();
    const client = new TestClient(sandbox.url);
    await client.login();
    const res = await rawRequest(`${sandbox.url}${PATHS.balance}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${client.token}` },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ code: 400, message: 'User-Agent header is required' });
  });

  it('refuses the refresh_token grant by default and honours it when the dialect enables it', async () => {
    sandbox = await startSandbox();
    const client = new TestClient(sandbox.url);
    const first = await client.login();
    const basic = Buffer.from(`${SANDBOX_DEMO.clientId}:${SANDBOX_DEMO.clientSecret}`).toString('base64');
    const refresh = () =>
      rawRequest(`${sandbox!.url}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: String(first.body.refresh_token),
        }).toString(),
      });
    expect((await refresh()).status).toBe(400);
    sandbox.setDialect({ refreshGrant: true });
    const ok = await refresh();
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).access_token).not.toBe(first.body.access_token);
    expect((await refresh()).status).toBe(401);
  });
});
