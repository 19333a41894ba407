import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/main/sandbox/index';
import { manualClock, PATHS, TestClient, transfer } from './sandbox-test-client';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function open(options: SandboxOptions = {}): Promise<{ sb: SandboxHandle; client: TestClient }> {
  sandbox = await startSandbox({ timing: { failRate: 0, reverseRate: 0 }, ...options });
  const client = new TestClient(sandbox.url);
  await client.login();
  return { sb: sandbox, client };
}

describe('sandbox lifecycle on the injected clock', () => {
  it('moves single payouts PROCESSING → SUCCESS with a 12-char UTR and batch items PENDING → PROCESSING → SUCCESS', async () => {
    const clock = manualClock();
    const { client } = await open({
      now: clock.now,
      tokenTtlSeconds: 3600,
      timing: { pendingMs: 1000, processingMs: 5000, failRate: 0, reverseRate: 0 },
    });
    await client.call('POST', PATHS.payout, transfer('L1'));
    await client.call('POST', PATHS.batch, { batchTransactionId: 'LB', transfers: [transfer('L2')] });
    const status = async (id: string) => {
      const r = await client.call('POST', PATHS.search, { transactionId: id });
      return (r.plain.payload as { content: Record<string, unknown>[] }).content[0]!;
    };
    expect((await status('L1')).payoutStatus).toBe('PROCESSING');
    expect((await status('L2')).payoutStatus).toBe('PENDING');
    clock.advance(1000);
    expect((await status('L2')).payoutStatus).toBe('PROCESSING');
    clock.advance(4000);
    const l1 = await status('L1');
    expect(l1.payoutStatus).toBe('SUCCESS');
    expect(l1.utr).toMatch(/^\d{12}$/);
    expect((await status('L2')).payoutStatus).toBe('PROCESSING');
    clock.advance(1000);
    expect((await status('L2')).payoutStatus).toBe('SUCCESS');
  });

  it('fails "… FAIL" payees (credit back) and reverses "… REVERSE" payees later (credit back); statement shows all of it', async () => {
    const clock = manualClock();
    const { sb, client } = await open({
      now: clock.now,
      tokenTtlSeconds: 3600,
      initialBalancePaise: 1_000_00,
      timing: { processingMs: 2000, reversalMs: 10_000, failRate: 0, reverseRate: 0 },
    });
    const detail = (name: string) => ({
      beneficiaryName: name,
      beneficiaryAccountNumber: '123456789012',
      beneficiaryIfsc: 'SBIN0001234',
    });
    await client.call(
      'POST',
      PATHS.payout,
      transfer('F1', { beneficiaryDetail: detail('Ravi FAIL'), transferAmount: 10 }),
    );
    await client.call(
      'POST',
      PATHS.payout,
      transfer('V1', { beneficiaryDetail: detail('Meera REVERSE'), transferAmount: 20 }),
    );
    await client.call('POST', PATHS.payout, transfer('OK1', { transferAmount: 30 }));
    expect(sb.balancePaise()).toBe(1_000_00 - 60_00);
    clock.advance(2000);
    const byId = () => Object.fromEntries(sb.payouts().map((p) => [p.transactionId, p]));
    expect(byId().F1).toMatchObject({ status: 'FAILED', failureReason: expect.any(String) });
    expect(byId().V1).toMatchObject({ status: 'SUCCESS', utr: expect.stringMatching(/^\d{12}$/) });
    expect(sb.balancePaise()).toBe(1_000_00 - 50_00);
    clock.advance(10_000);
    expect(byId().V1).toMatchObject({ status: 'REVERSED' });
    expect(sb.balancePaise()).toBe(1_000_00 - 30_00);
    expect(sb.ledger().map((e) => e.transactionId)).toEqual(['F1', 'V1', 'OK1']);

    const stmt = await client.call('POST', PATHS.statement, {
      fundSourceId: 'EKSANDBOX1',
      debitAccountNumber: '50100012345678',
      fromDate: '2025-01-01',
      toDate: '2025-12-31',
    });
    expect(stmt.encrypted).toBe(true);
    expect(stmt.plain.response_code).toBe('0');
    expect(stmt.plain.response_message).toBe('Success');
    expect(typeof stmt.plain.requestId).toBe('string');
    const lines = stmt.plain.data as Record<string, unknown>[];
    expect(lines.map((l) => [l.transactionId, l.transactionType, l.transactionAmount])).toEqual([
      [expect.stringMatching(/^EKFUND/), 'CREDIT', 1000],
      ['F1', 'DEBIT', 10],
      ['V1', 'DEBIT', 20],
      ['OK1', 'DEBIT', 30],
      ['F1', 'CREDIT', 10],
      ['V1', 'CREDIT', 20],
    ]);
    expect(lines.map((l) => l.runningBalance)).toEqual([1000, 990, 970, 940, 950, 970]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual([
        'remarks',
        'runningBalance',
        'transactionAmount',
        'transactionDate',
        'transactionId',
        'transactionMode',
        'transactionReferenceNumber',
        'transactionType',
        'valueDate',
      ]);
    }
    const narrow = await client.call('POST', PATHS.statement, {
      fundSourceId: 'EKSANDBOX1',
      debitAccountNumber: '50100012345678',
      fromDate: new Date(clock.now() - 1000).toISOString(),
      toDate: new Date(clock.now()).toISOString(),
    });
    expect((narrow.plain.data as Record<string, unknown>[]).map((l) => l.transactionId)).toEqual(['V1']);
  });

  it('fails every payout when timing.failRate is 1, and the same seed gives the same UTRs', async () => {
    const clock = manualClock();
    const { sb, client } = await open({ now: clock.now, seed: 42, timing: { processingMs: 10, failRate: 1 } });
    for (const id of ['Q1', 'Q2', 'Q3']) await client.call('POST', PATHS.payout, transfer(id));
    clock.advance(10);
    expect(sb.payouts().map((p) => p.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);

    const utrs = async () => {
      const c2 = manualClock();
      const s = await startSandbox({ now: c2.now, seed: 9, timing: { processingMs: 10, failRate: 0, reverseRate: 0 } });
      const c = new TestClient(s.url);
      await c.login();
      await c.call('POST', PATHS.payout, transfer('SAME1'));
      c2.advance(10);
      const utr = s.payouts()[0]!.utr;
      await s.close();
      return utr;
    };
    expect(await utrs()).toBe(await utrs());
  });
});
