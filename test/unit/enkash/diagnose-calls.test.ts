import { describe, expect, it } from 'vitest';
import { deriveKey, encryptText } from '../../../src/main/enkash/crypto';
import { classify } from '../../../src/main/enkash/diagnose-calls';
import { renderDiagnosticTable } from '../../../src/main/enkash/diagnose-table';
import { clientFor, CREDS, createFakeServer, json, sealed, testProfile } from './fake-enkash';

const BALANCE = 'GET /api/v0/payout-account/balance';
const SEARCH_BENEFICIARY = 'POST /api/v0/beneficiary-detail/search';
const SEARCH_PAYOUTS = 'POST /api/v0/payout-transaction/search';
const STATEMENT = 'POST /api/v0/payout-account/statement';
const key = deriveKey(CREDS.clientSecret, 'sha256-16');

describe('diagnose never confirms a key derivation without evidence', () => {
  it('a 404 on every probe is inconclusive, and no derivation is named', async () => {
    const server = createFakeServer().on(BALANCE, () => json({ totalBalance: 5 }));
    const report = await clientFor(server).client.diagnose();
    expect(report.derivations.map((d) => d.result)).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(report.detectedDerivation).toBeNull();
    expect(report.derivationEvidence).toBeNull();
    expect(report.calls.find((c) => c.call === 'searchBeneficiary')).toMatchObject({
      outcome: 'not_found',
      httpStatus: 404,
    });
  });

  it('a guessed path that answers anything is never key evidence', async () => {
    // A server that answers the (guessed) search path whatever the envelope holds.
    const server = createFakeServer()
      .on(BALANCE, () => json({ totalBalance: 5 }))
      .on(SEARCH_BENEFICIARY, () => json({ code: 0, data: [] }));
    const { client } = clientFor(server);
    const report = await client.diagnose();
    expect(report.detectedDerivation).toBeNull();
    expect(renderDiagnosticTable(report)).toContain('not confirmed');
  });
});

describe('diagnose per call', () => {
  it('answered / not found / refused / not tested, with Search Payouts answered only when it lists the known id', async () => {
    const profile = testProfile({ debitAccountNumber: '50100012345678' });
    const server = createFakeServer()
      .on(BALANCE, () => json({ totalBalance: 5 }))
      .on(SEARCH_BENEFICIARY, () => sealed({ response_code: 0, payload: [] }))
      .on(SEARCH_PAYOUTS, () => sealed({ response_code: 0, payload: { content: [], totalElements: 0 } }))
      .on(STATEMENT, () => json({ code: 422, message: 'Invalid encrypted request' }, 422));
    const report = await clientFor(server, { profile }).client.diagnose({ knownTransactionId: 'TXNKNOWN01' });
    const outcome = Object.fromEntries(report.calls.map((c) => [c.call, c.outcome]));
    expect(outcome).toEqual({
      token: 'answered',
      createBeneficiary: 'not_tested',
      searchBeneficiary: 'answered',
      deleteBeneficiary: 'not_tested',
      createPayout: 'not_tested',
      createBatchPayout: 'not_tested',
      // An empty answer for a payout we know landed is not "answered": the filter or the path is wrong.
      searchPayouts: 'not_found',
      balance: 'answered',
      sourceAccountDetails: 'not_found',
      addSourceAccount: 'not_tested',
      statement: 'refused',
      createWebhook: 'not_tested',
      getWebhook: 'not_found',
    });
    expect(report.calls.find((c) => c.call === 'searchPayouts')!.detail).toContain('TXNKNOWN01');
    expect(report.calls.find((c) => c.call === 'statement')!.detail).toContain('key derivation?');
  });

  it('an encrypted "no records" for the known payout is not found, not answered', async () => {
    const server = createFakeServer()
      .on(BALANCE, () => json({ totalBalance: 5 }))
      .on(SEARCH_PAYOUTS, () => sealed({ response_code: 404, response_message: 'No records found' }));
    const report = await clientFor(server).client.diagnose({ knownTransactionId: 'TXNKNOWN01' });
    expect(report.calls.find((c) => c.call === 'searchPayouts')).toMatchObject({ outcome: 'not_found' });
  });

  it('classify: every kind of answer', () => {
    const read = () => 'answered: fine';
    const sealedText = (v: unknown) => JSON.stringify({ request: encryptText(JSON.stringify(v), key) });
    expect(classify(404, '{"code":404,"message":"Not found"}', key, read).outcome).toBe('not_found');
    expect(classify(404, '<html>404</html>', key, read).outcome).toBe('not_found');
    expect(classify(405, '{}', key, read).outcome).toBe('not_found');
    // The endpoint itself, in our envelope, saying "none": the path is right.
    expect(classify(200, sealedText({ code: 404, message: 'none stored' }), key, read).outcome).toBe('answered');
    expect(classify(403, '{"code":403,"message":"Forbidden"}', key, read).outcome).toBe('refused');
    expect(classify(200, '{"code":412,"message":"Invalid checksum"}', key, read).outcome).toBe('refused');
    const otherKey = deriveKey(CREDS.clientSecret, 'sha1-16');
    const foreign = JSON.stringify({ request: encryptText('{"code":0}', otherKey) });
    expect(classify(200, foreign, key, read)).toMatchObject({ outcome: 'unreadable' });
    expect(classify(503, '<html>down</html>', key, read).outcome).toBe('refused');
    expect(classify(200, sealedText({ code: 0, payload: {} }), key, read)).toEqual({
      outcome: 'answered',
      httpStatus: 200,
      detail: 'answered: fine',
    });
  });

  it('the table: one line per call, copyable, no secret', async () => {
    const server = createFakeServer().on(BALANCE, () => sealed({ response_code: 0, payload: { totalBalance: 1 } }));
    const report = await clientFor(server).client.diagnose();
    const text = renderDiagnosticTable(report, 'uat');
    const lines = text.split('\n');
    expect(lines[0]).toBe('EnKash diagnostics');
    expect(text).toContain('Environment: uat');
    expect(text).toContain(
      'Key derivation: configured sha256-16; confirmed sha256-16 (the Get Balance answer decrypts',
    );
    expect(lines.filter((l) => /^(3|5\.\d+) /.test(l))).toHaveLength(13);
    expect(lines.find((l) => l.startsWith('5.7 Get Balance'))).toMatch(
      /GET\s+\/api\/v0\/payout-account\/balance\s+answered\s+200/,
    );
    for (const secret of [CREDS.clientSecret, CREDS.password, 'tok-1']) expect(text).not.toContain(secret);
  });
});
