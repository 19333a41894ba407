import { afterEach, describe, expect, it } from 'vitest';
import { createEnkashClient, type EnkashClient } from '../../src/main/enkash/client';
import { isDuplicate, isOutcomeUnknown } from '../../src/main/enkash/errors';
import { DEFAULT_API_PROFILE, type EnkashProfile } from '../../src/shared/settings/api-profile';
import { SANDBOX_DEMO, startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/main/sandbox/index';
import { rejection } from '../support/rejection';

/**
 * The real client (real transport, real fetch, real crypto) against the Sandbox simulator over loopback:
 * every one of the twelve calls, the wire dialects the simulator can speak, and its money-safety faults.
 */

const SOURCE_ACCOUNT = '50100012345678';
let sandbox: SandboxHandle | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function clock(start = Date.UTC(2025, 0, 6, 4, 30)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

async function setup(
  options: SandboxOptions = {},
  profileOverrides: Partial<EnkashProfile> = {},
  creds: Partial<Record<keyof typeof SANDBOX_DEMO, string>> = {},
) {
  const c = clock();
  sandbox = await startSandbox({ port: 0, seed: 7, now: c.now, ...options });
  const profile: EnkashProfile = {
    ...DEFAULT_API_PROFILE,
    fundSourceId: SANDBOX_DEMO.fundSourceId,
    debitAccountNumber: SOURCE_ACCOUNT,
    requestTimeoutMs: 10_000,
    ...profileOverrides,
  };
  const logs: string[] = [];
  const client = createEnkashClient({
    baseUrl: sandbox.url,
    profile,
    credentials: async () => ({ ...SANDBOX_DEMO, ...creds }),
    clock: c.now,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
  });
  return { client, sandbox, clock: c, logs };
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

async function withPayee(client: EnkashClient) {
  await client.createBeneficiary(payee);
}

describe('the twelve calls against the Sandbox (default dialect)', () => {
  it('getToken, getBalance, getSourceAccountDetails, addSourceAccount', async () => {
    const { client, sandbox } = await setup();
    await expect(client.getToken()).resolves.toMatchObject({ obtained: true, style: 'snake_case' });
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: sandbox.balancePaise() });
    const accounts = await client.getSourceAccountDetails();
    expect(accounts).toEqual([
      expect.objectContaining({ accountNumber: SOURCE_ACCOUNT, ifsc: 'HDFC0000001', status: 'ACTIVE' }),
    ]);
    const added = await client.addSourceAccount({
      accountNumber: SOURCE_ACCOUNT,
      ifsc: 'HDFC0000001',
      companyId: SANDBOX_DEMO.companyId,
    });
    expect(added.account).toMatchObject({ accountNumber: SOURCE_ACCOUNT, status: 'ACTIVE' });
  });

  it('createBeneficiary, searchBeneficiaries, deleteBeneficiary', async () => {
    const { client } = await setup();
    const created = await client.createBeneficiary(payee);
    expect(created).toMatchObject({ beneficiaryId: 'BENASHA01', name: 'Asha Rao', ifsc: 'HDFC0001234' });
    expect(isDuplicate(await rejection(client.createBeneficiary(payee)))).toBe(true);
    expect(await client.searchBeneficiaries({ beneficiaryId: 'BENASHA01' })).toEqual([
      expect.objectContaining({ beneficiaryId: 'BENASHA01', accountNumber: '000123456789' }),
    ]);
    expect((await client.searchBeneficiaries({ name: 'asha' })).map((b) => b.beneficiaryId)).toEqual(['BENASHA01']);
    await expect(client.deleteBeneficiary('BENASHA01')).resolves.toEqual({ beneficiaryId: 'BENASHA01', deleted: true });
    expect(await client.searchBeneficiaries({ beneficiaryId: 'BENASHA01' })).toEqual([]);
    expect((await rejection(client.deleteBeneficiary('BENASHA01'))).code).toBe('enkash_rejected');
  });

  it('createPayout debits exactly once; the identical resend is a 409 duplicate; searchPayouts finds it', async () => {
    const { client, sandbox } = await setup();
    await withPayee(client);
    const before = sandbox.balancePaise();
    const rec = await client.createPayout(payout('TXNA0001'));
    expect(rec).toMatchObject({ transactionId: 'TXNA0001', amountPaise: 123450, mode: 'IMPS' });
    expect(rec.enkashTransactionId).toBeTruthy();
    expect(['PENDING', 'PROCESSING', 'SUCCESS']).toContain(rec.status);
    expect(sandbox.balancePaise()).toBe(before - 123450);

    const dup = await rejection(client.createPayout(payout('TXNA0001')));
    expect(isDuplicate(dup)).toBe(true);
    expect(sandbox.paidCount('TXNA0001')).toBe(1);

    const found = await client.searchPayouts({ transactionId: 'TXNA0001' });
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({
      transactionId: 'TXNA0001',
      amountPaise: 123450,
      enkashTransactionId: rec.enkashTransactionId,
    });
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: before - 123450 });
  });

  it('a payout that fails validation comes back REJECTED with its reject code', async () => {
    const { client } = await setup();
    const rec = await client.createPayout({ ...payout('TXNREJ01'), beneficiaryId: 'NOSUCHBEN' });
    expect(rec).toMatchObject({ transactionId: 'TXNREJ01', status: 'REJECTED', rejectCode: 'REJECT_BENEF_ID' });
  });

  it('createBatchPayout splits accepted and failed; searchPayouts by batch; the lifecycle reaches a final state with a UTR', async () => {
    const { client, clock } = await setup({ timing: { failRate: 0, reverseRate: 0 } });
    await withPayee(client);
    const r = await client.createBatchPayout({
      batchTransactionId: 'BATCH0001',
      transfers: [
        payout('TXNB0001', 100),
        payout('TXNB0002', 20_000_000),
        { ...payout('TXNB0003'), beneficiaryId: 'UNKNOWNBEN' },
      ],
    });
    expect(r.accepted.map((a) => a.transactionId).sort()).toEqual(['TXNB0001', 'TXNB0002']);
    expect(r.accepted.every((a) => a.status === 'PENDING')).toBe(true);
    expect(r.failed).toEqual([
      expect.objectContaining({ transactionId: 'TXNB0003', status: 'REJECTED', code: 'REJECT_BENEF_ID' }),
    ]);
    expect(r.missing).toEqual([]);
    expect(
      isDuplicate(
        await rejection(client.createBatchPayout({ batchTransactionId: 'BATCH0001', transfers: [payout('TXNB0009')] })),
      ),
    ).toBe(true);

    clock.advance(60_000);
    const page = await client.searchPayouts({ batchTransactionId: 'BATCH0001' });
    expect(page.items.map((i) => i.transactionId).sort()).toEqual(['TXNB0001', 'TXNB0002', 'TXNB0003']);
    const done = page.items.filter((i) => i.transactionId !== 'TXNB0003');
    expect(done.every((i) => i.status === 'SUCCESS' && typeof i.utr === 'string' && i.utr.length > 0)).toBe(true);
    expect(done.find((i) => i.transactionId === 'TXNB0002')!.amountPaise).toBe(20_000_000);
    const success = await client.searchPayouts({ payoutStatus: 'SUCCESS', limit: 1 });
    expect(success.items).toHaveLength(1);
    expect(success.total).toBe(2);
    expect((await client.searchPayouts({ transactionId: 'NEVERSENT1' })).items).toEqual([]);
  });

  it('fetchStatement lists the debit with exact amounts and running balance', async () => {
    const { client, sandbox } = await setup();
    await withPayee(client);
    await client.createPayout(payout('TXNS0001', 98765));
    const s = await client.fetchStatement({ fromDate: '2025-01-01', toDate: '2025-01-31' });
    expect(s.requestId).toBeTruthy();
    const line = s.entries.find((e) => e.transactionId === 'TXNS0001');
    expect(line).toMatchObject({
      transactionType: 'DEBIT',
      amountPaise: 98765,
      runningBalancePaise: sandbox.balancePaise(),
    });
  });

  it('createWebhook and getWebhook', async () => {
    const { client } = await setup();
    await expect(client.getWebhook()).resolves.toBeNull();
    const created = await client.createWebhook({
      webhookUrl: 'https://hooks.example.com/enkash',
      events: ['PAYOUT_SUCCESS', 'PAYOUT_FAILED'],
      headers: { 'X-Token': 'abc' },
      enabled: true,
    });
    expect(created).toMatchObject({
      webhookUrl: 'https://hooks.example.com/enkash',
      events: ['PAYOUT_SUCCESS', 'PAYOUT_FAILED'],
      enabled: true,
      companyId: SANDBOX_DEMO.companyId,
    });
    await expect(client.getWebhook()).resolves.toMatchObject({
      webhookUrl: 'https://hooks.example.com/enkash',
      headers: { 'X-Token': 'abc' },
    });
  });

  it('diagnose: plain GETs, so the derivation is found by the documented statement probe', async () => {
    const { client } = await setup();
    const report = await client.diagnose();
    expect(report.token.ok).toBe(true);
    expect(report.balance).toMatchObject({ ok: true, encrypted: false, wrapper: 'bare' });
    expect(report.derivations.map((d) => d.result)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(report.detectedDerivation).toBe('sha256-16');
  });

  it('logs carry no token, secret, password or full account number', async () => {
    const { client, logs } = await setup();
    await withPayee(client);
    await client.createPayout(payout('TXNL0001'));
    await client.getBalance();
    const text = logs.join('\n');
    expect(logs.length).toBeGreaterThan(3);
    for (const secret of [SANDBOX_DEMO.clientSecret, SANDBOX_DEMO.password, SOURCE_ACCOUNT, payee.accountNumber]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('wire dialects', () => {
  const dialects: [string, SandboxOptions['dialect'], Partial<EnkashProfile>][] = [
    ['camelCase token, code wrapper', { tokenStyle: 'camel', wrapper: 'code' }, {}],
    ['data wrapper, encrypted and wrapped GETs', { wrapper: 'data', encryptGets: true, wrapGets: true }, {}],
    ['errors in the body only (HTTP 200), encrypted', { errorsAsHttpStatus: false, encryptErrors: true }, {}],
    ['SHA-1 key derivation', { keyDerivation: 'sha1-16' }, { keyDerivation: 'sha1-16' }],
    [
      'raw key, page-numbered search offsets',
      { keyDerivation: 'raw-16', searchOffset: 'page' },
      { keyDerivation: 'raw-16', switches: { searchOffsetUnit: 'page' } } as Partial<EnkashProfile>,
    ],
    [
      'statement amounts in paise',
      { statementAmountUnit: 'paise' },
      { switches: { statementAmountUnit: 'paise' } } as Partial<EnkashProfile>,
    ],
  ];

  it.each(dialects)('%s', async (_label, dialect, profile) => {
    const { client, sandbox } = await setup({ dialect }, profile);
    await withPayee(client);
    const start = sandbox.balancePaise();
    await expect(client.getBalance()).resolves.toEqual({ totalBalancePaise: start });
    await client.createPayout(payout('TXND0001', 5001));
    await client.createPayout(payout('TXND0002', 5002));
    expect(isDuplicate(await rejection(client.createPayout(payout('TXND0001', 5001))))).toBe(true);
    const second = await client.searchPayouts({ offset: 1, limit: 1 });
    expect(second.items.map((i) => i.transactionId)).toEqual(['TXND0002']);
    const s = await client.fetchStatement({ fromDate: '2025-01-01', toDate: '2025-01-31' });
    expect(s.entries.find((e) => e.transactionId === 'TXND0001')!.amountPaise).toBe(5001);
    await expect(client.getSourceAccountDetails()).resolves.toHaveLength(1);
    expect(sandbox.balancePaise()).toBe(start - 10003);
  });

  it('a wrong key derivation is rejected (422) and nothing is paid; diagnose names the right one', async () => {
    const { client, sandbox } = await setup({ dialect: { keyDerivation: 'sha1-16', encryptGets: true } });
    const err = await rejection(client.createPayout(payout('TXNK0001')));
    expect(err.code).toBe('enkash_rejected');
    expect(err.details).toMatchObject({ enkashCode: 422 });
    expect(sandbox.ledger()).toEqual([]);
    const report = await client.diagnose();
    expect(report.detectedDerivation).toBe('sha1-16');
    expect(report.balance.encrypted).toBe(true);
  });
});

describe('auth and faults', () => {
  it('a bad password is sent exactly once; later calls fail fast', async () => {
    const { client, sandbox } = await setup({}, {}, { password: 'wrong' });
    for (let i = 0; i < 4; i++) expect((await rejection(client.getBalance())).code).toBe('auth_failed');
    expect(sandbox.stats().failedLogins).toBe(1);
    expect(sandbox.stats().logins).toBe(0);
  });

  it('an expired token (server clock) → one re-login and the call succeeds', async () => {
    const c = clock();
    sandbox = await startSandbox({ port: 0, now: c.now, tokenTtlSeconds: 300 });
    const client = createEnkashClient({
      baseUrl: sandbox.url,
      profile: { ...DEFAULT_API_PROFILE, fundSourceId: SANDBOX_DEMO.fundSourceId },
      credentials: async () => ({ ...SANDBOX_DEMO }),
      clock: () => Date.UTC(2025, 0, 6, 4, 30), // the client believes its token is still fresh
    });
    await client.getBalance();
    c.advance(10 * 60_000);
    await expect(client.getBalance()).resolves.toMatchObject({ totalBalancePaise: expect.any(Number) });
    expect(sandbox.stats().unauthorized).toBe(1);
    expect(sandbox.stats().logins).toBe(2);
  });

  it.each(['timeout_after_processing', 'http5xx_after', 'garbled_envelope', 'code1_after'] as const)(
    '%s: the payout landed, the client says "unknown", search finds it, a resend is a 409',
    async (kind) => {
      const { client, sandbox } = await setup();
      await withPayee(client);
      sandbox.setFaults({ faultRate: 1, kinds: [kind], hangMs: 0 });
      const err = await rejection(client.createPayout(payout('TXNF0001')));
      expect(isOutcomeUnknown(err)).toBe(true);
      sandbox.setFaults({ faultRate: 0 });
      expect(sandbox.paidCount('TXNF0001')).toBe(1);
      const found = await client.searchPayouts({ transactionId: 'TXNF0001' });
      expect(found.items).toHaveLength(1);
      expect(isDuplicate(await rejection(client.createPayout(payout('TXNF0001'))))).toBe(true);
      expect(sandbox.paidCount('TXNF0001')).toBe(1);
    },
  );

  it('http5xx_before: "unknown" for the client, nothing paid, and the identical resend pays once', async () => {
    const { client, sandbox } = await setup();
    await withPayee(client);
    sandbox.setFaults({ faultRate: 1, kinds: ['http5xx_before'] });
    expect(
      isOutcomeUnknown(
        await rejection(client.createBatchPayout({ batchTransactionId: 'BATCHF01', transfers: [payout('TXNF0002')] })),
      ),
    ).toBe(true);
    sandbox.setFaults({ faultRate: 0 });
    expect((await client.searchPayouts({ transactionId: 'TXNF0002' })).items).toEqual([]);
    const r = await client.createBatchPayout({ batchTransactionId: 'BATCHF01', transfers: [payout('TXNF0002')] });
    expect(r.accepted.map((a) => a.transactionId)).toEqual(['TXNF0002']);
    expect(sandbox.paidCount('TXNF0002')).toBe(1);
  });

  it('token_expiry on every call: one re-login, one retry, then auth_failed — no loop', async () => {
    const { client, sandbox } = await setup();
    await withPayee(client);
    sandbox.setFaults({ faultRate: 1, kinds: ['token_expiry'] });
    const before = sandbox.stats().logins;
    expect((await rejection(client.createPayout(payout('TXNF0003')))).code).toBe('auth_failed');
    expect(sandbox.stats().logins - before).toBe(1);
    expect(sandbox.paidCount('TXNF0003')).toBe(0);
  });

  it('a stopped server: connection refused → enkash_unavailable', async () => {
    const { client, sandbox: s } = await setup();
    await client.getToken();
    await s.close();
    sandbox = undefined;
    expect((await rejection(client.createPayout(payout('TXNF0004')))).code).toBe('enkash_unavailable');
  });
});
