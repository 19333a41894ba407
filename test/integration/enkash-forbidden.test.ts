import { afterEach, describe, expect, it } from 'vitest';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { rejection } from '../support/rejection';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness } from './support/journal-harness';
import { confirmedBatch } from './support/lost-answer';

/**
 * Issue 11 point 3 against the Sandbox: "403 on login" (knob `forbidLogin`) and a 403 on one call (knob
 * `forbidOperations`). The real client and journal: the message names IP whitelisting, nothing is paid, the
 * token endpoint and the refused call are hit a counted, small number of times, and no lock is set.
 */

const FORBIDDEN_TEXT = /refused this computer.*IP address may not be whitelisted/i;

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(ENGINES)('403 on login (forbidLogin) (%s)', (engine) => {
  it('a clear error, one token call however often the app asks, no bad-credentials lock', async () => {
    h = await createHarness({ engine });
    h.sandbox.setDialect({ forbidLogin: true });
    const { client } = await h.deps.session();
    for (let i = 0; i < 4; i++) {
      const err = await rejection(i % 2 ? client.getBalance() : client.getToken());
      expect(err.code).toBe('auth_failed');
      expect(err.message).toMatch(FORBIDDEN_TEXT);
      expect(err.details).toMatchObject({ reason: 'forbidden', during: 'login', locked: false });
    }
    expect(h.sandbox.stats().byOperation.token).toBe(1);
    expect(h.sandbox.stats().failedLogins).toBe(0);
    expect(client.isLoginLocked()).toBe(false);

    // Whitelisted now: "Test connection" retries once and works.
    h.sandbox.setDialect({ forbidLogin: false });
    client.resetLoginLock();
    await expect(client.getToken()).resolves.toMatchObject({ obtained: true });
  });

  it('a submitted batch pauses with that message; nothing sent, nothing paid, no retry loop', async () => {
    h = await createHarness({ engine, profile: { batchChunkSize: 2 } });
    h.sandbox.setDialect({ forbidLogin: true });
    const balance = h.sandbox.balancePaise();
    const { batchId } = await confirmedBatch(h, 5, 21);
    const run = await createSubmissionEngine(h.deps).start(batchId);
    expect(run.state).toBe('PAUSED');
    expect(run.reason).toMatch(FORBIDDEN_TEXT);
    expect((await h.store.run(getBatchRowOps(batchId)))?.state).toBe('PAUSED');
    expect((await h.store.run(payoutsOfBatchOps(batchId))).every((r) => r.state === 'READY')).toBe(true);
    const stats = h.sandbox.stats();
    expect(stats.byOperation.token).toBe(1);
    expect(stats.byOperation.createBatchPayout ?? 0).toBe(0);
    expect(h.sandbox.ledger()).toEqual([]);
    expect(h.sandbox.balancePaise()).toBe(balance);
  });
});

describe.each(ENGINES)('403 on one call (forbidOperations) (%s)', (engine) => {
  it('the batch call: one re-login and one identical retry, then paused; nothing paid', async () => {
    // One sender, so the count is exact: the first chunk is tried (and retried once), and the batch stops.
    h = await createHarness({ engine, profile: { batchChunkSize: 2 }, timing: { concurrency: 1 } });
    h.sandbox.setDialect({ forbidOperations: ['createBatchPayout'] });
    const { batchId } = await confirmedBatch(h, 5, 22);
    const run = await createSubmissionEngine(h.deps).start(batchId);
    expect(run.state).toBe('PAUSED');
    expect(run.reason).toMatch(FORBIDDEN_TEXT);
    const rows = await h.store.run(payoutsOfBatchOps(batchId));
    expect(rows.some((r) => r.state === 'UNKNOWN')).toBe(false);
    expect(rows.every((r) => r.state === 'READY')).toBe(true);
    const stats = h.sandbox.stats();
    expect(stats.byOperation.createBatchPayout).toBe(2);
    expect(stats.byOperation.token).toBe(2);
    expect(h.sandbox.ledger()).toEqual([]);
    expect(h.sandbox.payouts()).toEqual([]);
  });

  it('a read is refused the same way; the other calls still answer', async () => {
    h = await createHarness({ engine });
    h.sandbox.setDialect({ forbidOperations: ['balance'] });
    const { client } = await h.deps.session();
    const err = await rejection(client.getBalance());
    expect(err.message).toMatch(FORBIDDEN_TEXT);
    expect(err.details).toMatchObject({ during: 'call', retryable: false });
    expect(h.sandbox.stats().byOperation.balance).toBe(2);
    await expect(client.getSourceAccountDetails()).resolves.toHaveLength(1);
    expect(client.isLoginLocked()).toBe(false);
  });
});
