import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/domain/errors';
import { clientFor, createFakeServer, json, networkError, sealed, testProfile, tokenReply } from './fake-enkash';

/**
 * Bank-account verification (`POST /api/v0/pennyDrop`, enkash-api.md §16): the request in both envelopes, the
 * answer with its echoes beside or inside `payload`, the undocumented status words, and malformed answers as
 * errors — never a guessed verdict.
 */

const ROUTE = 'POST /api/v0/pennyDrop';
const ACCOUNT = '50100012345678';
const INPUT = { accountNumber: ACCOUNT, ifsc: 'hdfc0000240', pennyLess: true, customerRequestId: 'VR0001' };
const ECHOES = {
  beneficiaryAccountNumber: ACCOUNT,
  customerRequestId: 'VR0001',
  beneficiaryIfscCode: 'HDFC0000240',
  pennyLess: true,
};

function answer(payload: Record<string, unknown>, beside: Record<string, unknown> = ECHOES) {
  return { response_code: 0, response_message: 'Success', ...beside, payload };
}

const named = (status: unknown, beneficiaryName: unknown = 'MS PRIYA SHARMA') => ({
  ifsc: 'HDFC0000240',
  requestId: 'R1',
  enkashUniqueId: 'EKV1',
  utr: null,
  status,
  beneficiaryName,
});

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function withEnvelope(envelope: 'plain' | 'encrypted') {
  return testProfile({ switches: { verificationEnvelope: envelope } });
}

describe('verifyBankAccount request', () => {
  it('sends the documented plain JSON body by default, IFSC upper-cased, with the bearer token', async () => {
    const server = createFakeServer().on(ROUTE, () => json(answer(named('SUCCESS'))));
    const { client } = clientFor(server);
    await client.verifyBankAccount(INPUT);
    const [req] = server.calls(ROUTE);
    expect(JSON.parse(req!.rawBody!)).toEqual(ECHOES);
    expect(req!.headers.Authorization).toBe('Bearer tok-1');
  });

  it('seals the body in the payout envelope when the profile says encrypted', async () => {
    const server = createFakeServer().on(ROUTE, () => sealed(answer(named('SUCCESS'))));
    const { client } = clientFor(server, { profile: withEnvelope('encrypted') });
    const check = await client.verifyBankAccount(INPUT);
    const [req] = server.calls(ROUTE);
    expect(Object.keys(JSON.parse(req!.rawBody!))).toEqual(['request']);
    expect(req!.body).toEqual(ECHOES);
    expect(check.bankName).toBe('MS PRIYA SHARMA');
  });

  it('defaults to penny-less and uses the profile path', async () => {
    const server = createFakeServer().on('POST /v2/verify', () => json(answer(named('SUCCESS'))));
    const profile = testProfile({ paths: { ...testProfile().paths, pennyDrop: '/v2/verify' } });
    const { client } = clientFor(server, { profile });
    const { pennyLess: _omitted, ...rest } = INPUT;
    await client.verifyBankAccount(rest);
    expect((server.calls('POST /v2/verify')[0]!.body as { pennyLess: boolean }).pennyLess).toBe(true);
  });

  it('goes to the verification host with the payout login token', async () => {
    const server = createFakeServer().on(ROUTE, () => json(answer(named('SUCCESS'))));
    const { client } = clientFor(server, { verificationBaseUrl: 'https://verify.enkash.test' });
    await client.verifyBankAccount(INPUT);
    const verify = server.calls(ROUTE)[0]!;
    const login = server.calls('POST /oauth/token')[0]!;
    expect(verify.url.host).toBe('verify.enkash.test');
    expect(login.url.host).toBe('enkash.test');
    expect(verify.headers.Authorization).toBe('Bearer tok-1');
  });

  it('refuses invalid input before anything is sent', async () => {
    const server = createFakeServer();
    const { client } = clientFor(server);
    const err = await errorOf(client.verifyBankAccount({ ...INPUT, ifsc: 'HDFC240' }));
    expect(err.code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });

  it('never re-sends a check (its customerRequestId may be used once), even after a lost connection', async () => {
    const server = createFakeServer().on(ROUTE, () => {
      throw networkError('ECONNRESET');
    });
    const { client } = clientFor(server);
    const err = await errorOf(client.verifyBankAccount(INPUT));
    expect(err.code).toBe('enkash_unavailable');
    expect(server.calls(ROUTE)).toHaveLength(1);
  });

  it('a cancelled check is `cancelled`, and one cancelled first sends nothing', async () => {
    const server = createFakeServer().on(ROUTE, () => new Promise<Response>(() => {}));
    const { client } = clientFor(server);
    const aborted = new AbortController();
    aborted.abort();
    expect((await errorOf(client.verifyBankAccount(INPUT, aborted.signal))).code).toBe('cancelled');
    expect(server.calls(ROUTE)).toHaveLength(0);
  });
});

it('a cancel aborts the check in flight (a penny drop says its outcome is unknown)', async () => {
  const cancel = new AbortController();
  let sent = 0;
  // Cancels the moment the check is on the wire, and fails as fetch does on an aborted signal.
  const hanging = (url: string, init: RequestInit) =>
    url.endsWith('/oauth/token')
      ? Promise.resolve(tokenReply())
      : new Promise<Response>((_resolve, reject) => {
          sent += 1;
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          cancel.abort();
        });
  const { client } = clientFor(createFakeServer(), { fetch: hanging });
  const err = await errorOf(client.verifyBankAccount({ ...INPUT, pennyLess: false }, cancel.signal));
  expect(err.code).toBe('cancelled');
  expect(err.details?.outcome).toBe('unknown');
  expect(sent).toBe(1);
});

describe('verifyBankAccount answer', () => {
  it('reads echoes beside payload (the sample) and inside it', async () => {
    for (const body of [answer(named('SUCCESS')), answer({ ...named('SUCCESS'), ...ECHOES }, {})]) {
      const server = createFakeServer().on(ROUTE, () => json(body));
      const { client } = clientFor(server);
      expect(await client.verifyBankAccount(INPUT)).toEqual({
        status: 'verified',
        bankName: 'MS PRIYA SHARMA',
        rawStatus: 'SUCCESS',
        enkashUniqueId: 'EKV1',
        utr: null,
      });
    }
  });

  it('a penny drop carries its utr', async () => {
    const server = createFakeServer().on(ROUTE, () =>
      json(answer({ ...named('SUCCESS'), utr: 700000000001 }, { ...ECHOES, pennyLess: false })),
    );
    const { client } = clientFor(server);
    const check = await client.verifyBankAccount({ ...INPUT, pennyLess: false });
    expect(check.utr).toBe('700000000001');
  });

  it.each([
    ['SUCCESS', 'verified'],
    ['Verified', 'verified'],
    ['ACTIVE', 'verified'],
    ['valid', 'verified'],
    ['FAILED', 'failed'],
    ['INVALID', 'failed'],
    ['account closed', 'failed'],
    ['NOT-FOUND', 'failed'],
  ])('status %s is %s', async (status, verdict) => {
    const server = createFakeServer().on(ROUTE, () => json(answer(named(status))));
    const { client } = clientFor(server);
    const check = await client.verifyBankAccount(INPUT);
    expect(check.status).toBe(verdict);
    expect(check.rawStatus).toBe(status);
  });

  it('an unknown status word: a bank-held name verifies it (word kept), no name fails it', async () => {
    const withName = createFakeServer().on(ROUTE, () => json(answer(named('NAME_FETCHED'))));
    expect(await clientFor(withName).client.verifyBankAccount(INPUT)).toMatchObject({
      status: 'verified',
      rawStatus: 'NAME_FETCHED',
      bankName: 'MS PRIYA SHARMA',
    });
    const without = createFakeServer().on(ROUTE, () => json(answer(named('NAME_NOT_FETCHED', null))));
    expect(await clientFor(without).client.verifyBankAccount(INPUT)).toMatchObject({
      status: 'failed',
      rawStatus: 'NAME_NOT_FETCHED',
      bankName: null,
    });
  });

  it.each([
    ['payload is a list', answer([] as never)],
    ['status is an object', answer(named({ code: 'S' }))],
    ['neither status nor name', answer(named(null, null))],
    ['pending without a name', answer(named('PENDING', ''))],
    ['an echo names another request', answer(named('SUCCESS'), { ...ECHOES, customerRequestId: 'VR9999' })],
    ['an echo names another account', answer({ ...named('SUCCESS'), beneficiaryAccountNumber: '50100012349999' })],
    ['an echo names another IFSC', answer(named('SUCCESS'), { ...ECHOES, beneficiaryIfscCode: 'SBIN0000300' })],
    ['a penny drop where penny-less was asked', answer(named('SUCCESS'), { ...ECHOES, pennyLess: false })],
  ])('a malformed answer (%s) is a clear error, not a verdict', async (_why, body) => {
    const server = createFakeServer().on(ROUTE, () => json(body));
    const { client, logs } = clientFor(server);
    const err = await errorOf(client.verifyBankAccount(INPUT));
    expect(err.code).toBe('enkash_bad_response');
    expect(err.details?.reason).toBe('bad_shape');
    expect(JSON.stringify({ err: err.toShape(), logs })).not.toContain(ACCOUNT);
  });

  it('a masked account echo (last digits ours) is accepted', async () => {
    const server = createFakeServer().on(ROUTE, () =>
      json(answer(named('SUCCESS'), { ...ECHOES, beneficiaryAccountNumber: 'XXXXXXXXXX5678' })),
    );
    expect((await clientFor(server).client.verifyBankAccount(INPUT)).status).toBe('verified');
  });

  it('a malformed answer to a penny drop (money moved) is an unknown outcome, still no verdict', async () => {
    const server = createFakeServer().on(ROUTE, () => json(answer(named(null, null), { ...ECHOES, pennyLess: false })));
    const err = await errorOf(clientFor(server).client.verifyBankAccount({ ...INPUT, pennyLess: false }));
    expect(err.code).toBe('enkash_unknown_outcome');
  });

  it("a refusal is EnKash's error with the account number masked", async () => {
    const server = createFakeServer().on(ROUTE, () =>
      json({ code: 422, message: `Account ${ACCOUNT} is not valid for HDFC0000240` }, 422),
    );
    const { client, logs } = clientFor(server);
    const err = await errorOf(client.verifyBankAccount(INPUT));
    expect(err.code).toBe('enkash_rejected');
    expect(String(err.details?.enkashMessage)).toContain('5678');
    expect(JSON.stringify({ details: err.details, message: err.message, logs })).not.toContain(ACCOUNT);
  });
});
