import { describe, expect, it } from 'vitest';
import { decryptText, deriveKey, encryptText } from '../../../src/main/enkash/crypto';
import { EnkashFailureError } from '../../../src/main/enkash/errors';
import { parseResponseBody } from '../../../src/main/enkash/response';
import { rejection } from '../../support/rejection';
import { CREDS, clientFor, createFakeServer, json, sealed, testProfile } from './fake-enkash';

/**
 * Issue 11 point 5: the statement asks for `debitAccountNumber`, which §5.9 marks required (unlike balance),
 * before any call; response envelopes tolerate MIME line breaks and URL-safe base64, requests stay strict.
 */

const STATEMENT = 'POST /api/v0/payout-account/statement';
const PAYOUT = 'POST /api/v0/payout-transaction';
const key = deriveKey(CREDS.clientSecret, 'sha256-16');
const statementOk = () => sealed({ response_code: '0', response_message: 'Success', requestId: 'R1', data: [] });
const days = { fromDate: '2025-01-01', toDate: '2025-01-31' };

describe('statement debit account (§5.9: required)', () => {
  it('neither the call nor the profile gives it → a clear message, and nothing is sent (not even a login)', async () => {
    const server = createFakeServer().on(STATEMENT, statementOk);
    const { client } = clientFor(server, { profile: testProfile({ debitAccountNumber: '' }) });
    const err = await rejection(client.fetchStatement(days));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/statement needs the debit account number/i);
    expect(err.message).toMatch(/Settings/);
    expect(err.details).toMatchObject({ issues: [{ path: 'debitAccountNumber' }] });
    expect(server.requests).toHaveLength(0);
  });

  it('blank text counts as missing', async () => {
    const server = createFakeServer().on(STATEMENT, statementOk);
    const { client } = clientFor(server, { profile: testProfile({ debitAccountNumber: '   ' }) });
    expect((await rejection(client.fetchStatement({ ...days, debitAccountNumber: ' ' }))).code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });

  it('from the profile, or from the call (which wins)', async () => {
    const server = createFakeServer().on(STATEMENT, statementOk);
    const { client } = clientFor(server, { profile: testProfile({ debitAccountNumber: '50100012345678' }) });
    await client.fetchStatement(days);
    await client.fetchStatement({ ...days, debitAccountNumber: '50100099999999' });
    const sent = server.calls(STATEMENT).map((r) => (r.body as Record<string, unknown>).debitAccountNumber);
    expect(sent).toEqual(['50100012345678', '50100099999999']);
  });
});

/** A plaintext whose standard base64 ciphertext holds `+` or `/` and `=` padding, so URL-safe differs. */
function awkwardCipher(): { plain: Record<string, unknown>; cipher: string } {
  for (let i = 0; i < 500; i++) {
    const plain = {
      response_code: 0,
      response_message: 'Success',
      payload: { totalBalance: 1000 + i, n: 'x'.repeat(i % 48) },
    };
    const cipher = encryptText(JSON.stringify(plain), key);
    if (/[+/]/.test(cipher) && cipher.endsWith('=')) return { plain, cipher };
  }
  throw new Error('no awkward ciphertext found');
}

function mime(b64: string, eol: string): string {
  return (b64.match(/.{1,76}/g) ?? []).join(eol);
}

describe('response envelopes: tolerant decoding', () => {
  const { plain, cipher } = awkwardCipher();
  const urlSafe = cipher.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  it.each([
    ['MIME CRLF line breaks', mime(cipher, '\r\n')],
    ['LF line breaks and a trailing newline', `${mime(cipher, '\n')}\n`],
    ['URL-safe alphabet without padding', urlSafe],
    ['URL-safe alphabet with padding', `${urlSafe}${'='.repeat(cipher.length - cipher.replace(/=+$/, '').length)}`],
    ['URL-safe and MIME-wrapped', mime(urlSafe, '\r\n')],
  ])('%s', (_label, text) => {
    expect(cipher.length).toBeGreaterThan(76);
    const p = parseResponseBody(JSON.stringify({ request: text }), 200, key);
    expect(p).toMatchObject({ code: 0, encrypted: true, data: plain.payload });
  });

  it('through the client: a MIME-wrapped, URL-safe balance answer is read', async () => {
    const server = createFakeServer().on('GET /api/v0/payout-account/balance', () =>
      json({ request: mime(urlSafe, '\r\n') }),
    );
    const { totalBalancePaise } = await clientFor(server).client.getBalance();
    expect(totalBalancePaise).toBe(Number((plain.payload as { totalBalance: number }).totalBalance) * 100);
  });

  it('still refuses what is not base64 at all, and a length no padding can fix', () => {
    for (const bad of ['not*base64!', `${urlSafe.slice(0, -1)}#`, `${cipher}A`]) {
      let failure: unknown = null;
      try {
        parseResponseBody(JSON.stringify({ request: bad }), 200, key);
      } catch (e) {
        failure = e instanceof EnkashFailureError ? e.failure.kind : e;
      }
      expect(failure).toBe('undecryptable');
    }
  });
});

describe('requests stay strict', () => {
  it('every request envelope is one line of standard, padded base64', async () => {
    const server = createFakeServer().on(PAYOUT, () =>
      sealed({ code: 0, payload: { transactionId: 'T1', payoutStatus: 'PENDING' } }),
    );
    const { client } = clientFor(server);
    // A long remark makes the ciphertext far longer than a MIME line.
    await client.createPayout({
      transactionId: 'T1',
      amountPaise: 100,
      mode: 'IMPS',
      beneficiaryId: 'B1',
      remark: 'Salary for November',
      reference: 'REF-2026-11-ASHA-RAO-0001',
    });
    const envelope = JSON.parse(server.calls(PAYOUT)[0]!.rawBody!) as { request: string };
    expect(envelope.request.length).toBeGreaterThan(76);
    expect(envelope.request).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(envelope.request.length % 4).toBe(0);
  });

  it('the strict decoder (what the Sandbox reads requests with) still refuses URL-safe and wrapped text', () => {
    const { cipher } = awkwardCipher();
    expect(() => decryptText(cipher.replace(/\+/g, '-').replace(/\//g, '_'), key)).toThrow();
    expect(() => decryptText(mime(cipher, '\r\n'), key)).toThrow();
    expect(decryptText(cipher, key)).toContain('Success');
  });
});
