import { describe, expect, it } from 'vitest';
import { isOutcomeUnknown } from '../../../src/main/enkash/errors';
import type { LoginLockStore } from '../../../src/main/enkash/token-manager';
import { rejection } from '../../support/rejection';
import { clientFor, createFakeServer, json, sealed, tokenReply } from './fake-enkash';

/**
 * Issue 11 point 3: a 403 (on the token call or any call) means EnKash refused this computer — its IP may not be
 * whitelisted — or the credentials. It is said so, never retried in a loop, and it does not set the persistent
 * bad-credentials lock; only a 401 or an `invalid_grant` verdict does (a plain 400 does not either).
 */

const TOKEN = 'POST /oauth/token';
const BALANCE = 'GET /api/v0/payout-account/balance';
const PAYOUT = 'POST /api/v0/payout-transaction';
const FORBIDDEN_TEXT = /refused this computer.*IP address may not be whitelisted.*or.*credentials/i;
const payout = { transactionId: 'T1', amountPaise: 100, mode: 'IMPS' as const, beneficiaryId: 'B1' };

function memoryLock(): LoginLockStore & { writes: (string | null)[] } {
  let value: string | null = null;
  const writes: (string | null)[] = [];
  return {
    writes,
    read: () => value,
    write: (v) => {
      writes.push(v);
      value = v;
    },
  };
}

describe('403 on the token call', () => {
  it('says EnKash refused this computer (IP whitelisting, team server) or the credentials', async () => {
    const server = createFakeServer().on(TOKEN, () =>
      json({ error: 'access_denied', error_description: 'Forbidden' }, 403),
    );
    const { client } = clientFor(server);
    const err = await rejection(client.getBalance());
    expect(err.code).toBe('auth_failed');
    expect(err.message).toMatch(FORBIDDEN_TEXT);
    expect(err.message).toMatch(/whitelist this computer's public IP/i);
    expect(err.message).toMatch(/Settings → Environment/);
    expect(err.message).toMatch(/team server.*one fixed IP/i);
    expect(err.details).toMatchObject({
      reason: 'forbidden',
      during: 'login',
      httpStatus: 403,
      locked: false,
      retryable: false,
    });
  });

  it('is tried once: later calls fail fast without a request, until an explicit retry', async () => {
    const server = createFakeServer().on(TOKEN, () => json({ message: 'Forbidden' }, 403));
    const { client } = clientFor(server);
    const errors = await Promise.all(Array.from({ length: 3 }, () => rejection(client.getBalance())));
    errors.push(await rejection(client.getBalance()), await rejection(client.getToken()));
    expect(errors.every((e) => e.details?.reason === 'forbidden')).toBe(true);
    expect(server.calls(TOKEN)).toHaveLength(1);
    expect(server.calls(BALANCE)).toHaveLength(0);
    // "Test connection" after whitelisting the IP: exactly one fresh attempt.
    client.resetLoginLock();
    await rejection(client.getBalance());
    await rejection(client.getBalance());
    expect(server.calls(TOKEN)).toHaveLength(2);
  });

  it('does not set the persistent bad-credentials lock', async () => {
    const lock = memoryLock();
    const server = createFakeServer().on(TOKEN, () => json({ message: 'Forbidden' }, 403));
    const { client } = clientFor(server, { loginLock: lock });
    await rejection(client.getBalance());
    expect(lock.writes.filter((w) => w !== null)).toEqual([]);
    expect(lock.read()).toBeNull();
    expect(client.isLoginLocked()).toBe(false);
    // A rebuilt client (restart, settings change) with the same store tries again: the 403 was not a lock.
    const again = clientFor(server, { loginLock: lock });
    await rejection(again.client.getBalance());
    expect(server.calls(TOKEN)).toHaveLength(2);
  });
});

describe('403 on an API call', () => {
  it('a read: one re-login and one retry, then the same clear error; never a loop', async () => {
    const server = createFakeServer().on(BALANCE, () => json({ message: 'Forbidden' }, 403));
    const { client } = clientFor(server);
    const err = await rejection(client.getBalance());
    expect(err.code).toBe('auth_failed');
    expect(err.message).toMatch(FORBIDDEN_TEXT);
    expect(err.details).toMatchObject({ reason: 'forbidden', during: 'call', locked: false, retryable: false });
    expect(server.calls(BALANCE)).toHaveLength(2);
    expect(server.calls(TOKEN)).toHaveLength(2);
    expect(client.isLoginLocked()).toBe(false);
  });

  it('a payout: a definite refusal (not unknown), the identical request sent at most twice', async () => {
    const server = createFakeServer().on(PAYOUT, () => json({ code: 403, message: 'Forbidden' }, 403));
    const { client } = clientFor(server);
    const err = await rejection(client.createPayout(payout));
    expect(isOutcomeUnknown(err)).toBe(false);
    expect(err.message).toMatch(FORBIDDEN_TEXT);
    expect(err.message).toMatch(/nothing was paid/i);
    const sent = server.calls(PAYOUT);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.rawBody).toBe(sent[1]!.rawBody);
  });

  it('a body code 403 on HTTP 200 ("APIs not enabled") stays a plain rejection', async () => {
    const server = createFakeServer().on(PAYOUT, () => sealed({ code: 403, message: 'APIs not enabled' }));
    const err = await rejection(clientFor(server).client.createPayout(payout));
    expect(err.code).toBe('enkash_rejected');
    expect(server.calls(PAYOUT)).toHaveLength(1);
  });
});

describe('what sets the bad-credentials lock', () => {
  it.each([
    ['401 invalid_grant', 401, { error: 'invalid_grant', error_description: 'Bad credentials' }],
    ['401 without a body code', 401, { message: 'Unauthorized' }],
    ['400 invalid_grant (the usual Spring OAuth answer)', 400, { error: 'invalid_grant' }],
  ])('%s sets it', async (_l, status, body) => {
    const lock = memoryLock();
    const server = createFakeServer().on(TOKEN, () => json(body, status));
    const { client } = clientFor(server, { loginLock: lock });
    const err = await rejection(client.getBalance());
    expect(err.details?.locked).toBe(true);
    expect(lock.read()).not.toBeNull();
    expect(client.isLoginLocked()).toBe(true);
  });

  it.each([
    ['400 unsupported_grant_type', { error: 'unsupported_grant_type' }],
    ['400 without a verdict', { message: 'Bad request' }],
  ])('%s does not set it, and is not retried in a loop either', async (_l, body) => {
    const lock = memoryLock();
    const server = createFakeServer().on(TOKEN, () => json(body, 400));
    const { client } = clientFor(server, { loginLock: lock });
    const err = await rejection(client.getBalance());
    expect(err.code).toBe('auth_failed');
    expect(err.details).toMatchObject({ locked: false, retryable: false, httpStatus: 400 });
    expect(err.message).not.toMatch(/will not try again until they change/);
    expect(lock.read()).toBeNull();
    expect(client.isLoginLocked()).toBe(false);
    await rejection(client.getBalance());
    expect(server.calls(TOKEN)).toHaveLength(1);
  });

  it('a good login after a 403 once the IP is whitelisted (explicit retry)', async () => {
    let whitelisted = false;
    const server = createFakeServer()
      .on(TOKEN, () => (whitelisted ? tokenReply() : json({ message: 'Forbidden' }, 403)))
      .on(BALANCE, () => sealed({ totalBalance: 3 }));
    const { client } = clientFor(server);
    await rejection(client.getBalance());
    whitelisted = true;
    client.resetLoginLock();
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: 300 });
  });
});
