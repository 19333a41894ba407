import { afterEach, describe, expect, it } from 'vitest';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { CHECKSUM_REQUIRED_MESSAGE, isOutcomeUnknown } from '../../src/main/enkash/errors';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { rejection } from '../support/rejection';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness } from './support/journal-harness';
import { confirmedBatch } from './support/lost-answer';

/**
 * Issue 11 point 2: an account that demands a request checksum (Sandbox knob `checksumDemanded`). The real
 * client, the real journal and the Sandbox over loopback: the refusal is clear, nothing is paid, and the batch
 * is sent once per chunk — no retry loop.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(ENGINES)('checksum demanded (%s)', (engine) => {
  it.each([
    ['as HTTP 412', true],
    ['as body code 412 on HTTP 200', false],
  ])('%s: a submitted batch is refused clearly, nothing is paid, one request per chunk', async (_l, asStatus) => {
    h = await createHarness({ engine, profile: { batchChunkSize: 3 } });
    h.sandbox.setDialect({ checksumDemanded: true, errorsAsHttpStatus: asStatus });
    const balanceBefore = h.sandbox.balancePaise();
    const { batchId } = await confirmedBatch(h, 7, 11);

    const run = await createSubmissionEngine(h.deps).start(batchId);

    const rows = await h.store.run(payoutsOfBatchOps(batchId));
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.state === 'REJECTED')).toBe(true);
    for (const r of rows) expect(r.failureReason).toContain(CHECKSUM_REQUIRED_MESSAGE);
    expect(rows.some((r) => r.state === 'UNKNOWN')).toBe(false);
    expect(run.state).not.toBe('PAUSED');
    expect((await h.store.run(getBatchRowOps(batchId)))?.state).not.toBe('SENDING');
    // Nothing paid: no ledger line, no payout held by the Sandbox, the balance untouched.
    expect(h.sandbox.ledger()).toEqual([]);
    expect(h.sandbox.payouts()).toEqual([]);
    expect(h.sandbox.balancePaise()).toBe(balanceBefore);
    // 7 rows in chunks of 3 → 3 batch calls, each sent exactly once, and one login.
    const stats = h.sandbox.stats();
    expect(stats.byOperation.createBatchPayout).toBe(3);
    expect(stats.byOperation.createPayout ?? 0).toBe(0);
    expect(stats.byOperation.token).toBe(1);
  });

  it('every mutating call is refused with the checksum message; reads still answer', async () => {
    h = await createHarness({ engine });
    h.sandbox.setDialect({ checksumDemanded: true });
    const { client } = await h.deps.session();
    // Thunks, called one at a time: each refusal is awaited before the next request leaves.
    const refusals = [
      () =>
        client.createBeneficiary({
          beneficiaryId: 'BENCHK01',
          name: 'Asha Rao',
          accountNumber: '000123456789',
          ifsc: 'HDFC0001234',
        }),
      () =>
        client.createPayout({
          transactionId: 'TXNCHK01',
          amountPaise: 10_000,
          mode: 'IMPS',
          beneficiaryId: 'BENCHK01',
        }),
      () => client.deleteBeneficiary('BENCHK01'),
      () => client.createWebhook({ webhookUrl: 'https://hooks.example.com/enkash', events: ['PAYOUT_SUCCESS'] }),
    ];
    for (const call of refusals) {
      const err = await rejection(call());
      expect(err.code).toBe('enkash_rejected');
      expect(isOutcomeUnknown(err)).toBe(false);
      expect(err.message).toBe(CHECKSUM_REQUIRED_MESSAGE);
    }
    await expect(client.getBalance()).resolves.toMatchObject({ totalBalancePaise: h.sandbox.balancePaise() });
    expect(h.sandbox.payouts()).toEqual([]);
  });

  it('off (the default preset): the same batch is paid', async () => {
    h = await createHarness({ engine });
    const { batchId } = await confirmedBatch(h, 2, 12);
    await createSubmissionEngine(h.deps).start(batchId);
    expect(h.sandbox.ledger()).toHaveLength(2);
  });
});
