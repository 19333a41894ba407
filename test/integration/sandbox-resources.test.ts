import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, SANDBOX_DEMO, type SandboxHandle } from '../../src/main/sandbox/index';
import { manualClock, PATHS, TestClient, transfer } from './sandbox-test-client';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function open(options: Parameters<typeof startSandbox>[0] = {}): Promise<TestClient> {
  sandbox = await startSandbox({ now: manualClock().now, ...options });
  const client = new TestClient(sandbox.url);
  await client.login();
  return client;
}

const ravi = {
  beneficiaryId: 'BEN1',
  beneficiaryName: 'Ravi Kumar',
  beneficiaryAccountNumber: '123456789012',
  beneficiaryIfsc: 'hdfc0000001',
  beneficiaryEmail: 'ravi@example.com',
  beneficiaryPhone: '+919876543210',
};

describe('sandbox beneficiaries', () => {
  it('creates (echo + createdOn), rejects duplicates with 409 and applies the 412/422 rules', async () => {
    const client = await open();
    const created = await client.call('POST', PATHS.beneficiary, ravi);
    expect(created.plain.payload).toMatchObject({
      ...ravi,
      beneficiaryIfsc: 'HDFC0000001',
      createdOn: expect.stringMatching(/Z$/),
    });
    const dup = await client.call('POST', PATHS.beneficiary, ravi);
    expect([dup.status, dup.plain]).toEqual([409, { code: 409, message: 'Beneficiary ID already exists' }]);
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { beneficiaryId: 'B2', beneficiaryName: 'Asha', beneficiaryAccountNumber: '123456789' },
        412,
        'Bank account and IFSC both are required',
      ],
      [
        {
          beneficiaryId: 'B2',
          beneficiaryName: 'Asha',
          beneficiaryAccountNumber: '123456789',
          beneficiaryIfsc: 'SBIN0001234',
          vpaHandle: 'a@ok',
        },
        412,
        'Bank account and VPA both provided; give only one',
      ],
      [
        { beneficiaryId: 'B 2', beneficiaryName: 'Asha', vpaHandle: 'a@ok' },
        422,
        'Please provide a valid Beneficiary ID',
      ],
      [{ beneficiaryId: 'B2', beneficiaryName: 'Asha99', vpaHandle: 'a@ok' }, 422, 'Please provide a valid name'],
      [
        { beneficiaryId: 'B2', beneficiaryName: 'Asha', vpaHandle: 'a@o-k' },
        422,
        'Please provide a valid Virtual Payee Address (VPA)',
      ],
      [
        { beneficiaryId: 'B2', beneficiaryName: 'Asha', vpaHandle: 'a@ok', beneficiaryEmail: 'a@b' },
        422,
        'Please provide a valid email',
      ],
      [
        { beneficiaryId: 'B2', beneficiaryName: 'Asha', vpaHandle: 'a@ok', beneficiaryPhone: '12345' },
        422,
        'Please provide a valid phone number',
      ],
      [{ beneficiaryId: 'B2', beneficiaryName: 'Asha' }, 422, 'No beneficiary details present'],
    ];
    for (const [body, code, message] of cases) {
      const res = await client.call('POST', PATHS.beneficiary, body);
      expect([res.status, res.plain], JSON.stringify(body)).toEqual([code, { code, message }]);
    }
  });

  it('searches by id and by name text, returning a list; deletes by path or query; deleted ids stay reserved', async () => {
    const client = await open();
    await client.call('POST', PATHS.beneficiary, ravi);
    await client.call('POST', PATHS.beneficiary, {
      beneficiaryId: 'BEN2',
      beneficiaryName: 'Asha Rao',
      vpaHandle: 'asha@okaxis',
    });
    const byName = await client.call('POST', PATHS.beneficiarySearch, { beneficiaryName: 'RAO' });
    expect((byName.plain.payload as { beneficiaryId: string }[]).map((b) => b.beneficiaryId)).toEqual(['BEN2']);
    const all = await client.call('POST', PATHS.beneficiarySearch, {});
    expect((all.plain.payload as unknown[]).length).toBe(2);

    const del = await client.call('DELETE', `${PATHS.beneficiary}/BEN1`);
    expect(del.plain).toMatchObject({ response_code: 0, payload: { beneficiaryId: 'BEN1', deleted: true } });
    expect((await client.call('DELETE', `${PATHS.beneficiary}/BEN1`)).plain).toEqual({
      code: 404,
      message: 'Beneficiary not found',
    });
    const byQuery = await client.call('DELETE', `${PATHS.beneficiary}?beneficiaryId=BEN2`);
    expect(byQuery.status).toBe(200);
    await client.call('POST', PATHS.beneficiary, { beneficiaryId: 'BEN3', beneficiaryName: 'Om', vpaHandle: 'om@ybl' });
    const byBody = await client.call('DELETE', PATHS.beneficiary, { beneficiaryId: 'BEN3' });
    expect(byBody.plain).toMatchObject({ response_code: 0, payload: { beneficiaryId: 'BEN3', deleted: true } });
    expect((await client.call('POST', PATHS.beneficiarySearch, {})).plain.payload).toEqual([]);
    expect((await client.call('POST', PATHS.beneficiary, ravi)).status).toBe(409);
    sandbox!.setDialect({ beneficiaryIdReusable: true });
    expect((await client.call('POST', PATHS.beneficiary, ravi)).status).toBe(200);
  });

  it('pays a registered beneficiary by id, and rejects a deleted one with REJECT_BENEF_ID', async () => {
    const client = await open();
    await client.call('POST', PATHS.beneficiary, ravi);
    const paid = await client.call(
      'POST',
      PATHS.payout,
      transfer('PB1', { beneficiaryDetail: undefined, beneficiaryId: 'BEN1' }),
    );
    expect(paid.plain.payload).toMatchObject({
      payoutStatus: 'PROCESSING',
      beneficiaryId: 'BEN1',
      beneficiaryName: 'Ravi Kumar',
    });
    await client.call('DELETE', `${PATHS.beneficiary}/BEN1`);
    const gone = await client.call(
      'POST',
      PATHS.payout,
      transfer('PB2', { beneficiaryDetail: undefined, beneficiaryId: 'BEN1' }),
    );
    expect(gone.plain.payload).toMatchObject({ payoutStatus: 'REJECTED', rejectCode: 'REJECT_BENEF_ID' });
  });
});

describe('sandbox accounts and webhooks', () => {
  it('balance needs the right fundSourceId and reports rupees', async () => {
    const client = await open({ initialBalancePaise: 250_00 });
    expect((await client.call('GET', PATHS.balance)).plain).toEqual({ totalBalance: 250 });
    expect((await client.call('GET', '/api/v0/payout-account/balance')).status).toBe(422);
    expect((await client.call('GET', '/api/v0/payout-account/balance?fundSourceId=NOPE')).status).toBe(422);
  });

  it('shows the whitelisted source account; whitelisting validates and keeps exactly one ACTIVE', async () => {
    const client = await open();
    expect((await client.call('GET', PATHS.bankDetails)).plain).toMatchObject({
      accountNumber: '50100012345678',
      ifsc: 'HDFC0000001',
      status: 'ACTIVE',
      fundSourceId: SANDBOX_DEMO.fundSourceId,
    });
    expect(
      (await client.call('POST', PATHS.whitelist, { accountNumber: '12345678', ifsc: 'SBIN0001234' })).status,
    ).toBe(422);
    expect(
      (await client.call('POST', PATHS.whitelist, { accountNumber: '123456789', ifsc: 'SBIN001234' })).status,
    ).toBe(422);
    expect(
      (
        await client.call('POST', PATHS.whitelist, {
          accountNumber: '123456789',
          ifsc: 'SBIN0001234',
          companyId: 'CEKOTHER12',
        })
      ).status,
    ).toBe(412);
    const added = await client.call('POST', PATHS.whitelist, { accountNumber: '999988887777', ifsc: 'sbin0001234' });
    expect(added.plain).toMatchObject({
      response_code: 0,
      payload: { accountNumber: '999988887777', ifsc: 'SBIN0001234', status: 'ACTIVE' },
    });
    expect((await client.call('GET', PATHS.bankDetails)).plain).toMatchObject({ accountNumber: '999988887777' });
    const stmt = (debitAccountNumber: string) =>
      client.call('POST', PATHS.statement, {
        fundSourceId: SANDBOX_DEMO.fundSourceId,
        debitAccountNumber,
        fromDate: '2000-01-01',
        toDate: '2100-01-01',
      });
    expect((await stmt('50100012345678')).status).toBe(422);
    expect((await stmt('999988887777')).status).toBe(200);
  });

  it('statement validates its inputs', async () => {
    const client = await open();
    const base = {
      fundSourceId: SANDBOX_DEMO.fundSourceId,
      debitAccountNumber: '50100012345678',
      fromDate: '2025-01-01',
      toDate: '2025-01-31',
    };
    expect((await client.call('POST', PATHS.statement, base)).plain.response_code).toBe('0');
    expect((await client.call('POST', PATHS.statement, { ...base, fromDate: 'yesterday' })).status).toBe(422);
    expect((await client.call('POST', PATHS.statement, { ...base, fromDate: '2025-02-01' })).status).toBe(422);
    expect((await client.call('POST', PATHS.statement, { ...base, debitAccountNumber: undefined })).status).toBe(422);
  });

  it('stores and echoes the webhook configuration; a second POST replaces it', async () => {
    const client = await open();
    expect((await client.call('GET', PATHS.webhook)).status).toBe(404);
    const hook = {
      webhookUrl: 'https://example.test/hook',
      events: ['PAYOUT_SUCCESS', 'PAYOUT_FAILED'],
      headers: { 'X-Secret': 's1' },
      enabled: true,
    };
    const created = await client.call('POST', PATHS.webhook, hook);
    expect(created.plain).toMatchObject({ response_code: 0, payload: { ...hook, companyId: SANDBOX_DEMO.companyId } });
    expect((await client.call('GET', PATHS.webhook)).plain).toMatchObject(hook);
    await client.call('POST', PATHS.webhook, { ...hook, events: ['PAYOUT_PENDING'], enabled: false });
    expect((await client.call('GET', PATHS.webhook)).plain).toMatchObject({
      events: ['PAYOUT_PENDING'],
      enabled: false,
    });
    expect((await client.call('POST', PATHS.webhook, { ...hook, events: ['NOPE'] })).status).toBe(422);
    expect((await client.call('POST', PATHS.webhook, { ...hook, webhookUrl: 'ftp://x' })).status).toBe(422);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const client = await open();
    expect((await client.call('GET', '/api/v0/nope')).status).toBe(404);
    expect((await client.call('GET', PATHS.payout)).status).toBe(405);
  });
});
