import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { chunksOfBatchOps, getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { reconcileTick } from '../../src/main/services/reconcile/startup';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { preflight } from '../../src/main/services/submission/preflight';
import { getBatchProgressOps } from '../../src/main/services/journal/progress';
import { createSinglePayoutOnStore } from '../../src/main/services/submission/single';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  rupees,
  SHA,
  sumPaise,
} from './support/journal-harness';
import { createAppRuntime } from '../../src/main/services/lifecycle';
import { claimChunk } from './support/lost-answer';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(ENGINES)('batch submission against the sandbox (%s)', (engine) => {
  const rowsOf = (batchId: number) => h!.store.run(payoutsOfBatchOps(batchId));
  const batchStateOf = async (batchId: number) => (await h!.store.run(getBatchRowOps(batchId)))?.state;

  it('stages, confirms and sends 250 rows in chunks; every row accepted once, totals equal to the paisa', async () => {
    h = await createHarness({ engine, profile: { batchChunkSize: 40 } });
    const rows = makeRows(250, 3);
    const staged = await stageBatchOnStore(h.deps, { fileName: 'march.csv', sha256: SHA, kind: 'payouts', rows });
    expect(staged.batchId).not.toBeNull();
    expect(staged.counts).toMatchObject({ rows: 250, staged: 250, skipped: 0, totalPaise: sumPaise(rows) });
    const batchId = staged.batchId!;
    // Every id is committed before anything is sent: 250 distinct transactionIds, 7 chunks, all DRAFT.
    const drafts = await rowsOf(batchId);
    expect(new Set(drafts.map((d) => d.transactionId)).size).toBe(250);
    expect(drafts.every((d) => d.state === 'DRAFT' && /^[A-Z0-9]{23}$/.test(d.transactionId))).toBe(true);
    expect(new Set(drafts.map((d) => d.chunkId)).size).toBe(7);
    expect(h.sandbox.stats().byOperation.createBatchPayout ?? 0).toBe(0);

    const report = await preflight(h.deps, batchId);
    expect(report.blocks).toEqual([]);
    expect(report.totalPaise).toBe(sumPaise(rows));
    expect(report.totalsByMode.UPI.count).toBe(25);
    await confirmBatch(h.deps, batchId, rupees(report.totalPaise));
    expect(await batchStateOf(batchId)).toBe('CONFIRMED');

    const submission = createSubmissionEngine(h.deps);
    const run = await submission.start(batchId);
    expect(run.state).toBe('SENT');
    const after = await rowsOf(batchId);
    expect(after.every((p) => ACCEPTED_STATES.includes(p.state))).toBe(true);
    expect(h.sandbox.stats().byOperation.createBatchPayout).toBe(7);
    for (const p of after) expect(h.sandbox.paidCount(p.transactionId)).toBe(1);
    const ledger = h.sandbox.ledger().reduce((s, e) => s + e.amountPaise, 0);
    expect(ledger).toBe(sumPaise(rows));
    const progress = await h.store.run(getBatchProgressOps(batchId));
    expect(progress).toMatchObject({
      sent: 250,
      accepted: 250,
      unknown: 0,
      remaining: 0,
      amountSentPaise: sumPaise(rows),
    });
    // Progress events streamed, the last one the full picture.
    const last = h.events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.progress.accepted).toBe(250);
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });

  it('a single payout goes out on the single call and is tracked like a batch row', async () => {
    h = await createHarness({ engine });
    const staged = await createSinglePayoutOnStore(h.deps, {
      values: {
        name: 'Asha Iyer',
        accountNumber: '123456789012',
        ifsc: 'HDFC0000001',
        amount: '1,500.50',
        remark: 'Refund',
      },
    });
    expect(staged.batchId).not.toBeNull();
    await confirmBatch(h.deps, staged.batchId!, '1500.50');
    const run = await createSubmissionEngine(h.deps).start(staged.batchId!);
    expect(run.state).toBe('SENT');
    const [row] = await rowsOf(staged.batchId!);
    expect(row).toMatchObject({ state: 'PROCESSING', lastRoute: 'single', chunkId: null, amountPaise: 150050 });
    expect(h.sandbox.stats().byOperation.createPayout).toBe(1);
    expect(h.sandbox.paidCount(row!.transactionId)).toBe(1);
  });

  it('the runtime: start-up recovery gates the engine, batches that were sending resume, the poller runs', async () => {
    h = await createHarness({
      engine,
      sandbox: { timing: { pendingMs: 0, processingMs: 0, failRate: 0, reverseRate: 0 } },
      profile: { batchChunkSize: 10 },
    });
    const rows = makeRows(30, 4);
    const { batchId } = await stageBatchOnStore(h.deps, { fileName: 'rt.csv', sha256: SHA, kind: 'payouts', rows });
    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    // A previous process died with the first chunk SENDING (its request never left): attempt 1, the batch route.
    const [chunk] = await h.store.run(chunksOfBatchOps(batchId!));
    await claimChunk(h, chunk!.id);
    // PostgreSQL: the runtime takes the journal lease itself, as the app does (the harness's would keep it out).
    await h.dropLease();
    const runtime = createAppRuntime(h.deps, { pollEveryMs: 10 });
    const report = await runtime.start();
    expect(report.interrupted).toBe(10);
    try {
      for (let i = 0; i < 500; i++) {
        const left = (await rowsOf(batchId!)).filter((p) => p.state !== 'SUCCESS').length;
        if (left === 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await runtime.stop();
    }
    expect((await rowsOf(batchId!)).map((p) => p.state)).toEqual(new Array(30).fill('SUCCESS'));
    expect((await checkLedger(h)).paidTwice).toEqual([]);
    expect(await batchStateOf(batchId!)).toBe('SENT');
  });

  it('the poller follows PENDING → PROCESSING → SUCCESS (with UTR) and catches a later REVERSED', async () => {
    const clock = manualClock();
    h = await createHarness({
      engine,
      clock,
      sandbox: { timing: { pendingMs: 1_000, processingMs: 2_000, reversalMs: 10_000, failRate: 0, reverseRate: 0 } },
      timing: { pollDelaysMs: [500, 1_000], reversalCheckEveryMs: 5_000, reversalWatchMs: 60_000 },
    });
    const rows = makeRows(6, 9, 0).map((r, i) =>
      i === 0 ? { ...r, values: { ...r.values, name: 'Ravi Kumar REVERSE' } } : r,
    );
    const { batchId } = await stageBatchOnStore(h.deps, { fileName: 'p.csv', sha256: SHA, kind: 'payouts', rows });
    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    await createSubmissionEngine(h.deps).start(batchId!);
    const { client } = await h.deps.session();
    expect((await rowsOf(batchId!)).every((p) => p.state === 'PENDING')).toBe(true);
    // Not due yet: nothing is asked.
    const before = h.sandbox.stats().byOperation.searchPayouts ?? 0;
    await reconcileTick(h.deps, client);
    expect(h.sandbox.stats().byOperation.searchPayouts ?? 0).toBe(before);
    clock.advance(1_500);
    await reconcileTick(h.deps, client);
    expect((await rowsOf(batchId!)).every((p) => p.state === 'PROCESSING')).toBe(true);
    clock.advance(3_000);
    await reconcileTick(h.deps, client);
    const done = await rowsOf(batchId!);
    expect(done.every((p) => p.state === 'SUCCESS' && /^\d{12}$/.test(p.utr ?? ''))).toBe(true);
    expect(done.every((p) => p.nextCheckAt !== null)).toBe(true);
    clock.advance(12_000);
    await reconcileTick(h.deps, client);
    const reversed = (await rowsOf(batchId!)).filter((p) => p.state === 'REVERSED');
    expect(reversed.map((p) => p.payeeName)).toEqual(['Ravi Kumar REVERSE']);
    // After the watch period a SUCCESS row is no longer asked about.
    clock.advance(120_000);
    await reconcileTick(h.deps, client);
    clock.advance(1_000);
    const calls = h.sandbox.stats().byOperation.searchPayouts ?? 0;
    await reconcileTick(h.deps, client);
    expect(h.sandbox.stats().byOperation.searchPayouts ?? 0).toBe(calls);
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });
});
