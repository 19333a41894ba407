import { afterEach, describe, expect, it } from 'vitest';
import { createEnkashClient, type EnkashClient } from '../../src/main/enkash/client';
import { isDuplicate } from '../../src/main/enkash/errors';
import { SANDBOX_DEMO, startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { rejection } from '../support/rejection';
import { presetProfile, SOURCE_ACCOUNT, type Preset } from './support/dialect-profiles';

/**
 * All twelve documented calls (enkash-api.md §5 summary) against both Sandbox presets. `strict` answers every
 * unknown the client can switch the other way from the client's defaults (paths, Search Payouts shape, paging in
 * the body, page offsets, statement paise, SHA-1 key, camelCase token, `data` wrapper, encrypted GETs and
 * errors, plain contact field names, beneficiary id required inline); the client passes it only with the
 * profile a user would save from Settings for that server — and the default profile must not pass by luck.
 */

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setup(preset: Preset, profileOf: Preset = preset) {
  let t = Date.UTC(2025, 0, 6, 4, 30);
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  sandbox = await startSandbox({ port: 0, seed: 7, now: clock.now, preset, timing: { failRate: 0, reverseRate: 0 } });
  const client = createEnkashClient({
    baseUrl: sandbox.url,
    profile: presetProfile(profileOf),
    credentials: async () => ({ ...SANDBOX_DEMO }),
    clock: clock.now,
  });
  return { client, sandbox, clock };
}

const payee = {
  beneficiaryId: 'BENASHA01',
  name: 'Asha Rao',
  accountNumber: '000123456789',
  ifsc: 'HDFC0001234',
  email: 'asha@example.com',
};
const payout = (transactionId: string, amountPaise = 123450) => ({
  transactionId,
  amountPaise,
  mode: 'IMPS' as const,
  beneficiaryId: payee.beneficiaryId,
  remark: 'Invoice 42',
});

describe.each(['default', 'strict'] as const)('the twelve calls against the %s preset', (preset) => {
  let client: EnkashClient;

  it('token, balance, source account details, add source account', async () => {
    ({ client } = await setup(preset));
    const token = await client.getToken();
    expect(token.style).toBe(preset === 'strict' ? 'camelCase' : 'snake_case');
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: sandbox!.balancePaise() });
    expect(await client.getSourceAccountDetails()).toEqual([
      expect.objectContaining({ accountNumber: SOURCE_ACCOUNT, status: 'ACTIVE' }),
    ]);
    const added = await client.addSourceAccount({ accountNumber: SOURCE_ACCOUNT, ifsc: 'HDFC0000001' });
    expect(added.account).toMatchObject({ accountNumber: SOURCE_ACCOUNT, status: 'ACTIVE' });
  });

  it('create, search (by id, by name, paged) and delete beneficiaries; contact fields round-trip', async () => {
    ({ client } = await setup(preset));
    await client.createBeneficiary(payee);
    await client.createBeneficiary({ beneficiaryId: 'BENASHA02', name: 'Asha Iyer', vpa: 'asha@okaxis' });
    expect(isDuplicate(await rejection(client.createBeneficiary(payee)))).toBe(true);
    expect(await client.searchBeneficiaries({ beneficiaryId: 'BENASHA01' })).toEqual([
      expect.objectContaining({ beneficiaryId: 'BENASHA01', accountNumber: '000123456789', email: payee.email }),
    ]);
    const second = await client.searchBeneficiaries({ name: 'asha', offset: 1, limit: 1 });
    expect(second.map((b) => b.beneficiaryId)).toEqual(['BENASHA02']);
    await expect(client.deleteBeneficiary('BENASHA01')).resolves.toEqual({ beneficiaryId: 'BENASHA01', deleted: true });
    expect(await client.searchBeneficiaries({ beneficiaryId: 'BENASHA01' })).toEqual([]);
    expect((await rejection(client.deleteBeneficiary('BENASHA01'))).code).toBe('enkash_rejected');
  });

  it('create payout debits once, a resend is a 409, search payouts finds it by id and pages', async () => {
    ({ client } = await setup(preset));
    await client.createBeneficiary(payee);
    const before = sandbox!.balancePaise();
    const rec = await client.createPayout(payout('TXNA0001'));
    expect(rec).toMatchObject({ transactionId: 'TXNA0001', amountPaise: 123450, status: 'PROCESSING' });
    await client.createPayout(payout('TXNA0002', 5002));
    expect(isDuplicate(await rejection(client.createPayout(payout('TXNA0001'))))).toBe(true);
    expect(sandbox!.paidCount('TXNA0001')).toBe(1);
    expect(sandbox!.balancePaise()).toBe(before - 123450 - 5002);
    const found = await client.searchPayouts({ transactionId: 'TXNA0001' });
    expect(found).toMatchObject({ total: 1, items: [{ transactionId: 'TXNA0001', amountPaise: 123450 }] });
    const page2 = await client.searchPayouts({ offset: 1, limit: 1 });
    expect(page2.items.map((i) => i.transactionId)).toEqual(['TXNA0002']);
    expect(page2.total).toBe(2);
    expect((await client.searchPayouts({ transactionId: 'NEVERSENT1' })).items).toEqual([]);
  });

  it('create batch payout: accepted and rejected items, then search by batch id', async () => {
    let clock;
    ({ client, clock } = await setup(preset));
    await client.createBeneficiary(payee);
    const r = await client.createBatchPayout({
      batchTransactionId: 'BATCH0001',
      transfers: [payout('TXNB0001', 100), { ...payout('TXNB0002'), beneficiaryId: 'UNKNOWNBEN' }],
    });
    expect(r.accepted.map((a) => a.transactionId)).toEqual(['TXNB0001']);
    expect(r.failed).toEqual([expect.objectContaining({ transactionId: 'TXNB0002', code: 'REJECT_BENEF_ID' })]);
    clock.advance(60_000);
    const page = await client.searchPayouts({ batchTransactionId: 'BATCH0001' });
    expect(page.items.find((i) => i.transactionId === 'TXNB0001')).toMatchObject({ status: 'SUCCESS' });
  });

  it('fetch statement: exact paise whatever unit the server uses', async () => {
    ({ client } = await setup(preset));
    await client.createBeneficiary(payee);
    await client.createPayout(payout('TXNS0001', 98765));
    const s = await client.fetchStatement({ fromDate: '2025-01-01', toDate: '2025-01-31' });
    expect(s.entries.find((e) => e.transactionId === 'TXNS0001')).toMatchObject({
      transactionType: 'DEBIT',
      amountPaise: 98765,
      runningBalancePaise: sandbox!.balancePaise(),
    });
  });

  it('create and get webhook', async () => {
    ({ client } = await setup(preset));
    await expect(client.getWebhook()).resolves.toBeNull();
    await client.createWebhook({ webhookUrl: 'https://hooks.example.com/enkash', events: ['PAYOUT_SUCCESS'] });
    await expect(client.getWebhook()).resolves.toMatchObject({ webhookUrl: 'https://hooks.example.com/enkash' });
  });

  it('an inline payee: with its own beneficiaryId always paid; without one refused clearly only by strict', async () => {
    ({ client } = await setup(preset));
    const inline = { name: 'Ravi Kumar', accountNumber: '000987654321', ifsc: 'HDFC0001234' };
    const withId = await client.createPayout({
      transactionId: 'TXNI0001',
      amountPaise: 1000,
      mode: 'IMPS',
      beneficiary: { ...inline, beneficiaryId: 'BENRAVI01' },
    });
    expect(withId.status).toBe('PROCESSING');
    const without = await client.createPayout({
      transactionId: 'TXNI0002',
      amountPaise: 1000,
      mode: 'IMPS',
      beneficiary: inline,
    });
    if (preset === 'strict') {
      expect(without).toMatchObject({ status: 'REJECTED', rejectCode: 'REJECT_BENEF_ID' });
      expect(without.message).toBe('Please provide a valid Beneficiary ID');
      expect(sandbox!.paidCount('TXNI0002')).toBe(0);
    } else {
      expect(without.status).toBe('PROCESSING');
    }
  });
});

describe('the strict preset with the default profile: disagreements show, nothing passes by luck', () => {
  it('wrong key derivation: a write is refused as undecryptable and nothing is paid', async () => {
    const { client, sandbox } = await setup('strict', 'default');
    const err = await rejection(client.createBeneficiary(payee));
    expect(err.details).toMatchObject({ enkashMessage: 'Invalid encrypted request' });
    expect((await rejection(client.createPayout(payout('TXNW0001')))).code).toBe('enkash_rejected');
    expect(sandbox.ledger()).toEqual([]);
  });

  it('the default chunk of 100 is above the strict batch limit: the whole batch is refused, nothing is paid', async () => {
    const { sandbox } = await setup('strict', 'default');
    const keyed = createEnkashClient({
      baseUrl: sandbox.url,
      profile: { ...presetProfile('default'), keyDerivation: 'sha1-16' },
      credentials: async () => ({ ...SANDBOX_DEMO }),
    });
    await keyed.createBeneficiary({ ...payee, email: undefined });
    const transfers = Array.from({ length: 60 }, (_, i) => payout(`TXNC${String(i).padStart(4, '0')}`, 100));
    const err = await rejection(keyed.createBatchPayout({ batchTransactionId: 'BATCHBIG01', transfers }));
    expect(err.code).toBe('enkash_rejected');
    expect(sandbox.ledger()).toEqual([]);
    // The strict profile's chunk size keeps the client from ever sending such a batch.
    await sandbox.close();
    const { client } = await setup('strict');
    expect((await rejection(client.createBatchPayout({ batchTransactionId: 'BATCHBIG02', transfers }))).code).toBe(
      'invalid_input',
    );
  });
});

describe.each(['default', 'strict'] as const)('switch searchPayoutsShape against the %s preset', (preset) => {
  it.each(['page', 'transaction-list'] as const)('%s reads only the shape it names', async (shape) => {
    const { client } = await setup(preset);
    await client.createBeneficiary(payee);
    await client.createPayout(payout('TXNP0001'));
    const base = presetProfile(preset);
    const reader = createEnkashClient({
      baseUrl: sandbox!.url,
      profile: { ...base, switches: { ...base.switches, searchPayoutsShape: shape } },
      credentials: async () => ({ ...SANDBOX_DEMO }),
    });
    const served = preset === 'strict' ? 'transaction-list' : 'page';
    if (shape === served) {
      const found = await reader.searchPayouts({ transactionId: 'TXNP0001' });
      expect(found).toMatchObject({ total: 1, items: [{ transactionId: 'TXNP0001', amountPaise: 123450 }] });
    } else {
      // Never an empty list: an answer in a shape we do not read says nothing about the payout.
      expect((await rejection(reader.searchPayouts({ transactionId: 'TXNP0001' }))).code).toBe('enkash_bad_response');
    }
  });
});
