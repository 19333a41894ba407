import { describe, expect, it } from 'vitest';
import { CREDS, clientFor, createFakeServer, json, sealed, tokenReply } from './fake-enkash';
import { rejection } from '../../support/rejection';

const BALANCE = 'GET /api/v0/payout-account/balance';
const TOKEN = 'POST /oauth/token';

function balanceServer() {
  return createFakeServer().on(BALANCE, () => sealed({ totalBalance: 10 }));
}

describe('login request', () => {
  it('posts the password grant as a form with Basic auth and a User-Agent', async () => {
    const server = balanceServer();
    const { client } = clientFor(server);
    await client.getBalance();
    const [login] = server.calls(TOKEN);
    expect(login!.body).toEqual({
      username: CREDS.username,
      password: CREDS.password,
      grant_type: 'password',
      clientId: CREDS.clientId,
    });
    expect(login!.headers.Authorization).toBe(
      `Basic ${Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64')}`,
    );
    expect(login!.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(login!.headers['User-Agent']).toBe('EnKashPayoutDesk/0.1');
    const [call] = server.calls(BALANCE);
    expect(call!.headers.Authorization).toBe('Bearer tok-1');
  });

  it('accepts the camelCase token response', async () => {
    const server = balanceServer().on(TOKEN, () =>
      json({ accessToken: 'camel-tok', tokenType: 'bearer', expiresIn: 600 }),
    );
    const { client } = clientFor(server);
    await expect(client.getToken()).resolves.toEqual({ obtained: true, style: 'camelCase', expiresInSeconds: 600 });
    await client.getBalance();
    expect(server.calls(BALANCE)[0]!.headers.Authorization).toBe('Bearer camel-tok');
  });

  it('accepts a token inside a payload wrapper and a string expires_in', async () => {
    const server = balanceServer().on(TOKEN, () =>
      json({ code: 0, payload: { access_token: 'wrapped', expires_in: '120' } }),
    );
    const { client } = clientFor(server);
    await expect(client.getToken()).resolves.toMatchObject({ style: 'snake_case', expiresInSeconds: 120 });
  });
});

describe('caching and single flight', () => {
  it('N concurrent calls share one login', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const server = balanceServer().on(TOKEN, async () => {
      await gate;
      return tokenReply();
    });
    const { client } = clientFor(server);
    const calls = Array.from({ length: 12 }, () => client.getBalance());
    await new Promise((r) => setTimeout(r, 10));
    release();
    const results = await Promise.all(calls);
    expect(results.every((r) => r.totalBalancePaise === 1000)).toBe(true);
    expect(server.calls(TOKEN)).toHaveLength(1);
    expect(server.calls(BALANCE)).toHaveLength(12);
  });

  it('reuses the token until expires_in − 30 s, then refreshes exactly once', async () => {
    let n = 0;
    const server = balanceServer().on(TOKEN, () => tokenReply(3600, `tok-${++n}`));
    const { client, advance } = clientFor(server);
    await client.getBalance();
    advance((3600 - 30) * 1000 - 1);
    await client.getBalance();
    expect(server.calls(TOKEN)).toHaveLength(1);
    advance(2);
    await Promise.all(Array.from({ length: 5 }, () => client.getBalance()));
    expect(server.calls(TOKEN)).toHaveLength(2);
    expect(
      server
        .calls(BALANCE)
        .slice(-5)
        .every((r) => r.headers.Authorization === 'Bearer tok-2'),
    ).toBe(true);
  });

  it('a zero expires_in (the OLD doc placeholder) still caches for a conservative few minutes', async () => {
    const server = balanceServer().on(TOKEN, () => tokenReply(0));
    const { client, advance } = clientFor(server);
    await client.getBalance();
    advance(60_000);
    await client.getBalance();
    expect(server.calls(TOKEN)).toHaveLength(1);
    advance(10 * 60_000);
    await client.getBalance();
    expect(server.calls(TOKEN)).toHaveLength(2);
  });

  it('changed credentials force a new login', async () => {
    const server = balanceServer();
    const { client, setCredentials } = clientFor(server);
    await client.getBalance();
    setCredentials({ ...CREDS, password: 'rotated' });
    await client.getBalance();
    expect(server.calls(TOKEN)).toHaveLength(2);
    expect((server.calls(TOKEN)[1]!.body as Record<string, string>).password).toBe('rotated');
  });
});

describe('rejected login is never retried (lockout risk)', () => {
  it('a bad password is tried exactly once, even with concurrent callers, and later calls fail fast', async () => {
    const server = balanceServer().on(TOKEN, () =>
      json({ error: 'invalid_grant', error_description: 'Bad credentials' }, 400),
    );
    const { client } = clientFor(server);
    const errors = await Promise.all(Array.from({ length: 4 }, () => rejection(client.getBalance())));
    expect(errors.every((e) => e.code === 'auth_failed')).toBe(true);
    expect(errors[0]!.details).toMatchObject({ httpStatus: 400, enkashMessage: 'Bad credentials', locked: true });
    expect(server.calls(TOKEN)).toHaveLength(1);

    const before = server.requests.length;
    const later = await rejection(
      client.createPayout({ transactionId: 'T1', amountPaise: 100, mode: 'IMPS', beneficiaryId: 'B1' }),
    );
    expect(later.code).toBe('auth_failed');
    expect(later.details?.locked).toBe(true);
    expect(server.requests.length).toBe(before); // not a single request
    expect(client.isLoginLocked()).toBe(true);
  });

  it.each([401, 403])('HTTP %d from the token endpoint locks too', async (status) => {
    const server = balanceServer().on(TOKEN, () => json({ message: 'Unauthorized' }, status));
    const { client } = clientFor(server);
    expect((await rejection(client.getBalance())).code).toBe('auth_failed');
    expect((await rejection(client.getBalance())).code).toBe('auth_failed');
    expect(server.calls(TOKEN)).toHaveLength(1);
  });

  it('a 200 JSON body without a token locks', async () => {
    const server = balanceServer().on(TOKEN, () => json({ code: 401, message: 'Invalid user' }));
    const { client } = clientFor(server);
    expect((await rejection(client.getToken())).code).toBe('auth_failed');
    expect((await rejection(client.getToken())).code).toBe('auth_failed');
    expect(server.calls(TOKEN)).toHaveLength(1);
  });

  it('new credentials lift the lock for exactly one fresh attempt', async () => {
    let good = false;
    const server = balanceServer().on(TOKEN, () => (good ? tokenReply() : json({ error: 'invalid_grant' }, 401)));
    const { client, setCredentials } = clientFor(server);
    await rejection(client.getBalance());
    setCredentials({ ...CREDS, password: 'fixed' });
    good = true;
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: 1000 });
    expect(server.calls(TOKEN)).toHaveLength(2);
  });

  it('resetLoginLock allows one explicit retry with the same credentials', async () => {
    const server = balanceServer().on(TOKEN, () => json({ error: 'invalid_grant' }, 401));
    const { client } = clientFor(server);
    await rejection(client.getBalance());
    client.resetLoginLock();
    expect(client.isLoginLocked()).toBe(false);
    await rejection(client.getBalance());
    await rejection(client.getBalance());
    expect(server.calls(TOKEN)).toHaveLength(2);
  });

  it('a token endpoint that is down (503, HTML) does not lock', async () => {
    let up = false;
    const server = balanceServer().on(TOKEN, () =>
      up ? tokenReply() : new Response('<html>down</html>', { status: 503 }),
    );
    const { client } = clientFor(server);
    expect((await rejection(client.getBalance())).code).toBe('enkash_unavailable');
    up = true;
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: 1000 });
  });

  it('missing credentials fail with credentials_missing and send nothing', async () => {
    const server = balanceServer();
    const { client, setCredentials } = clientFor(server);
    setCredentials(null);
    expect((await rejection(client.getBalance())).code).toBe('credentials_missing');
    setCredentials({ ...CREDS, password: '' });
    expect((await rejection(client.getBalance())).code).toBe('credentials_missing');
    expect(server.requests).toHaveLength(0);
  });
});

describe('401/403 from an API call', () => {
  it('drops the token, logs in once more, retries once and succeeds', async () => {
    let n = 0;
    let calls = 0;
    const server = createFakeServer()
      .on(TOKEN, () => tokenReply(3600, `tok-${++n}`))
      .on(BALANCE, (req) =>
        req.headers.Authorization === 'Bearer tok-1'
          ? json({ message: 'expired' }, 401)
          : (calls++, sealed({ totalBalance: 5 })),
      );
    const { client } = clientFor(server);
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: 500 });
    expect(server.calls(TOKEN)).toHaveLength(2);
    expect(server.calls(BALANCE)).toHaveLength(2);
    expect(calls).toBe(1);
  });

  it('a second 401 fails with auth_failed after exactly one re-login', async () => {
    const server = createFakeServer().on(BALANCE, () => json({ message: 'Unauthorized' }, 401));
    const { client } = clientFor(server);
    const err = await rejection(client.getBalance());
    expect(err.code).toBe('auth_failed');
    expect(server.calls(TOKEN)).toHaveLength(2);
    expect(server.calls(BALANCE)).toHaveLength(2);
  });

  it('403 on a create call re-logs in and resends the identical request once', async () => {
    let first = true;
    const server = createFakeServer().on('POST /api/v0/payout-transaction', () => {
      if (first) {
        first = false;
        return json({ message: 'Forbidden' }, 403);
      }
      return sealed({
        code: 0,
        payload: { transactionId: 'T1', enkashTransactionId: 'EK1', payoutStatus: 'PROCESSING' },
      });
    });
    const { client } = clientFor(server);
    const rec = await client.createPayout({ transactionId: 'T1', amountPaise: 100, mode: 'IMPS', beneficiaryId: 'B1' });
    expect(rec.status).toBe('PROCESSING');
    const sent = server.calls('POST /api/v0/payout-transaction');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.rawBody).toBe(sent[1]!.rawBody);
  });

  it('403 "Encryption failed for response" is NOT an auth problem: no re-login, outcome unknown', async () => {
    const server = createFakeServer().on('POST /api/v0/payout-transaction', () =>
      json({ code: 403, message: 'Encryption failed for response' }, 403),
    );
    const { client } = clientFor(server);
    const err = await rejection(
      client.createPayout({ transactionId: 'T1', amountPaise: 100, mode: 'IMPS', beneficiaryId: 'B1' }),
    );
    expect(err.code).toBe('enkash_unknown_outcome');
    expect(server.calls(TOKEN)).toHaveLength(1);
    expect(server.calls('POST /api/v0/payout-transaction')).toHaveLength(1);
  });

  it('a body code 401 on HTTP 200 is treated as a stale token too', async () => {
    let n = 0;
    const server = createFakeServer()
      .on(TOKEN, () => tokenReply(3600, `tok-${++n}`))
      .on(BALANCE, (req) =>
        req.headers.Authorization === 'Bearer tok-1'
          ? json({ code: 401, message: 'token expired' })
          : sealed({ totalBalance: 1 }),
      );
    const { client } = clientFor(server);
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: 100 });
    expect(server.calls(TOKEN)).toHaveLength(2);
  });
});

describe('secrets never reach the log', () => {
  it('no token, password, secret or Basic header appears in any log line', async () => {
    const server = balanceServer().on(TOKEN, () => tokenReply(3600, 'super-secret-token-value'));
    const { client, logs } = clientFor(server);
    await client.getBalance();
    await rejection(client.createPayout({ transactionId: 'T1', amountPaise: 100, mode: 'IMPS', beneficiaryId: 'B1' }));
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(2);
    for (const secret of ['super-secret-token-value', CREDS.password, CREDS.clientSecret, 'Basic ']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('the bad-login lock survives a client rebuild (issue 9 point 7)', () => {
  function memoryStore() {
    let value: string | null = null;
    return { read: () => value, write: (v: string | null) => void (value = v), peek: () => value };
  }

  it('a rebuilt client with the same credentials does not try the rejected password again', async () => {
    const server = balanceServer().on(TOKEN, () => json({ error: 'invalid_grant' }, 401));
    const store = memoryStore();
    await rejection(clientFor(server, { loginLock: store }).client.getBalance());
    // Three "sheet imports" each rebuilding the client, then a poll: still one login in total.
    for (let i = 0; i < 4; i++) {
      const again = await rejection(clientFor(server, { loginLock: store }).client.getBalance());
      expect(again.details?.locked).toBe(true);
    }
    expect(server.calls(TOKEN)).toHaveLength(1);
    // What is stored is a salted hash, never a credential.
    const stored = store.peek() ?? '';
    expect(stored).not.toBe('');
    for (const secret of Object.values(CREDS)) expect(stored).not.toContain(secret);
  });

  it('new credentials clear the persisted lock', async () => {
    let good = false;
    const server = balanceServer().on(TOKEN, () => (good ? tokenReply() : json({ error: 'invalid_grant' }, 401)));
    const store = memoryStore();
    await rejection(clientFor(server, { loginLock: store }).client.getBalance());
    const rebuilt = clientFor(server, { loginLock: store });
    rebuilt.setCredentials({ ...CREDS, password: 'fixed' });
    good = true;
    await expect(rebuilt.client.getBalance()).resolves.toEqual({ totalBalancePaise: 1000 });
    expect(store.peek()).toBeNull();
    expect(server.calls(TOKEN)).toHaveLength(2);
  });
});
