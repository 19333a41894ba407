import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/main/sandbox/index';
import { manualClock, PATHS, TestClient, transfer } from './sandbox-test-client';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function open(options: SandboxOptions = {}): Promise<{ sb: SandboxHandle; client: TestClient }> {
  // A frozen clock unless a test brings its own: statuses must not depend on the machine's speed.
  sandbox = await startSandbox({ now: manualClock().now, timing: { failRate: 0, reverseRate: 0 }, ...options });
  const client = new TestClient(sandbox.url);
  await client.login();
  return { sb: sandbox, client };
}

describe('sandbox create payout', () => {
  it('accepts a payout as PROCESSING, debits once and answers in an encrypted success wrapper', async () => {
    const { sb, client } = await open({ initialBalancePaise: 1_000_00 });
    const res = await client.call('POST', PATHS.payout, transfer('TXN1'));
    expect(res.status).toBe(200);
    expect(res.encrypted).toBe(true);
    expect(res.plain).toMatchObject({ response_code: 0, response_message: 'Success' });
    const payload = res.plain.payload as Record<string, unknown>;
    expect(payload).toMatchObject({
      transactionId: 'TXN1',
      payoutStatus: 'PROCESSING',
      transferAmount: 100.5,
      transferMode: 'IMPS',
    });
    expect(payload.enkashTransactionId).toMatch(/^EKPT\d{10}$/);
    expect(sb.ledger()).toEqual([{ transactionId: 'TXN1', amountPaise: 100_50, at: expect.any(Number) }]);
    expect(sb.balancePaise()).toBe(1_000_00 - 100_50);
  });

  it('reads amounts exactly from the JSON text: 1.10 + 2.20 debits exactly 330 paise; 3 decimals are REJECT_TRF_AMT', async () => {
    const { sb, client } = await open({ initialBalancePaise: 10_000_00 });
    const send = (id: string, amountText: string) =>
      client.call('POST', PATHS.payout, undefined, {
        plainText: JSON.stringify(transfer(id, { transferAmount: 0 })).replace(
          '"transferAmount":0',
          `"transferAmount":${amountText}`,
        ),
      });
    await send('A1', '1.10');
    await send('A2', '2.20');
    expect(sb.ledger().reduce((s, e) => s + e.amountPaise, 0)).toBe(330);
    expect(sb.balancePaise()).toBe(10_000_00 - 330);
    const threeDecimals = await send('A3', '1.005');
    expect(threeDecimals.plain.payload).toMatchObject({ payoutStatus: 'REJECTED', rejectCode: 'REJECT_TRF_AMT' });
    const tiny = await send('A4', '0.99');
    expect(tiny.plain.payload).toMatchObject({ payoutStatus: 'REJECTED', rejectCode: 'REJECT_TRF_AMT' });
    const big = await send('A5', '9007199254740993.01');
    expect(big.plain.payload).toMatchObject({ payoutStatus: 'REJECTED', rejectCode: 'REJECT_TRF_AMT' });
    expect(sb.paidCount('A3') + sb.paidCount('A4') + sb.paidCount('A5')).toBe(0);
  });

  it('answers 409 for a reused transactionId, but lets a REJECTED one be re-initiated once fixed', async () => {
    const { sb, client } = await open();
    await client.call('POST', PATHS.payout, transfer('DUP1'));
    const again = await client.call('POST', PATHS.payout, transfer('DUP1'));
    expect(again.status).toBe(409);
    expect(again.plain).toEqual({ code: 409, message: 'Transaction ID already exists' });

    const bad = await client.call('POST', PATHS.payout, transfer('FIX1', { transferMode: 'CHEQUE' }));
    expect(bad.plain.payload).toMatchObject({ payoutStatus: 'REJECTED', rejectCode: 'REJECT_TRF_MODE' });
    expect(sb.paidCount('FIX1')).toBe(0);
    const fixed = await client.call('POST', PATHS.payout, transfer('FIX1'));
    expect(fixed.status).toBe(200);
    expect(fixed.plain.payload).toMatchObject({ transactionId: 'FIX1', payoutStatus: 'PROCESSING' });
    expect(sb.paidCount('FIX1')).toBe(1);
    expect(sb.payouts().find((p) => p.transactionId === 'FIX1')?.attempts).toBe(2);
    expect((await client.call('POST', PATHS.payout, transfer('FIX1'))).status).toBe(409);
    expect(sb.paidCount('FIX1')).toBe(1);
  });

  it('rejects an unaffordable payout as REJECTED/REJECT_TRF_AMT "Insufficient balance…", re-initiable after a top-up', async () => {
    const { sb, client } = await open({ initialBalancePaise: 50_00 });
    const res = await client.call('POST', PATHS.payout, transfer('POOR1'));
    expect(res.plain.payload).toMatchObject({
      payoutStatus: 'REJECTED',
      rejectCode: 'REJECT_TRF_AMT',
      rejectReason: 'Insufficient balance in the fund source',
    });
    expect(sb.balancePaise()).toBe(50_00);
    sb.addFunds(100_00);
    const retry = await client.call('POST', PATHS.payout, transfer('POOR1'));
    expect(retry.plain.payload).toMatchObject({ payoutStatus: 'PROCESSING' });
    expect(sb.balancePaise()).toBe(150_00 - 100_50);
  });

  it('applies the documented reject codes per field', async () => {
    const { client } = await open();
    const cases: [Record<string, unknown>, string][] = [
      [transfer('R1', { transferMode: 'IMPS', transferAmount: 200_000.01 }), 'REJECT_TRF_AMT'],
      [transfer('R2', { transferRemark: 'bad/remark' }), 'REJECT_TRF_RMK'],
      [transfer('R3', { fundSourceId: 'EKOTHER123' }), 'REJECT_FND_SRC_ID'],
      [
        transfer('R4', {
          beneficiaryDetail: {
            beneficiaryName: 'R2D2',
            beneficiaryAccountNumber: '123456789',
            beneficiaryIfsc: 'HDFC0000001',
          },
        }),
        'REJECT_BENEF_NAME',
      ],
      [
        transfer('R5', { beneficiaryDetail: { beneficiaryName: 'Asha', beneficiaryAccountNumber: '123456789' } }),
        'REJECT_BENEF_IFSC',
      ],
      [transfer('R6', { transferMode: 'UPI' }), 'REJECT_TRF_MODE'],
      [transfer('R7', { beneficiaryDetail: undefined, beneficiaryId: 'NOSUCH1' }), 'REJECT_BENEF_ID'],
      [
        transfer('R8', {
          beneficiaryDetail: { beneficiaryName: 'Asha', vpaHandle: 'asha@okaxis', beneficiaryEmail: 'nope' },
          transferMode: 'UPI',
        }),
        'REJECT_BENEF_EMAIL',
      ],
    ];
    for (const [body, code] of cases) {
      const res = await client.call('POST', PATHS.payout, body);
      expect(res.plain.payload, JSON.stringify(body)).toMatchObject({ payoutStatus: 'REJECTED', rejectCode: code });
    }
    const upi = await client.call(
      'POST',
      PATHS.payout,
      transfer('U1', { transferMode: 'UPI', beneficiaryDetail: { beneficiaryName: 'Asha', vpaHandle: 'asha@okaxis' } }),
    );
    expect(upi.plain.payload).toMatchObject({ payoutStatus: 'PROCESSING' });
  });
});

describe('sandbox batch payout', () => {
  it('splits items into successful (PENDING) and failed (REJECTED with rejectCode) lists', async () => {
    const { sb, client } = await open();
    const res = await client.call('POST', PATHS.batch, {
      batchTransactionId: 'B1',
      transfers: [
        transfer('B1T1'),
        transfer('B1T2', { transferAmount: 0.5 }),
        transfer('B1T3', { transferMode: 'NEFT' }),
        { transferAmount: 5 },
      ],
    });
    expect(res.status).toBe(200);
    const p = res.plain.payload as Record<string, Record<string, unknown>[]>;
    expect(p.batchTransactionId).toBe('B1');
    expect(p.successfulPayoutTransactionCreateResponses!.map((i) => [i.transactionId, i.payoutStatus])).toEqual([
      ['B1T1', 'PENDING'],
      ['B1T3', 'PENDING'],
    ]);
    expect(p.failedPayoutTransactionCreateResponses!.map((i) => [i.transactionId, i.rejectCode])).toEqual([
      ['B1T2', 'REJECT_TRF_AMT'],
      [undefined, 'REJECT_TXN_ID'],
    ]);
    expect(sb.ledger().map((e) => e.transactionId)).toEqual(['B1T1', 'B1T3']);
  });

  it('answers 409 for a reused batchTransactionId, and for any item id already used, without moving money', async () => {
    const { sb, client } = await open();
    await client.call('POST', PATHS.batch, { batchTransactionId: 'B2', transfers: [transfer('B2T1')] });
    const sameBatch = await client.call('POST', PATHS.batch, {
      batchTransactionId: 'B2',
      transfers: [transfer('B2T9')],
    });
    expect(sameBatch.status).toBe(409);
    expect(sameBatch.plain).toEqual({ code: 409, message: 'Batch Transaction ID already exists' });
    const reusedItem = await client.call('POST', PATHS.batch, {
      batchTransactionId: 'B3',
      transfers: [transfer('B3T1'), transfer('B2T1')],
    });
    expect(reusedItem.plain).toEqual({ code: 409, message: 'Transaction ID already exists' });
    const repeatedInside = await client.call('POST', PATHS.batch, {
      batchTransactionId: 'B4',
      transfers: [transfer('X1'), transfer('X1')],
    });
    expect(repeatedInside.status).toBe(409);
    expect(sb.ledger().map((e) => e.transactionId)).toEqual(['B2T1']);
    const invalid = await client.call('POST', PATHS.batch, { batchTransactionId: 'B5', transfers: [] });
    expect(invalid.status).toBe(422);
  });
});

describe('sandbox search payouts', () => {
  it('filters by body fields and pages by offset/limit query, returning {content, totalElements}', async () => {
    const { client } = await open();
    await client.call('POST', PATHS.batch, {
      batchTransactionId: 'S1',
      transfers: [transfer('S1A'), transfer('S1B'), transfer('S1C', { transferMode: 'X' })],
    });
    await client.call('POST', PATHS.payout, transfer('S2A'));
    const byBatch = await client.call('POST', `${PATHS.search}?offset=1&limit=1`, { batchTransactionId: 'S1' });
    expect(byBatch.plain.payload).toMatchObject({
      totalElements: 3,
      content: [{ transactionId: 'S1B', batchTransactionId: 'S1' }],
    });
    const rejected = await client.call('POST', PATHS.search, { payoutStatus: 'REJECTED' });
    expect(rejected.plain.payload).toMatchObject({
      totalElements: 1,
      content: [{ transactionId: 'S1C', rejectCode: 'REJECT_TRF_MODE' }],
    });
    const one = await client.call('POST', PATHS.search, { transactionId: 'S2A' });
    const item = (one.plain.payload as { content: Record<string, unknown>[] }).content[0]!;
    const byEnkash = await client.call('POST', PATHS.search, { enkashTransactionId: item.enkashTransactionId });
    expect((byEnkash.plain.payload as { totalElements: number }).totalElements).toBe(1);
    const none = await client.call('POST', PATHS.search, { transactionId: 'NOPE' });
    expect(none.plain.payload).toEqual({ content: [], totalElements: 0 });
    expect((await client.call('POST', `${PATHS.search}?limit=0`, {})).status).toBe(422);
    expect((await client.call('POST', PATHS.search, { payoutStatus: 'WEIRD' })).status).toBe(422);
  });

  it('treats offset as a page number under dialect.searchOffset=page', async () => {
    const { client } = await open({ dialect: { searchOffset: 'page' } });
    await client.call('POST', PATHS.batch, {
      batchTransactionId: 'P1',
      transfers: ['P1', 'P2', 'P3', 'P4', 'P5'].map((id) => transfer(id)),
    });
    const page = await client.call('POST', `${PATHS.search}?offset=1&limit=2`, {});
    expect(
      (page.plain.payload as { content: { transactionId: string }[] }).content.map((c) => c.transactionId),
    ).toEqual(['P3', 'P4']);
  });
});
