import { describe, expect, it } from 'vitest';
import { SandboxAuth } from '../../../src/main/sandbox/auth';
import { DEFAULT_CREDENTIALS, DEFAULT_DIALECT } from '../../../src/main/sandbox/config';

const basic = `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.clientId}:${DEFAULT_CREDENTIALS.clientSecret}`).toString('base64')}`;
const form = (password = DEFAULT_CREDENTIALS.password) =>
  new URLSearchParams({
    username: DEFAULT_CREDENTIALS.username,
    password,
    grant_type: 'password',
    clientId: DEFAULT_CREDENTIALS.clientId,
  });

describe('SandboxAuth', () => {
  it('issues tokens that expire on the injected clock and can be revoked', () => {
    let t = 0;
    const auth = new SandboxAuth(DEFAULT_CREDENTIALS, () => t, 60, 900);
    const reply = auth.token(form(), basic, DEFAULT_DIALECT);
    const bearer = `Bearer ${reply.body.access_token as string}`;
    expect(auth.verify(bearer)).toBe('ok');
    expect(auth.verify(undefined)).toBe('missing');
    expect(auth.verify('Bearer nope')).toBe('unknown');
    t = 59_999;
    expect(auth.verify(bearer)).toBe('ok');
    t = 60_000;
    expect(auth.verify(bearer)).toBe('expired');
    const again = `Bearer ${auth.token(form(), basic, DEFAULT_DIALECT).body.access_token as string}`;
    auth.revoke(again);
    expect(auth.verify(again)).toBe('unknown');
  });

  it('locks after the third consecutive failure and unlocks after lockoutSeconds or resetLockout', () => {
    let t = 0;
    const auth = new SandboxAuth(DEFAULT_CREDENTIALS, () => t, 60, 10);
    expect(auth.token(form('a'), basic, DEFAULT_DIALECT).body.error).toBe('invalid_grant');
    expect(auth.token(form('b'), basic, DEFAULT_DIALECT).body.error).toBe('invalid_grant');
    expect(auth.token(form('c'), basic, DEFAULT_DIALECT).body.error).toBe('account_locked');
    expect(auth.token(form(), basic, DEFAULT_DIALECT).status).toBe(401);
    t = 10_000;
    expect(auth.token(form(), basic, DEFAULT_DIALECT).status).toBe(200);
    for (const p of ['a', 'b', 'c']) auth.token(form(p), basic, DEFAULT_DIALECT);
    auth.resetLockout();
    expect(auth.token(form(), basic, DEFAULT_DIALECT).status).toBe(200);
    expect(auth.counters).toEqual({ logins: 2, failedLogins: 6, lockedLoginAttempts: 1 });
  });

  it('rejects other grant types with 400 and a missing Basic header with 401', () => {
    const auth = new SandboxAuth(DEFAULT_CREDENTIALS, () => 0, 60, 10);
    const f = form();
    f.set('grant_type', 'client_credentials');
    expect(auth.token(f, basic, DEFAULT_DIALECT).status).toBe(400);
    expect(auth.token(form(), undefined, DEFAULT_DIALECT).status).toBe(401);
  });
});
