import { afterEach, describe, expect, it, vi } from 'vitest';
import * as checksum from '../../../src/main/enkash/checksum';
import { isOutcomeUnknown } from '../../../src/main/enkash/errors';
import {
  apiSwitchesSchema,
  DEFAULT_API_PROFILE,
  DEFAULT_API_SWITCHES,
  resolveSwitches,
} from '../../../src/shared/settings/api-profile';
import { rejection } from '../../support/rejection';
import { clientFor, createFakeServer, json, sealed, testProfile, type FakeServer } from './fake-enkash';

/**
 * Issue 11 point 2: the `checksum` setting (off, no invented algorithm), the single hook every request passes
 * through, and "Invalid checksum" / REJECT_CHKSUM read as a clear, definite refusal.
 */

vi.mock('../../../src/main/enkash/checksum', { spy: true });

const hook = vi.mocked(checksum.applyRequestChecksum);
afterEach(() => hook.mockClear());

const BATCH = 'POST /api/v0/payout-transaction/batch';
const batch = {
  batchTransactionId: 'BATCH0001',
  transfers: [{ transactionId: 'T1', amountPaise: 12_345, mode: 'IMPS' as const, beneficiaryId: 'B1' }],
};
const CHECKSUM_TEXT = /requires a request checksum.*ask EnKash for the steps.*nothing was paid/i;

function okServer(): FakeServer {
  const ok = (payload: unknown) => () => sealed({ response_code: 0, response_message: 'Success', payload });
  return createFakeServer()
    .on('POST /api/v0/beneficiary-detail', ok({ beneficiaryId: 'B1' }))
    .on('DELETE /api/v0/beneficiary-detail/B1', ok({}))
    .on('POST /api/v0/payout-transaction', ok({ transactionId: 'T1', payoutStatus: 'PENDING' }))
    .on(BATCH, ok({ batchTransactionId: 'BATCH0001' }))
    .on('POST /api/v0/bankDetail/whitelist', ok({}))
    .on('POST /api/v0/webhook-data', ok({ webhookUrl: 'https://hooks.example.com/x', events: ['PAYOUT_SUCCESS'] }));
}

describe('checksum setting', () => {
  it('is off by default, and no algorithm is offered until EnKash supplies the steps', () => {
    expect(DEFAULT_API_SWITCHES.checksum).toBe('off');
    expect(resolveSwitches(DEFAULT_API_PROFILE).checksum).toBe('off');
    // A profile stored before the setting existed reads as off.
    const { checksum: _dropped, ...older } = DEFAULT_API_SWITCHES;
    expect(resolveSwitches({ ...DEFAULT_API_PROFILE, switches: older }).checksum).toBe('off');
    for (const invented of ['sha256', 'hmac-sha256', 'md5']) {
      expect(apiSwitchesSchema.safeParse({ ...DEFAULT_API_SWITCHES, checksum: invented }).success).toBe(false);
    }
  });

  it('off: the hook returns the body unchanged and adds no header', () => {
    const body = { transactionId: 'T1', transferAmount: 1 };
    const out = checksum.applyRequestChecksum({ operation: 'createPayout', method: 'POST', path: '/p', body }, 'off');
    expect(out.body).toBe(body);
    expect(out.headers).toEqual({});
  });
});

describe('the one checksum hook', () => {
  it('every mutating call passes through it exactly once, with the profile mode', async () => {
    const server = okServer();
    const { client } = clientFor(server);
    await client.createBeneficiary({
      beneficiaryId: 'B1',
      name: 'Asha Rao',
      accountNumber: '000123456789',
      ifsc: 'HDFC0001234',
    });
    await client.deleteBeneficiary('B1');
    await client.createPayout(batch.transfers[0]!);
    await client.createBatchPayout(batch);
    await client.addSourceAccount({ accountNumber: '50100012345678', ifsc: 'HDFC0000001' });
    await client.createWebhook({ webhookUrl: 'https://hooks.example.com/x', events: ['PAYOUT_SUCCESS'] });
    const ops = hook.mock.calls.map(([req, mode]) => `${req.operation}:${mode}`);
    expect(ops).toEqual([
      'createBeneficiary:off',
      'deleteBeneficiary:off',
      'createPayout:off',
      'createBatchPayout:off',
      'addSourceAccount:off',
      'createWebhook:off',
    ]);
  });

  it('what the hook returns is exactly what is encrypted and sent (body and headers)', async () => {
    hook.mockImplementationOnce((req) => ({
      body: { ...(req.body as object), checksum: 'HOOKED' },
      headers: { 'X-Checksum': 'HOOKED' },
    }));
    const server = okServer();
    const { client } = clientFor(server);
    await client.createBatchPayout(batch);
    const [sent] = server.calls(BATCH);
    expect(sent!.body).toMatchObject({ batchTransactionId: 'BATCH0001', checksum: 'HOOKED' });
    expect(sent!.headers['X-Checksum']).toBe('HOOKED');
  });
});

describe('a server that demands a checksum', () => {
  const answers: [string, () => Response][] = [
    ['HTTP 412 Invalid checksum', () => json({ code: 412, message: 'Invalid checksum in the request' }, 412)],
    ['body 412 on HTTP 200', () => json({ code: 412, message: 'Invalid checksum in the request' })],
    ['body REJECT_CHKSUM on HTTP 200', () => json({ code: 'REJECT_CHKSUM', message: 'Checksum mismatch' })],
    ['HTTP 412 with REJECT_CHKSUM code', () => json({ response_code: 'REJECT_CHKSUM' }, 412)],
    ['sealed REJECT_CHKSUM wrapper', () => sealed({ response_code: 'REJECT_CHKSUM', response_message: 'Failed' })],
  ];

  it.each(answers)('%s → a definite refusal saying a checksum is required, sent once', async (_label, reply) => {
    const server = createFakeServer().on(BATCH, reply);
    const { client } = clientFor(server, { profile: testProfile() });
    const err = await rejection(client.createBatchPayout(batch));
    expect(err.code).toBe('enkash_rejected');
    expect(isOutcomeUnknown(err)).toBe(false);
    expect(err.message).toMatch(CHECKSUM_TEXT);
    expect(err.details).toMatchObject({ reason: 'checksum_required' });
    // The journal shows enkashMessage on the row: it must say the same, not just EnKash's terse text.
    expect(String(err.details?.enkashMessage)).toMatch(CHECKSUM_TEXT);
    expect(server.calls(BATCH)).toHaveLength(1);
  });

  it('a 412 about something else stays an ordinary rejection', async () => {
    const server = createFakeServer().on(BATCH, () =>
      json({ code: 412, message: 'Bank account and IFSC both are required.' }, 412),
    );
    const err = await rejection(clientFor(server).client.createBatchPayout(batch));
    expect(err.code).toBe('enkash_rejected');
    expect(err.message).not.toMatch(/checksum/i);
  });

  it('a 5xx that mentions a checksum is still "outcome unknown" for a write', async () => {
    const server = createFakeServer().on(BATCH, () => json({ code: 500, message: 'checksum service down' }, 500));
    const err = await rejection(clientFor(server).client.createBatchPayout(batch));
    expect(isOutcomeUnknown(err)).toBe(true);
  });
});
