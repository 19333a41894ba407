import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { get, q } from '../../src/main/db/store/ops';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { ACCEPTED_STATES, FINAL_STATES } from '../../src/main/services/journal/states';
import { reconcileTick } from '../../src/main/services/reconcile/startup';
import {
  checkLedger,
  createHarness,
  type Harness,
  type HarnessOptions,
  makeRows,
  seedSearchProof,
  stageConfirmed,
  sumPaise,
} from './support/journal-harness';
import { ENGINES } from '../support/test-store';

/**
 * The submission engine and the send path on both engines (issue 13 point 2): one implementation over `deps.store`,
 * the journal protocol unchanged — SENDING committed before a request leaves, an ambiguous answer UNKNOWN, no id
 * sent twice by the engine.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const sentCount = (h: Harness, id: string) => h.sandbox.ledger().filter((e) => e.transactionId === id).length;

async function until(what: () => Promise<boolean>, label: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${label}`);
}

describe.each(ENGINES)('the submission engine on %s', (engine) => {
  const harness = (opts: HarnessOptions = {}) => createHarness({ engine, ...opts });

  it('sends a confirmed batch in chunks, two at a time: every row accepted once, then polled to a final state', async () => {
    h = await harness({
      profile: { batchChunkSize: 7 },
      // The bank settles within milliseconds (not the default seconds): the poll step stays short on both engines.
      sandbox: { timing: { pendingMs: 20, processingMs: 20, reverseRate: 0 } },
      timing: { concurrency: 2 },
    });
    const rows = makeRows(40, 51);
    const batchId = await stageConfirmed(h, rows, { fileName: 'engines.csv' });
    const run = createSubmissionEngine(h.deps);

    expect((await run.start(batchId)).state).toBe('SENT');
    const sent = await h.rows(batchId);
    expect(sent).toHaveLength(40);
    expect(sent.every((r) => ACCEPTED_STATES.includes(r.state as never) && r.attempts === 1)).toBe(true);
    // 40 rows in chunks of 7: six batch calls, each chunk once.
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(6);
    for (const r of sent) expect(sentCount(h, r.transactionId)).toBe(1);
    const progress = await run.progress(batchId);
    expect(progress).toMatchObject({
      sent: 40,
      accepted: 40,
      unknown: 0,
      remaining: 0,
      amountSentPaise: sumPaise(rows),
    });
    const last = h.events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.progress.accepted).toBe(40);

    // The poller takes every accepted row to a final state; nothing is ever sent again.
    const { client } = await h.deps.session();
    await until(async () => {
      await reconcileTick(h!.deps, client);
      return (await h!.countIn(FINAL_STATES, batchId)) === 40;
    }, 'every row final');
    const ledger = await checkLedger(h);
    expect(ledger.paidTwice).toEqual([]);
    expect(ledger.mismatched).toEqual([]);
    expect(ledger.ledgerPaise).toBe(sumPaise(rows));
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(6);
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });

  it('an answer lost after EnKash processed it leaves the rows UNKNOWN (never failed); Search settles them, unsent', async () => {
    h = await harness({
      profile: { batchChunkSize: 5, requestTimeoutMs: 150 },
      sandbox: { faults: { faultRate: 1, kinds: ['timeout_after_processing'], hangMs: 400 } },
      timing: { concurrency: 1 },
    });
    const rows = makeRows(10, 52);
    const batchId = await stageConfirmed(h, rows, { fileName: 'lost.csv' });
    const run = createSubmissionEngine(h.deps);
    expect((await run.start(batchId)).state).toBe('SENT');
    // SENDING was committed before each request left; the lost answer made it UNKNOWN, never READY or FAILED.
    const after = await h.rows(batchId);
    expect(after.map((r) => r.state)).toEqual(Array(10).fill('UNKNOWN'));
    expect(after.every((r) => r.attempts === 1)).toBe(true);
    expect(await h.auditCount({ entity: 'payout', fromState: 'READY', toState: 'SENDING' })).toBe(10);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(2);
    for (const r of after) expect(sentCount(h, r.transactionId)).toBe(1);

    // EnKash has them: the reconciler finds them by Search instead of sending again.
    h.sandbox.setFaults({ faultRate: 0 });
    seedSearchProof(h);
    const { client } = await h.deps.session();
    await until(async () => {
      await reconcileTick(h!.deps, client);
      return (await h!.countIn(['UNKNOWN', 'SENDING'], batchId)) === 0;
    }, 'every row found');
    const ledger = await checkLedger(h);
    expect(ledger.paidTwice).toEqual([]);
    expect(ledger.mismatched).toEqual([]);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(2);
  });

  it('pause stops between chunks, cancel stops only what had not left', async () => {
    h = await harness({ profile: { batchChunkSize: 5 }, sandbox: { latencyMs: 15 }, timing: { concurrency: 1 } });
    const rows = makeRows(30, 53);
    const batchId = await stageConfirmed(h, rows, { fileName: 'stop.csv' });
    const run = createSubmissionEngine(h.deps);
    const sending = run.start(batchId);
    await until(async () => (await h!.countIn(ACCEPTED_STATES, batchId)) >= 5, 'first chunk');
    expect(await run.pause(batchId)).toBe(true);
    expect((await sending).state).toBe('PAUSED');
    const ready = await h.countIn(['READY'], batchId);
    expect(ready).toBeGreaterThan(0);

    const cancelled = await run.cancel(batchId);
    expect(cancelled.cancelledRows).toBe(ready);
    expect(cancelled.cancelledRows + cancelled.alreadySent.count).toBe(30);
    expect(await h.batchState(batchId)).toBe('CANCELLED');
    const total = await h.store.run(
      get<{ rowCount: number }>(q`SELECT row_count AS "rowCount" FROM batches WHERE id = ${batchId}`),
    );
    expect(total?.rowCount).toBe(30 - ready);
    for (const r of await h.rows(batchId)) {
      expect(sentCount(h, r.transactionId)).toBe(r.state === 'CANCELLED' ? 0 : 1);
    }
    // A cancelled batch is not sent again.
    expect((await run.start(batchId)).state).toBe('CANCELLED');
    expect(await h.countIn(['CANCELLED'], batchId)).toBe(ready);
  });

  it('two engines on one database (two processes) send one batch together: each chunk once, every lease given back', async () => {
    h = await harness({ profile: { batchChunkSize: 4 }, sandbox: { latencyMs: 10 }, timing: { concurrency: 2 } });
    const rows = makeRows(48, 54);
    const batchId = await stageConfirmed(h, rows, { fileName: 'twice.csv' });
    const one = createSubmissionEngine(h.deps);
    const two = createSubmissionEngine(await h.secondDeps());
    const results = await Promise.all([one.start(batchId), two.start(batchId)]);
    // The engine that finishes last sees nothing READY and marks the batch SENT; one that finishes while the other
    // holds a claimed chunk still to depart answers SENDING (that chunk is the other's to send).
    for (const r of results) expect(['SENT', 'SENDING']).toContain(r.state);
    expect(results.some((r) => r.state === 'SENT')).toBe(true);
    expect(await h.batchState(batchId)).toBe('SENT');
    const after = await h.rows(batchId);
    expect(after.every((r) => ACCEPTED_STATES.includes(r.state as never) && r.attempts === 1)).toBe(true);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(12);
    for (const r of after) expect(sentCount(h, r.transactionId)).toBe(1);
    // Every chunk once: one departure each in the audit trail, and no lease left behind (PostgreSQL's columns).
    expect(await h.auditCount({ entity: 'chunk', fromState: 'READY', toState: 'SENDING' })).toBe(12);
    if (engine === 'pg') {
      const held = await h.store.run(
        get<{ n: number }>(q`SELECT count(*) AS n FROM chunks WHERE lease_owner IS NOT NULL`),
      );
      expect(held?.n).toBe(0);
    }
  });
});
