import { describe, expect, it } from 'vitest';
import { maskAccount, redactFields, safeLogger } from '../../../src/main/enkash/redact';
import { clientFor, CREDS, createFakeServer, json, sealed } from './fake-enkash';
import { decryptText, deriveKey, type KeyDerivation } from '../../../src/main/enkash/crypto';

const BALANCE = 'GET /api/v0/payout-account/balance';
const PROBE = 'POST /api/v0/beneficiary-detail/search';
// The documented call the derivation probe uses (issue 11 point 4: never a guessed path such as PROBE's).
const STATEMENT = 'POST /api/v0/payout-account/statement';

describe('redaction', () => {
  it('drops secrets by key, masks account numbers, masks digit runs in text', () => {
    const out = redactFields({
      Authorization: 'Bearer abc',
      accessToken: 'abc',
      clientSecret: 's',
      password: 'p',
      request: 'cipher',
      accountNumber: '000123456789',
      debitAccountNumber: '50100012345678',
      note: 'paid to 000123456789 today',
      nested: { headers: { authorization: 'Basic x' } },
      status: 200,
    });
    expect(out).toEqual({
      Authorization: '[redacted]',
      accessToken: '[redacted]',
      clientSecret: '[redacted]',
      password: '[redacted]',
      request: '[redacted]',
      accountNumber: '********6789',
      debitAccountNumber: '********5678',
      note: 'paid to ********6789 today',
      nested: { headers: { authorization: '[redacted]' } },
      status: 200,
    });
    expect(maskAccount('123')).toBe('********');
  });

  it('a throwing sink never breaks a call', () => {
    const log = safeLogger(() => {
      throw new Error('disk full');
    });
    expect(() => log('x', { a: 1 })).not.toThrow();
  });
});

function keyOf(d: KeyDerivation) {
  return deriveKey(CREDS.clientSecret, d);
}

describe('diagnose', () => {
  it('finds the derivation that opens an encrypted balance, and the wrapper style', async () => {
    const server = createFakeServer().on(BALANCE, () =>
      sealed({ response_code: 0, payload: { totalBalance: 42 } }, 200, CREDS.clientSecret, 'sha1-16'),
    );
    const report = await clientFor(server).client.diagnose();
    expect(report.token).toMatchObject({ ok: true, style: 'snake_case', expiresInSeconds: 3600 });
    expect(report.detectedDerivation).toBe('sha1-16');
    expect(report.balance).toMatchObject({
      ok: true,
      encrypted: true,
      wrapper: 'response_code',
      totalBalancePaise: 4200,
    });
    expect(report.derivations).toEqual([
      { derivation: 'sha256-16', result: 'does_not_decrypt' },
      { derivation: 'sha1-16', result: 'decrypts' },
      { derivation: 'raw-16', result: 'does_not_decrypt' },
    ]);
    // No per-derivation probe: only the per-call check, once, under the configured key.
    expect(server.calls(STATEMENT)).toHaveLength(0);
    expect(server.calls(PROBE)).toHaveLength(1);
  });

  it('with a plain balance, probes the documented statement call once per derivation', async () => {
    const server = createFakeServer()
      .on(BALANCE, () => json({ totalBalance: 5 }))
      .on(STATEMENT, (req) => {
        // A server keyed with raw-16: only that envelope opens.
        try {
          decryptText((JSON.parse(req.rawBody!) as { request: string }).request, keyOf('raw-16'));
          return json({ code: 0, data: [] });
        } catch {
          return json({ code: 422, message: 'Invalid encrypted request' }, 422);
        }
      });
    const report = await clientFor(server).client.diagnose();
    expect(report.balance).toMatchObject({ ok: true, encrypted: false, wrapper: 'bare', totalBalancePaise: 500 });
    expect(report.derivations.map((d) => d.result)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(report.detectedDerivation).toBe('raw-16');
    expect(report.derivationEvidence).toBe('statement-accepted');
    expect(server.calls(STATEMENT)).toHaveLength(3);
  });

  it('a rejected login is reported, and nothing else is tried', async () => {
    const server = createFakeServer().on('POST /oauth/token', () => json({ error: 'invalid_grant' }, 401));
    const report = await clientFor(server).client.diagnose();
    expect(report.token.ok).toBe(false);
    expect(report.token.error?.code).toBe('auth_failed');
    expect(server.calls(BALANCE)).toHaveLength(0);
  });

  it('an HTML balance page is reported as a bad response, not a key problem', async () => {
    const server = createFakeServer().on(BALANCE, () => new Response('<html>proxy</html>', { status: 200 }));
    const report = await clientFor(server).client.diagnose();
    expect(report.balance.error?.code).toBe('enkash_bad_response');
    expect(report.derivations.every((d) => d.result === 'not_tested')).toBe(true);
  });
});
