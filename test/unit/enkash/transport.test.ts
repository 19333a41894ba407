import { describe, expect, it } from 'vitest';
import { buildUrl } from '../../../src/main/enkash/transport';
import { clientFor, createFakeServer, json, networkError, sealed, testProfile } from './fake-enkash';
import { rejection } from '../../support/rejection';

const PAYOUT = 'POST /api/v0/payout-transaction';
const BALANCE = 'GET /api/v0/payout-account/balance';
const payout = { transactionId: 'T1', amountPaise: 123450, mode: 'IMPS' as const, beneficiaryId: 'B1' };

describe('request shape', () => {
  it('API calls carry Bearer, JSON content type, User-Agent and an encrypted {"request"} envelope', async () => {
    const server = createFakeServer().on(PAYOUT, () =>
      sealed({ code: 0, payload: { transactionId: 'T1', payoutStatus: 'PROCESSING' } }),
    );
    const { client } = clientFor(server);
    await client.createPayout(payout);
    const [req] = server.calls(PAYOUT);
    expect(req!.headers).toMatchObject({
      Authorization: 'Bearer tok-1',
      'Content-Type': 'application/json',
      'User-Agent': 'EnKashPayoutDesk/0.1',
    });
    const outer = JSON.parse(req!.rawBody!) as Record<string, unknown>;
    expect(Object.keys(outer)).toEqual(['request']);
    expect(typeof outer.request).toBe('string');
    expect(req!.rawBody).not.toContain('T1'); // nothing readable outside the envelope
  });

  it('a blank profile User-Agent still sends a non-empty one', async () => {
    const server = createFakeServer().on(BALANCE, () => json({ totalBalance: 1 }));
    const { client } = clientFor(server, { profile: testProfile({ userAgent: '   ' }) });
    await client.getBalance();
    for (const r of server.requests) expect(r.headers['User-Agent']?.trim()).toBeTruthy();
  });

  it('never follows redirects (a redirected POST would become a GET and leak the token)', async () => {
    const inits: RequestInit[] = [];
    const server = createFakeServer().on(BALANCE, () => json({ totalBalance: 1 }));
    const { client } = clientFor(server, {
      fetch: (url, init) => {
        inits.push(init);
        return server.fetch(url, init);
      },
    });
    await client.getBalance();
    expect(inits.every((i) => i.redirect === 'manual')).toBe(true);
  });

  it('buildUrl keeps a base path prefix and encodes the query', () => {
    expect(buildUrl('https://relay.example/enkash/', '/api/v0/x', { a: 'b c', n: 2, skip: undefined })).toBe(
      'https://relay.example/enkash/api/v0/x?a=b+c&n=2',
    );
    expect(buildUrl('https://h', '/p')).toBe('https://h/p');
  });
});

describe('create calls are never retried', () => {
  it('connection reset after sending → one request, outcome unknown', async () => {
    const server = createFakeServer().on(PAYOUT, () => {
      throw networkError('ECONNRESET');
    });
    const { client } = clientFor(server);
    const err = await rejection(client.createPayout(payout));
    expect(err.code).toBe('enkash_unknown_outcome');
    expect(err.details).toMatchObject({ reason: 'connection_lost', cause: 'ECONNRESET' });
    expect(server.calls(PAYOUT)).toHaveLength(1);
  });

  it('connection refused → one request, enkash_unavailable (nothing was sent)', async () => {
    const server = createFakeServer().on(PAYOUT, () => {
      throw networkError('ECONNREFUSED');
    });
    const { client } = clientFor(server);
    expect((await rejection(client.createPayout(payout))).code).toBe('enkash_unavailable');
    expect(server.calls(PAYOUT)).toHaveLength(1);
  });

  it.each([
    [
      'batch',
      'POST /api/v0/payout-transaction/batch',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.createBatchPayout({ batchTransactionId: 'B1', transfers: [payout] }),
    ],
    [
      'beneficiary',
      'POST /api/v0/beneficiary-detail',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.createBeneficiary({ beneficiaryId: 'B1', name: 'Asha', accountNumber: '1234567890', ifsc: 'HDFC0001234' }),
    ],
    [
      'whitelist',
      'POST /api/v0/bankDetail/whitelist',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.addSourceAccount({ accountNumber: '1234567890', ifsc: 'HDFC0001234' }),
    ],
    [
      'webhook',
      'POST /api/v0/webhook-data',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.createWebhook({ webhookUrl: 'https://hook.example/x', events: ['PAYOUT_SUCCESS'] }),
    ],
  ])('%s: a 503 or a reset is not retried', async (_label, route, call) => {
    let n = 0;
    const server = createFakeServer().on(route, () => {
      n++;
      if (n === 1) throw networkError('UND_ERR_SOCKET');
      return json({ code: 503, message: 'down' }, 503);
    });
    const { client } = clientFor(server);
    expect((await rejection(call(client))).code).toBe('enkash_unknown_outcome');
    expect((await rejection(call(client))).code).toBe('enkash_unknown_outcome');
    expect(server.calls(route)).toHaveLength(2); // one per call, never a second attempt inside a call
  });
});

describe('safe reads retry once on connection failure', () => {
  it('a refused connection, then success', async () => {
    let n = 0;
    const server = createFakeServer().on(BALANCE, () => {
      if (n++ === 0) throw networkError('ECONNREFUSED');
      return json({ totalBalance: 7 });
    });
    const { client } = clientFor(server);
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: 700 });
    expect(server.calls(BALANCE)).toHaveLength(2);
  });

  it('two failures → enkash_unavailable after exactly two attempts', async () => {
    const server = createFakeServer().on(BALANCE, () => {
      throw networkError('ECONNRESET');
    });
    const { client } = clientFor(server);
    expect((await rejection(client.getBalance())).code).toBe('enkash_unavailable');
    expect(server.calls(BALANCE)).toHaveLength(2);
  });

  it('search payouts (a POST read) is retried once too', async () => {
    let n = 0;
    const server = createFakeServer().on('POST /api/v0/payout-transaction/search', () => {
      if (n++ === 0) throw networkError('ECONNRESET');
      return sealed({ code: 0, payload: [] });
    });
    const { client } = clientFor(server);
    await expect(client.searchPayouts({ transactionId: 'T1' })).resolves.toEqual({ items: [], total: null });
  });
});

describe('timeouts', () => {
  const hang = (_url: string, init: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });

  it('a create call that times out is outcome-unknown and not retried', async () => {
    const server = createFakeServer().on(PAYOUT, () => hang('', {}) as never);
    let payoutAttempts = 0;
    const { client } = clientFor(server, {
      profile: testProfile({ requestTimeoutMs: 1000 }),
      fetch: (url, init) => {
        if (url.includes('/payout-transaction')) {
          payoutAttempts++;
          return hang(url, init);
        }
        return server.fetch(url, init);
      },
    });
    const err = await rejection(client.createPayout(payout));
    expect(err.code).toBe('enkash_unknown_outcome');
    expect(err.details?.reason).toBe('timeout');
    expect(payoutAttempts).toBe(1);
  });

  it('an AbortError/TimeoutError from fetch counts as a timeout; a read maps to unavailable', async () => {
    const server = createFakeServer().on(BALANCE, () => {
      throw Object.assign(new Error('t'), { name: 'TimeoutError' });
    });
    const { client } = clientFor(server);
    const err = await rejection(client.getBalance());
    expect(err.code).toBe('enkash_unavailable');
    expect(err.details?.reason).toBe('timeout');
    expect(server.calls(BALANCE)).toHaveLength(1);
  });
});

describe('body size cap', () => {
  it('a body over the cap is refused: bad response on a read, unknown outcome on a write', async () => {
    const big = JSON.stringify({ totalBalance: 1, pad: 'x'.repeat(5000) });
    const server = createFakeServer()
      .on(BALANCE, () => new Response(big, { status: 200 }))
      .on(PAYOUT, () => new Response(new Blob([big]).stream(), { status: 200 }));
    const { client } = clientFor(server, { maxBodyBytes: 1000 });
    const read = await rejection(client.getBalance());
    expect(read.code).toBe('enkash_bad_response');
    expect(read.details?.reason).toBe('body_too_large');
    expect((await rejection(client.createPayout(payout))).code).toBe('enkash_unknown_outcome');
  });

  it('a stream that breaks after the headers is "after send" (unknown for a write)', async () => {
    const server = createFakeServer().on(PAYOUT, () => {
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"request":"'));
          c.error(Object.assign(new Error('socket closed'), { code: 'UND_ERR_SOCKET' }));
        },
      });
      return new Response(stream, { status: 200 });
    });
    const { client } = clientFor(server);
    const err = await rejection(client.createPayout(payout));
    expect(err.code).toBe('enkash_unknown_outcome');
    expect(err.details?.reason).toBe('connection_lost');
  });
});
