import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { getPayoutOps, payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { reconcileTick } from '../../src/main/services/reconcile/startup';
import { confirmBatch, excludeRowsOps } from '../../src/main/services/submission/confirm';
import { editDraftRowOps, includeRowsOps } from '../../src/main/services/submission/draft-edit';
import { editRejectedRowOps, resubmitRejected, retryFailedRowsOps } from '../../src/main/services/submission/fix-retry';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { createHarness, type Harness, makeRows, rupees, SHA, sumPaise } from './support/journal-harness';

/**
 * Issue 13 point 1 for the row-changing services: the same storage work on both engines — the desk's SQLite and a
 * PostgreSQL database without a team (`--database-url`). Fix a REJECTED row and resubmit it under its same id,
 * edit / exclude / include rows of a draft, retry FAILED rows under fresh ids; nobody is paid twice.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(['sqlite', 'pg'] as const)('row changes on %s', (engine) => {
  it('a REJECTED row is fixed and resubmitted under its same id; draft rows edit, leave and come back', async () => {
    h = await createHarness({ engine });
    const run = h.deps.store.run.bind(h.deps.store);
    h.sandbox.setDialect({ remarkMaxLength: 30 });
    const rows = makeRows(4, 61).map((r, i) =>
      i === 1 ? { ...r, values: { ...r.values, remark: 'Salary for November with arrears and bonus' } } : r,
    );
    const { batchId } = await stageBatchOnStore(h.deps, { fileName: 'e.csv', sha256: SHA, kind: 'payouts', rows });
    // Draft work first: an edit, a row left out and put back (as a copy under a new id).
    const [first, second] = await run(payoutsOfBatchOps(batchId!));
    expect((await run(editDraftRowOps(h.deps, first!.id, { remark: 'Rent Dec' }))).ok).toBe(true);
    expect((await run(excludeRowsOps(batchId!, [first!.id], h.deps.now()))).rowCount).toBe(3);
    const back = await run(includeRowsOps(h.deps, batchId!, [first!.id], { actor: 'desk:test' }));
    expect(back).toMatchObject({ included: 1, rowCount: 4, totalPaise: sumPaise(rows) });

    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    const sender = createSubmissionEngine(h.deps);
    expect((await sender.start(batchId!)).state).toBe('SENT');
    const rejected = await run(getPayoutOps(second!.id));
    expect(rejected).toMatchObject({ state: 'REJECTED', rejectCode: 'REJECT_TRF_RMK' });
    expect((await run(editRejectedRowOps(h.deps, second!.id, { remark: 'Salary Nov' }))).ok).toBe(true);
    await resubmitRejected(h.deps, batchId!, [second!.id], rupees(second!.amountPaise));
    expect((await run(getBatchRowOps(batchId!)))?.state).toBe('SENDING');
    expect((await sender.start(batchId!)).state).toBe('SENT');
    expect(await run(getPayoutOps(second!.id))).toMatchObject({
      transactionId: second!.transactionId,
      lastRoute: 'single',
    });
    expect(h.sandbox.paidCount(second!.transactionId)).toBe(1);
    expect((await run(verifyAuditChainOps())).ok).toBe(true);
  });

  it('FAILED rows go into a retry draft under fresh ids, never twice while it lives', async () => {
    h = await createHarness({
      engine,
      sandbox: { timing: { pendingMs: 0, processingMs: 0, failRate: 0, reverseRate: 0 } },
    });
    const run = h.deps.store.run.bind(h.deps.store);
    const rows = makeRows(4, 67).map((r, i) =>
      i === 2 ? { ...r, values: { ...r.values, name: 'Meena Rao FAIL' } } : r,
    );
    const { batchId } = await stageBatchOnStore(h.deps, { fileName: 'f.csv', sha256: SHA, kind: 'payouts', rows });
    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    await createSubmissionEngine(h.deps).start(batchId!);
    const { client } = await h.deps.session();
    await reconcileTick(h.deps, client, { all: true });
    const failed = await run(payoutsOfBatchOps(batchId!, { states: ['FAILED'] }));
    expect(failed).toHaveLength(1);
    const retry = await run(retryFailedRowsOps(h.deps, batchId!));
    const copies = await run(payoutsOfBatchOps(retry.batchId));
    expect(copies.map((c) => c.retryOfPayoutId)).toEqual([failed[0]!.id]);
    expect(copies[0]!.transactionId).not.toBe(failed[0]!.transactionId);
    expect(await run(getBatchRowOps(retry.batchId))).toMatchObject({ kind: 'retry', state: 'DRAFT' });
    await expect(run(retryFailedRowsOps(h.deps, batchId!))).rejects.toThrow(/no failed rows/);
  });
});
