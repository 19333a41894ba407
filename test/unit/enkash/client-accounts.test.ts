import { describe, expect, it } from 'vitest';
import { clientFor, createFakeServer, json, sealed, testProfile } from './fake-enkash';
import { rejection } from '../../support/rejection';

const BENEF = 'POST /api/v0/beneficiary-detail';
const BENEF_SEARCH = 'POST /api/v0/beneficiary-detail/search';
const BALANCE = 'GET /api/v0/payout-account/balance';
const STATEMENT = 'POST /api/v0/payout-account/statement';
const WEBHOOK_POST = 'POST /api/v0/webhook-data';
const WEBHOOK_GET = 'GET /api/v0/webhook-data';
const SOURCE = 'GET /api/v0/payout-account/bank-details';
const WHITELIST = 'POST /api/v0/bankDetail/whitelist';

const asha = {
  beneficiaryId: 'BEN001',
  name: 'Asha Rao',
  accountNumber: '000123456789',
  ifsc: 'hdfc0001234',
  email: 'asha@example.com',
  phone: '9876543210',
};

describe('beneficiaries', () => {
  it('create sends EnKash field names (IFSC upper-cased) and reads the echo', async () => {
    const server = createFakeServer().on(BENEF, (req) =>
      sealed({ response_code: 0, payload: { ...(req.body as object), createdOn: '2025-01-01T00:00:00Z' } }),
    );
    const rec = await clientFor(server).client.createBeneficiary(asha);
    expect(server.calls(BENEF)[0]!.body).toEqual({
      beneficiaryId: 'BEN001',
      beneficiaryName: 'Asha Rao',
      beneficiaryAccountNumber: '000123456789',
      beneficiaryIfsc: 'HDFC0001234',
      beneficiaryEmail: 'asha@example.com',
      beneficiaryPhone: '9876543210',
    });
    expect(rec).toMatchObject({
      beneficiaryId: 'BEN001',
      name: 'Asha Rao',
      accountNumber: '000123456789',
      ifsc: 'HDFC0001234',
      createdOn: '2025-01-01T00:00:00Z',
    });
  });

  it('the contact-field switch sends plain email/phone names', async () => {
    const server = createFakeServer().on(BENEF, () => sealed({ code: 0, payload: {} }));
    const profile = { ...testProfile(), switches: { beneficiaryContactFields: 'plain' as const } };
    const rec = await clientFor(server, { profile }).client.createBeneficiary(asha);
    expect(server.calls(BENEF)[0]!.body).toMatchObject({ email: 'asha@example.com', phone: '9876543210' });
    expect(rec.beneficiaryId).toBe('BEN001'); // filled from what we sent when the echo is empty
  });

  it('a VPA beneficiary is fine; account+VPA together is refused locally', async () => {
    const server = createFakeServer().on(BENEF, () => sealed({ code: 0, payload: {} }));
    const { client } = clientFor(server);
    await expect(
      client.createBeneficiary({ beneficiaryId: 'B2', name: 'Ravi', vpa: 'ravi@okaxis' }),
    ).resolves.toMatchObject({ vpa: 'ravi@okaxis' });
    expect((await rejection(client.createBeneficiary({ ...asha, vpa: 'a@upi' }))).code).toBe('invalid_input');
    expect((await rejection(client.createBeneficiary({ ...asha, ifsc: 'HDFC123' }))).code).toBe('invalid_input');
    expect(server.calls(BENEF)).toHaveLength(1);
  });

  it('409 on create is a duplicate rejection', async () => {
    const server = createFakeServer().on(BENEF, () =>
      json({ code: 409, message: 'Beneficiary ID already exists' }, 409),
    );
    const err = await rejection(clientFor(server).client.createBeneficiary(asha));
    expect(err.details).toMatchObject({ duplicate: true, enkashCode: 409 });
  });

  it('search sends filters with query paging and reads a list', async () => {
    const server = createFakeServer().on(BENEF_SEARCH, () =>
      sealed({
        code: 0,
        payload: { content: [{ beneficiaryId: 'BEN001', beneficiaryName: 'Asha Rao', vpaHandle: null }] },
      }),
    );
    const list = await clientFor(server).client.searchBeneficiaries({ name: 'Asha' });
    expect(server.calls(BENEF_SEARCH)[0]!.body).toEqual({ beneficiaryName: 'Asha' });
    expect(server.calls(BENEF_SEARCH)[0]!.url.searchParams.get('limit')).toBe('100');
    expect(list).toEqual([expect.objectContaining({ beneficiaryId: 'BEN001', name: 'Asha Rao', vpa: null })]);
  });

  it('delete puts the id in the path, or in the query when the path has no placeholder', async () => {
    const server = createFakeServer()
      .on('DELETE /api/v0/beneficiary-detail/BEN001', () => new Response(null, { status: 204 }))
      .on('DELETE /api/v0/beneficiary-detail', () => sealed({ code: 0, payload: { deleted: true } }));
    await expect(clientFor(server).client.deleteBeneficiary('BEN001')).resolves.toEqual({
      beneficiaryId: 'BEN001',
      deleted: true,
    });
    const profile = testProfile({ paths: { ...testProfile().paths, deleteBeneficiary: '/api/v0/beneficiary-detail' } });
    await clientFor(server, { profile }).client.deleteBeneficiary('BEN001');
    expect(server.calls('DELETE /api/v0/beneficiary-detail')[0]!.url.searchParams.get('beneficiaryId')).toBe('BEN001');
    expect((await rejection(clientFor(server).client.deleteBeneficiary('../etc'))).code).toBe('invalid_input');
  });
});

describe('balance (GET: plain or encrypted, wrapped or bare)', () => {
  it.each([
    ['bare plain', () => json({ totalBalance: 1234.56 })],
    ['bare encrypted', () => sealed({ totalBalance: '1234.56' })],
    [
      'wrapped plain',
      () => json({ response_code: 0, response_message: 'Success', payload: { totalBalance: 1234.56 } }),
    ],
    ['wrapped encrypted (code/data)', () => sealed({ code: '0', message: 'ok', data: { totalBalance: 1234.56 } })],
  ])('%s', async (_label, reply) => {
    const server = createFakeServer().on(BALANCE, reply);
    await expect(clientFor(server).client.getBalance()).resolves.toEqual({ totalBalancePaise: 123456 });
    expect(server.calls(BALANCE)[0]!.url.searchParams.get('fundSourceId')).toBe('EKFUND0001');
  });

  it('a missing or 3-decimal balance is a bad response', async () => {
    for (const body of [{ balance: 'n/a' }, { totalBalance: 1.001 }, {}, []]) {
      const server = createFakeServer().on(BALANCE, () => json(body));
      expect((await rejection(clientFor(server).client.getBalance())).code).toBe('enkash_bad_response');
    }
  });
});

describe('source account, statement, webhooks', () => {
  it('source account details: a single object or a list', async () => {
    for (const payload of [
      { accountNumber: '50100012345678', ifsc: 'HDFC0000001', status: 'ACTIVE' },
      [{ bankAccountNumber: '50100012345678', ifscCode: 'HDFC0000001' }],
    ]) {
      const server = createFakeServer().on(SOURCE, () => json({ response_code: 0, payload }));
      const [acct] = await clientFor(server).client.getSourceAccountDetails();
      expect(acct).toMatchObject({ accountNumber: '50100012345678', ifsc: 'HDFC0000001' });
    }
  });

  it('whitelist sends the documented fields and returns the message', async () => {
    const server = createFakeServer().on(WHITELIST, () =>
      sealed({ response_code: 0, response_message: 'Account whitelisted', payload: null }),
    );
    const r = await clientFor(server).client.addSourceAccount({
      accountNumber: '50100012345678',
      ifsc: 'hdfc0000001',
      companyId: 'CEKTEST001',
    });
    expect(server.calls(WHITELIST)[0]!.body).toEqual({
      accountNumber: '50100012345678',
      ifsc: 'HDFC0000001',
      companyId: 'CEKTEST001',
    });
    expect(r).toEqual({ message: 'Account whitelisted', account: null });
  });

  it('statement: string response_code wrapper, amounts in rupees', async () => {
    const server = createFakeServer().on(STATEMENT, () =>
      sealed({
        response_code: '0',
        response_message: 'Success',
        requestId: 'REQ1',
        data: [
          {
            transactionType: 'DEBIT',
            transactionReferenceNumber: 'R1',
            transactionAmount: 1500,
            runningBalance: 98500.5,
            transactionDate: '2025-01-01T10:00:00Z',
          },
        ],
      }),
    );
    const s = await clientFor(server).client.fetchStatement({
      fromDate: '2025-01-01',
      toDate: '2025-01-31',
      debitAccountNumber: '50100012345678',
    });
    expect(server.calls(STATEMENT)[0]!.body).toEqual({
      fundSourceId: 'EKFUND0001',
      debitAccountNumber: '50100012345678',
      fromDate: '2025-01-01',
      toDate: '2025-01-31',
    });
    expect(s.requestId).toBe('REQ1');
    expect(s.entries[0]).toMatchObject({
      transactionType: 'DEBIT',
      referenceNumber: 'R1',
      amountPaise: 150000,
      runningBalancePaise: 9850050,
    });
  });

  it('statement amount unit switch: paise', async () => {
    const server = createFakeServer().on(STATEMENT, () =>
      sealed({
        response_code: '0',
        data: [{ transactionType: 'CREDIT', transactionAmount: 1500, runningBalance: 15 }],
      }),
    );
    const profile = { ...testProfile(), switches: { statementAmountUnit: 'paise' as const } };
    const s = await clientFor(server, { profile }).client.fetchStatement({
      fromDate: '2025-01-01',
      toDate: '2025-01-02',
      debitAccountNumber: '50100012345678',
    });
    expect(s.entries[0]!.amountPaise).toBe(1500);
  });

  it('webhook create/get round trip; no configuration → null', async () => {
    let stored: unknown = null;
    const server = createFakeServer()
      .on(WEBHOOK_POST, (req) => {
        stored = req.body;
        return sealed({
          response_code: 0,
          response_message: 'ok',
          payload: { ...(req.body as object), companyId: 'CEKTEST001' },
        });
      })
      .on(WEBHOOK_GET, () =>
        stored ? json({ response_code: 0, payload: stored }) : json({ code: 404, message: 'Webhook not found' }, 404),
      );
    const { client } = clientFor(server);
    await expect(client.getWebhook()).resolves.toBeNull();
    const created = await client.createWebhook({
      webhookUrl: 'https://hooks.example/enkash',
      events: ['PAYOUT_SUCCESS', 'PAYOUT_FAILED'],
      headers: { 'X-Secret': 's3' },
      enabled: true,
    });
    expect(created).toMatchObject({
      webhookUrl: 'https://hooks.example/enkash',
      events: ['PAYOUT_SUCCESS', 'PAYOUT_FAILED'],
      headers: { 'X-Secret': 's3' },
      enabled: true,
      companyId: 'CEKTEST001',
    });
    await expect(client.getWebhook()).resolves.toMatchObject({ webhookUrl: 'https://hooks.example/enkash' });
    expect((await rejection(client.createWebhook({ webhookUrl: 'ftp://x', events: ['PAYOUT_SUCCESS'] }))).code).toBe(
      'invalid_input',
    );
  });
});

describe('hostile bodies through the client: typed AppErrors, never crashes', () => {
  const bodies: [string, () => Response][] = [
    ['HTML error page', () => new Response('<!doctype html><html><body>Bad Gateway</body></html>', { status: 200 })],
    ['truncated JSON', () => new Response('{"response_code":0,"payload":{"totalBal', { status: 200 })],
    ['wrong key', () => sealed({ totalBalance: 1 }, 200, 'someone-else')],
    ['base64 garbage', () => json({ request: '%%%garbage%%%' })],
    ['huge body', () => new Response('x'.repeat(3_000_000), { status: 200 })],
    ['null', () => new Response('null', { status: 200 })],
    ['array', () => new Response('[1,2,3]', { status: 200 })],
    ['empty', () => new Response('', { status: 200 })],
    ['number', () => new Response('12', { status: 200 })],
  ];

  it.each(bodies)('%s on a read → enkash_bad_response', async (_label, reply) => {
    const server = createFakeServer().on(BALANCE, reply);
    const err = await rejection(clientFor(server).client.getBalance());
    expect(err.code).toBe('enkash_bad_response');
    expect(err.message).not.toMatch(/totalBal|garbage|xxxx/);
  });

  it.each(bodies)('%s on a create → enkash_unknown_outcome', async (_label, reply) => {
    const server = createFakeServer().on(BENEF, reply);
    const err = await rejection(clientFor(server).client.createBeneficiary(asha));
    expect(err.code).toBe('enkash_unknown_outcome');
  });

  it('a decrypted body never appears in the error or the log', async () => {
    const server = createFakeServer().on(BALANCE, () => sealed({ totalBalance: 'SECRET-ACCOUNT-000123456789' }));
    const { client, logs } = clientFor(server);
    const err = await rejection(client.getBalance());
    const text = JSON.stringify([err.toShape(), logs]);
    expect(text).not.toContain('000123456789');
    expect(text).not.toContain('SECRET-ACCOUNT');
  });
});
