import { afterEach, describe, expect, it } from 'vitest';
import { DecryptError } from '../../src/main/enkash/crypto';
import { FAULT_KINDS, startSandbox, type FaultKind, type SandboxHandle } from '../../src/main/sandbox/index';
import { manualClock, PATHS, TestClient, transfer, type ApiResponse } from './sandbox-test-client';

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

type Outcome = { kind: 'answer'; res: ApiResponse } | { kind: 'socket' } | { kind: 'undecryptable' };

async function attempt(client: TestClient, path: string, body: unknown): Promise<Outcome> {
  try {
    return { kind: 'answer', res: await client.call('POST', path, body) };
  } catch (e) {
    if (e instanceof DecryptError) return { kind: 'undecryptable' };
    if (e instanceof Error && /socket hang up|ECONNRESET/.test(`${e.message} ${(e as { code?: string }).code}`)) {
      return { kind: 'socket' };
    }
    throw e;
  }
}

/** What the client sees under each fault, and whether the sandbox processed the request first. */
const EXPECTED: Record<FaultKind, { processed: boolean; check: (o: Outcome) => void }> = {
  timeout_after_processing: { processed: true, check: (o) => expect(o.kind).toBe('socket') },
  http5xx_before: { processed: false, check: (o) => expect(o.kind === 'answer' && o.res.status).toBe(503) },
  http5xx_after: { processed: true, check: (o) => expect(o.kind === 'answer' && o.res.status).toBe(500) },
  garbled_envelope: { processed: true, check: (o) => expect(o.kind).toBe('undecryptable') },
  token_expiry: { processed: false, check: (o) => expect(o.kind === 'answer' && o.res.status).toBe(401) },
  code1_after: {
    processed: true,
    check: (o) => {
      expect(o.kind === 'answer' && o.res.status).toBe(200);
      expect(o.kind === 'answer' && o.res.plain).toMatchObject({ response_code: 1, response_message: 'Failure' });
    },
  },
};

describe('sandbox faults never pay twice', () => {
  for (const kind of FAULT_KINDS) {
    it(`${kind} at faultRate 1: single payout is paid at most once, and exactly once after an identical resend`, async () => {
      // A frozen clock: the status asserted below must not depend on how fast the machine is.
      const clock = manualClock();
      sandbox = await startSandbox({ now: clock.now, faults: { faultRate: 1, kinds: [kind] } });
      const client = new TestClient(sandbox.url);
      await client.login();
      const body = transfer(`S${kind.replace(/_/g, '')}`);
      const id = body.transactionId as string;
      EXPECTED[kind].check(await attempt(client, PATHS.payout, body));
      expect(sandbox.paidCount(id)).toBe(EXPECTED[kind].processed ? 1 : 0);
      expect(sandbox.stats().faults[kind]).toBe(1);

      sandbox.setFaults({ faultRate: 0 });
      if (kind === 'token_expiry') {
        expect((await client.call('POST', PATHS.search, { transactionId: id })).status).toBe(401);
        await client.login();
      }
      const resend = await client.call('POST', PATHS.payout, body);
      expect(resend.status).toBe(EXPECTED[kind].processed ? 409 : 200);
      expect(sandbox.paidCount(id)).toBe(1);
      const found = await client.call('POST', PATHS.search, { transactionId: id });
      expect(found.plain.payload).toMatchObject({
        totalElements: 1,
        content: [{ transactionId: id, payoutStatus: 'PROCESSING' }],
      });
    });

    it(`${kind} at faultRate 1: a batch is paid at most once, and a resent batch answers 409`, async () => {
      sandbox = await startSandbox({ faults: { faultRate: 1, kinds: [kind] } });
      const client = new TestClient(sandbox.url);
      await client.login();
      const batch = { batchTransactionId: `B${kind.replace(/_/g, '')}`, transfers: [transfer('I1'), transfer('I2')] };
      EXPECTED[kind].check(await attempt(client, PATHS.batch, batch));
      const paid = EXPECTED[kind].processed ? 1 : 0;
      expect([sandbox.paidCount('I1'), sandbox.paidCount('I2')]).toEqual([paid, paid]);
      sandbox.setFaults({ faultRate: 0 });
      if (kind === 'token_expiry') await client.login();
      const resend = await client.call('POST', PATHS.batch, batch);
      expect(resend.status).toBe(EXPECTED[kind].processed ? 409 : 200);
      expect([sandbox.paidCount('I1'), sandbox.paidCount('I2')]).toEqual([1, 1]);
    });
  }

  it('token_expiry also hits non-payout calls; other kinds leave them alone', async () => {
    sandbox = await startSandbox({ faults: { faultRate: 1, kinds: ['http5xx_before', 'garbled_envelope'] } });
    const client = new TestClient(sandbox.url);
    await client.login();
    expect((await client.call('GET', PATHS.balance)).status).toBe(200);
    expect((await client.call('POST', PATHS.search, {})).status).toBe(200);
    sandbox.setFaults({ kinds: ['token_expiry'] });
    expect((await client.call('GET', PATHS.balance)).status).toBe(401);
  });

  it('a journal-style client under random faults of every kind ends with each payout paid exactly once', async () => {
    const initial = 10_000_000_00;
    sandbox = await startSandbox({ seed: 20250101, initialBalancePaise: initial, faults: { faultRate: 0.5 } });
    const client = new TestClient(sandbox.url);
    await client.login();
    const ids = Array.from({ length: 30 }, (_, i) => `J${i}`);
    for (const id of ids) {
      const body = transfer(id, { transferAmount: 1 + ids.indexOf(id) });
      let settled = false;
      for (let round = 0; round < 100 && !settled; round++) {
        expect(sandbox.paidCount(id)).toBeLessThanOrEqual(1);
        const o = await attempt(client, PATHS.payout, body);
        if (o.kind !== 'answer') continue; // unknown outcome: resend the identical request
        if (o.res.status === 401) await client.login();
        else if (o.res.status === 409) settled = true;
        else if (o.res.status === 200 && o.res.plain.response_code === 0) settled = true;
      }
      expect(settled).toBe(true);
    }
    expect(ids.map((id) => sandbox!.paidCount(id))).toEqual(ids.map(() => 1));
    const expectedDebit = ids.reduce((s, _, i) => s + (1 + i) * 100, 0);
    expect(sandbox.ledger().reduce((s, e) => s + e.amountPaise, 0)).toBe(expectedDebit);
    const f = sandbox.stats().faults;
    expect(FAULT_KINDS.filter((k) => f[k] > 0).length).toBeGreaterThanOrEqual(5);
  });
});
