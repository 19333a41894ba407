import { afterEach, describe, expect, it } from 'vitest';
import { decryptText, deriveKey, encryptText } from '../../src/main/enkash/crypto';
import { startSandbox, SANDBOX_DEMO, type SandboxHandle } from '../../src/main/sandbox/index';
import { PATHS, TestClient, transfer } from './sandbox-test-client';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function open(dialect: Parameters<typeof startSandbox>[0] = {}): Promise<TestClient> {
  sandbox = await startSandbox(dialect);
  const client = new TestClient(sandbox.url);
  await client.login();
  return client;
}

describe('sandbox envelope', () => {
  it('round-trips: a request sealed with SHA-256-16 of the secret opens, and the answer opens with the same key', async () => {
    const client = await open();
    const res = await client.call('POST', PATHS.payout, transfer('E1'));
    expect(res.encrypted).toBe(true);
    const cipher = res.outer.request as string;
    expect(Object.keys(res.outer)).toEqual(['request']);
    const key = deriveKey(SANDBOX_DEMO.clientSecret, 'sha256-16');
    expect(JSON.parse(decryptText(cipher, key)).payload.transactionId).toBe('E1');
  });

  it('answers 422 "Invalid encrypted request" in plain JSON for a wrong key, and "Invalid request format" for a bad envelope', async () => {
    const client = await open();
    client.derivation = 'sha1-16';
    const wrongKey = await client.call('POST', PATHS.payout, transfer('E2'));
    expect(wrongKey.status).toBe(422);
    expect(wrongKey.encrypted).toBe(false);
    expect(wrongKey.plain).toEqual({ code: 422, message: 'Invalid encrypted request' });
    const notBase64 = await client.call('POST', PATHS.payout, undefined, { rawBody: '{"request":"%%%"}' });
    expect(notBase64.plain).toEqual({ code: 422, message: 'Invalid encrypted request' });
    const noEnvelope = await client.call('POST', PATHS.payout, undefined, { rawBody: '{"transactionId":"E2"}' });
    expect(noEnvelope.plain).toEqual({ code: 422, message: 'Invalid request format' });
    client.derivation = 'sha256-16';
    const notAnObject = await client.call('POST', PATHS.payout, undefined, { plainText: '[1,2]' });
    expect(notAnObject.plain).toEqual({ code: 422, message: 'Invalid request format' });
    expect(sandbox!.ledger()).toEqual([]);
  });

  it('uses the dialect key derivation (sha1-16) when set', async () => {
    const client = await open({ dialect: { keyDerivation: 'sha1-16' } });
    expect((await client.call('POST', PATHS.payout, transfer('E3'))).status).toBe(422);
    client.derivation = 'sha1-16';
    const ok = await client.call('POST', PATHS.payout, transfer('E3'));
    expect(ok.plain).toMatchObject({ response_code: 0, payload: { transactionId: 'E3' } });
  });
});

describe('sandbox dialect switches', () => {
  it('wrapper "code" → {code, message, payload}; "data" → {response_code, response_message, data}', async () => {
    const client = await open({ dialect: { wrapper: 'code' } });
    const a = await client.call('POST', PATHS.payout, transfer('W1'));
    expect(Object.keys(a.plain).sort()).toEqual(['code', 'message', 'payload']);
    expect(a.plain).toMatchObject({ code: 0, message: 'Success' });
    sandbox!.setDialect({ wrapper: 'data' });
    const b = await client.call('POST', PATHS.payout, transfer('W2'));
    expect(Object.keys(b.plain).sort()).toEqual(['data', 'response_code', 'response_message']);
    expect((b.plain.data as Record<string, unknown>).transactionId).toBe('W2');
  });

  it('GETs are plain and bare by default; encryptGets and wrapGets change that', async () => {
    const client = await open({ initialBalancePaise: 12_345_67 });
    const plain = await client.call('GET', PATHS.balance);
    expect(plain.encrypted).toBe(false);
    expect(plain.plain).toEqual({ totalBalance: 12345.67 });
    sandbox!.setDialect({ encryptGets: true, wrapGets: true });
    const sealed = await client.call('GET', PATHS.balance);
    expect(sealed.encrypted).toBe(true);
    expect(sealed.plain).toEqual({
      response_code: 0,
      response_message: 'Success',
      payload: { totalBalance: 12345.67 },
    });
  });

  it('errorsAsHttpStatus=false answers business errors with HTTP 200 and the code only in the body', async () => {
    const client = await open();
    await client.call('POST', PATHS.payout, transfer('H1'));
    const asStatus = await client.call('POST', PATHS.payout, transfer('H1'));
    expect(asStatus.status).toBe(409);
    sandbox!.setDialect({ errorsAsHttpStatus: false });
    const inBody = await client.call('POST', PATHS.payout, transfer('H1'));
    expect(inBody.status).toBe(200);
    expect(inBody.plain).toEqual({ code: 409, message: 'Transaction ID already exists' });
    const badBeneficiary = await client.call('POST', PATHS.beneficiary, {
      beneficiaryId: 'X1',
      beneficiaryName: 'Asha',
      beneficiaryAccountNumber: '123456789',
    });
    expect(badBeneficiary.status).toBe(200);
    expect(badBeneficiary.plain).toEqual({ code: 412, message: 'Bank account and IFSC both are required' });
  });

  it('encryptErrors=true seals business errors in the dialect wrapper', async () => {
    const client = await open({ dialect: { encryptErrors: true } });
    await client.call('POST', PATHS.payout, transfer('H2'));
    const dup = await client.call('POST', PATHS.payout, transfer('H2'));
    expect(dup.status).toBe(409);
    expect(dup.encrypted).toBe(true);
    expect(dup.plain).toEqual({ response_code: 409, response_message: 'Transaction ID already exists', payload: null });
  });

  it('statementAmountUnit=paise writes statement amounts as integer paise', async () => {
    const client = await open({ initialBalancePaise: 500_25, dialect: { statementAmountUnit: 'paise' } });
    const s = await client.call('POST', PATHS.statement, {
      fundSourceId: SANDBOX_DEMO.fundSourceId,
      debitAccountNumber: '50100012345678',
      fromDate: '2000-01-01T00:00:00Z',
      toDate: '2100-01-01T00:00:00Z',
    });
    const line = (s.plain.data as Record<string, unknown>[])[0]!;
    expect(line.transactionAmount).toBe(500_25);
    expect(line.runningBalance).toBe(500.25);
  });

  it('raw ciphertext check: the server encrypts JSON once (no double JSON.stringify)', async () => {
    const client = await open();
    const res = await client.call('POST', PATHS.payout, transfer('D1'));
    const text = decryptText(res.outer.request as string, client.key);
    expect(text.startsWith('{"response_code":0')).toBe(true);
    expect(encryptText(text, client.key)).toBe(res.outer.request);
  });
});
