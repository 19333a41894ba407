import { describe, expect, it } from 'vitest';
import { decryptText, deriveKey } from '../../../src/main/enkash/crypto';
import { isDuplicate, isOutcomeUnknown } from '../../../src/main/enkash/errors';
import { CREDS, clientFor, createFakeServer, json, type Recorded, sealed, testProfile } from './fake-enkash';
import { rejection } from '../../support/rejection';

const PAYOUT = 'POST /api/v0/payout-transaction';
const BATCH = 'POST /api/v0/payout-transaction/batch';
const SEARCH = 'POST /api/v0/payout-transaction/search';

const payout = { transactionId: 'T1', amountPaise: 123450, mode: 'IMPS' as const, beneficiaryId: 'B1' };
const plaintextOf = (r: Recorded) =>
  decryptText((JSON.parse(r.rawBody!) as { request: string }).request, deriveKey(CREDS.clientSecret, 'sha256-16'));

describe('createPayout', () => {
  it('sends the amount as the exact literal 1234.50 and fills the fund source from the profile', async () => {
    const server = createFakeServer().on(PAYOUT, () =>
      sealed({
        response_code: 0,
        payload: {
          transactionId: 'T1',
          enkashTransactionId: 'EK1',
          payoutStatus: 'PROCESSING',
          transferAmount: 1234.5,
        },
      }),
    );
    const { client } = clientFor(server);
    const rec = await client.createPayout({ ...payout, remark: 'March rent' });
    const text = plaintextOf(server.calls(PAYOUT)[0]!);
    expect(text).toContain('"transferAmount":1234.50');
    expect(JSON.parse(text)).toEqual({
      beneficiaryId: 'B1',
      transactionId: 'T1',
      transferAmount: 1234.5,
      transferMode: 'IMPS',
      transferRemark: 'March rent',
      fundSourceId: 'EKFUND0001',
    });
    expect(rec).toMatchObject({
      transactionId: 'T1',
      enkashTransactionId: 'EK1',
      status: 'PROCESSING',
      amountPaise: 123450,
      utr: null,
    });
  });

  it.each([
    [100, '1.00'],
    [101, '1.01'],
    [20_000_000, '200000.00'],
    [10_000_000_000_000, '100000000000.00'],
  ])('%d paise goes out as %s', async (paise, literal) => {
    const server = createFakeServer().on(PAYOUT, () =>
      sealed({ code: 0, payload: { transactionId: 'T1', payoutStatus: 'PROCESSING' } }),
    );
    await clientFor(server).client.createPayout({ ...payout, amountPaise: paise, mode: 'NEFT' });
    expect(plaintextOf(server.calls(PAYOUT)[0]!)).toContain(`"transferAmount":${literal},`);
  });

  it('refuses below ₹1.00, non-integer paise and bad ids before sending anything', async () => {
    const server = createFakeServer();
    const { client } = clientFor(server);
    for (const bad of [
      { ...payout, amountPaise: 99 },
      { ...payout, amountPaise: 100.5 },
      { ...payout, transactionId: 'T-1' },
      { ...payout, transactionId: 'X'.repeat(31) },
      { ...payout, beneficiaryId: undefined },
      { ...payout, remark: 'rent; drop table' },
    ]) {
      const err = await rejection(client.createPayout(bad as never));
      expect(err.code).toBe('invalid_input');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('an inline beneficiary must have either account+IFSC or a VPA', async () => {
    const { client } = clientFor(createFakeServer());
    const both = { name: 'A', accountNumber: '1234567890', ifsc: 'HDFC0001234', vpa: 'a@upi' };
    const half = { name: 'A', accountNumber: '1234567890' };
    expect(
      (await rejection(client.createPayout({ ...payout, beneficiaryId: undefined, beneficiary: both }))).code,
    ).toBe('invalid_input');
    expect(
      (await rejection(client.createPayout({ ...payout, beneficiaryId: undefined, beneficiary: half }))).code,
    ).toBe('invalid_input');
  });

  it('409 → enkash_rejected with duplicate=true, via HTTP status or body code', async () => {
    for (const reply of [
      () => json({ code: 409, message: 'Transaction ID already exists' }, 409),
      () => sealed({ response_code: 409, response_message: 'Transaction ID already exists' }),
    ]) {
      const server = createFakeServer().on(PAYOUT, reply);
      const err = await rejection(clientFor(server).client.createPayout(payout));
      expect(err.code).toBe('enkash_rejected');
      expect(isDuplicate(err)).toBe(true);
      expect(err.details).toMatchObject({ enkashCode: 409, enkashMessage: 'Transaction ID already exists' });
    }
  });

  it('code 1, 5xx, garbled envelope → outcome unknown', async () => {
    for (const reply of [
      () => sealed({ response_code: 1, response_message: 'Failure' }),
      () => json({ code: 500, message: 'oops' }, 500),
      () => json({ request: 'AAAAAAAAAAAAAAAAAAAAAA==' }),
      () => new Response('<html>502</html>', { status: 200 }),
    ]) {
      const server = createFakeServer().on(PAYOUT, reply);
      expect(isOutcomeUnknown(await rejection(clientFor(server).client.createPayout(payout)))).toBe(true);
    }
  });

  it('a success with an amount of three decimals is a bad shape → unknown outcome, never rounded', async () => {
    const server = createFakeServer().on(PAYOUT, () =>
      sealed({ code: 0, payload: { transactionId: 'T1', payoutStatus: 'PROCESSING', transferAmount: 1234.567 } }),
    );
    const err = await rejection(clientFor(server).client.createPayout(payout));
    expect(err.code).toBe('enkash_unknown_outcome');
    expect(err.details?.reason).toBe('bad_shape');
  });
});

describe('createBatchPayout', () => {
  const batch = {
    batchTransactionId: 'BATCH1',
    transfers: [
      { ...payout, transactionId: 'T1' },
      { ...payout, transactionId: 'T2', amountPaise: 100 },
      { ...payout, transactionId: 'T3', amountPaise: 999999 },
    ],
  };

  it('returns accepted, failed and missing', async () => {
    const server = createFakeServer().on(BATCH, () =>
      sealed({
        response_code: 0,
        payload: {
          batchTransactionId: 'BATCH1',
          successfulPayoutTransactionCreateResponses: [
            { transactionId: 'T1', enkashTransactionId: 'E1', payoutStatus: 'PENDING' },
          ],
          failedPayoutTransactionCreateResponses: [
            { transactionId: 'T2', payoutStatus: 'REJECTED', rejectCode: 'REJECT_BENEF_ID', rejectReason: 'bad id' },
          ],
        },
      }),
    );
    const { client } = clientFor(server);
    const r = await client.createBatchPayout(batch);
    expect(r.batchTransactionId).toBe('BATCH1');
    expect(r.accepted.map((a) => [a.transactionId, a.status])).toEqual([['T1', 'PENDING']]);
    expect(r.failed).toEqual([{ transactionId: 'T2', status: 'REJECTED', code: 'REJECT_BENEF_ID', message: 'bad id' }]);
    expect(r.missing).toEqual(['T3']);
    const sent = JSON.parse(plaintextOf(server.calls(BATCH)[0]!)) as { transfers: { transferAmount: number }[] };
    expect(plaintextOf(server.calls(BATCH)[0]!)).toContain('"transferAmount":9999.99');
    expect(sent.transfers).toHaveLength(3);
  });

  it.each(['failedTransactions', 'rejectedPayoutTransactionCreateResponses', 'someFailureList', 'unsuccessfulItems'])(
    'accepts a failed list named %s',
    async (name) => {
      const server = createFakeServer().on(BATCH, () =>
        sealed({
          code: 0,
          data: { successfulPayoutTransactionCreateResponses: [], [name]: [{ transactionId: 'T1', message: 'x' }] },
        }),
      );
      const r = await clientFor(server).client.createBatchPayout(batch);
      expect(r.failed.map((f) => f.transactionId)).toEqual(['T1']);
      expect(r.missing).toEqual(['T2', 'T3']);
    },
  );

  it('no lists at all → every item missing (to be confirmed by search), not failed', async () => {
    const server = createFakeServer().on(BATCH, () => sealed({ code: 0, payload: { batchTransactionId: 'BATCH1' } }));
    const r = await clientFor(server).client.createBatchPayout(batch);
    expect(r).toEqual({ batchTransactionId: 'BATCH1', accepted: [], failed: [], missing: ['T1', 'T2', 'T3'] });
  });

  it('refuses more transfers than the profile chunk size, and duplicate ids, before sending', async () => {
    const server = createFakeServer();
    const { client } = clientFor(server, { profile: testProfile({ batchChunkSize: 2 }) });
    expect((await rejection(client.createBatchPayout(batch))).code).toBe('invalid_input');
    const dup = { batchTransactionId: 'B2', transfers: [payout, payout] };
    expect((await rejection(client.createBatchPayout(dup))).code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });
});

describe('searchPayouts (undocumented: tolerant)', () => {
  const item = (extra: Record<string, unknown>) => ({
    transactionId: 'T1',
    enkashTransactionId: 'E1',
    payoutStatus: 'SUCCESS',
    transferAmount: '1234.5',
    transferMode: 'IMPS',
    ...extra,
  });

  it('sends filters encrypted and offset/limit as query parameters', async () => {
    const server = createFakeServer().on(SEARCH, () => sealed({ code: 0, payload: [] }));
    await clientFor(server).client.searchPayouts({
      transactionId: 'T1',
      payoutStatus: 'PENDING',
      offset: 200,
      limit: 50,
    });
    const req = server.calls(SEARCH)[0]!;
    expect(req.body).toEqual({ transactionId: 'T1', payoutStatus: 'PENDING' });
    expect(req.url.searchParams.get('offset')).toBe('200');
    expect(req.url.searchParams.get('limit')).toBe('50');
  });

  it('the paging switches move paging into the body and count pages', async () => {
    const server = createFakeServer().on(SEARCH, () => sealed({ code: 0, payload: [] }));
    const profile = {
      ...testProfile(),
      switches: { searchPaging: 'body' as const, searchOffsetUnit: 'page' as const },
    };
    await clientFor(server, { profile }).client.searchPayouts({ batchTransactionId: 'B1', offset: 200, limit: 50 });
    const req = server.calls(SEARCH)[0]!;
    expect(req.body).toEqual({ batchTransactionId: 'B1', offset: 4, limit: 50 });
    expect(req.url.search).toBe('');
  });

  it.each([
    ['bare array', (i: unknown) => [i]],
    ['content', (i: unknown) => ({ content: [i], totalElements: 1 })],
    ['items', (i: unknown) => ({ items: [i] })],
    ['payouts', (i: unknown) => ({ payouts: [i] })],
    ['transactions', (i: unknown) => ({ transactions: [i] })],
  ])('result as %s', async (_label, shape) => {
    const server = createFakeServer().on(SEARCH, () => sealed({ response_code: 0, payload: shape(item({})) }));
    const r = await clientFor(server).client.searchPayouts({ transactionId: 'T1' });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ transactionId: 'T1', status: 'SUCCESS', amountPaise: 123450, mode: 'IMPS' });
  });

  it.each(['utr', 'UTR', 'bankReferenceNumber', 'bankRefNo', 'rrn'])('reads the UTR from %s', async (key) => {
    const server = createFakeServer().on(SEARCH, () => sealed({ code: 0, payload: [item({ [key]: 'UTR123' })] }));
    expect((await clientFor(server).client.searchPayouts({})).items[0]!.utr).toBe('UTR123');
  });

  it.each(['rejectCode', 'rejectReason', 'failureReason', 'statusCode'])(
    'reads the reject code from %s',
    async (key) => {
      const server = createFakeServer().on(SEARCH, () =>
        sealed({ code: 0, payload: [item({ payoutStatus: 'REJECTED', [key]: 'REJECT_TRF_AMT' })] }),
      );
      expect((await clientFor(server).client.searchPayouts({})).items[0]!.rejectCode).toBe('REJECT_TRF_AMT');
    },
  );

  it('keeps an unknown payoutStatus verbatim and reads timestamps', async () => {
    const server = createFakeServer().on(SEARCH, () =>
      sealed({
        code: 0,
        payload: [
          item({ payoutStatus: 'ON_HOLD_AT_BANK', createdOn: '2025-01-02T10:00:00Z', updatedOn: 1735812000000 }),
        ],
      }),
    );
    const [rec] = (await clientFor(server).client.searchPayouts({})).items;
    expect(rec!.status).toBe('ON_HOLD_AT_BANK');
    expect(rec!.createdOn).toBe('2025-01-02T10:00:00Z');
    expect(rec!.updatedOn).toBe('2025-01-02T10:00:00.000Z');
  });

  it('"no records found" answers are an empty result, not an error', async () => {
    for (const reply of [
      () => json({ code: 404, message: 'No records found' }, 404),
      () => sealed({ response_code: 404, response_message: 'Not found' }),
      () => json({ response_code: 1, response_message: 'No transaction found' }),
      () => sealed({ code: 0, payload: { totalElements: 0 } }),
      () => sealed({ code: 0, payload: null }),
    ]) {
      const server = createFakeServer().on(SEARCH, reply);
      await expect(clientFor(server).client.searchPayouts({ transactionId: 'T1' })).resolves.toMatchObject({
        items: [],
      });
    }
  });

  it('a bare HTTP 404 without an EnKash code (wrong path) is NOT taken as "not found"', async () => {
    const server = createFakeServer().on(SEARCH, () => new Response('<html>Not Found</html>', { status: 404 }));
    expect((await rejection(clientFor(server).client.searchPayouts({ transactionId: 'T1' }))).code).toBe(
      'enkash_rejected',
    );
    const spring = createFakeServer().on(SEARCH, () => json({ status: 404, error: 'Not Found', path: '/x' }, 404));
    expect((await rejection(clientFor(spring).client.searchPayouts({ transactionId: 'T1' }))).code).toBe(
      'enkash_rejected',
    );
  });

  it('an amount with more than two decimals is a bad response', async () => {
    const server = createFakeServer().on(SEARCH, () =>
      sealed({ code: 0, payload: [item({ transferAmount: '10.001' })] }),
    );
    const err = await rejection(clientFor(server).client.searchPayouts({}));
    expect(err.code).toBe('enkash_bad_response');
    expect(JSON.stringify(err.details)).toContain('amount');
  });

  it('an item without a transactionId is a bad response', async () => {
    const server = createFakeServer().on(SEARCH, () => sealed({ code: 0, payload: [{ payoutStatus: 'SUCCESS' }] }));
    expect((await rejection(clientFor(server).client.searchPayouts({}))).code).toBe('enkash_bad_response');
  });
});
