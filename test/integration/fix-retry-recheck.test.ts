import { afterEach, describe, expect, it } from 'vitest';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { getPayoutOps, payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import type { JournalDeps } from '../../src/main/services/journal/deps';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import {
  type EditableFields,
  editRejectedRowOps,
  resubmitRejected,
} from '../../src/main/services/submission/fix-retry';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, makeRows, rupees, SHA, sumPaise } from './support/journal-harness';

/**
 * Issue 9 point 10: resubmitRejected checks the typed total, then awaits pre-flight (a balance call). A row
 * edited in that window must not go out with an amount nobody typed.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

// Within the rule book's 50 (the sheet only warns over 30); the Sandbox is set stricter, as EnKash may be.
const LONG_REMARK = 'Salary for November with arrears and bonus';

// The storage-work forms on a harness's store, whichever engine holds it.
const payout = (hh: Harness, id: number) => hh.store.run(getPayoutOps(id));
const editRejected = (hh: Harness, id: number, fields: EditableFields) =>
  hh.store.run(editRejectedRowOps(hh.deps, id, fields));

/** Deps whose balance call first runs `during` — i.e. something happens while resubmitRejected awaits. */
function depsWithBalanceHook(deps: JournalDeps, during: () => Promise<void>): JournalDeps {
  return {
    ...deps,
    session: async (...args: Parameters<JournalDeps['session']>) => {
      const s = await deps.session(...args);
      const client = Object.create(s.client) as typeof s.client;
      client.getBalance = async () => {
        await during();
        return s.client.getBalance();
      };
      return { ...s, client };
    },
  };
}

async function oneRejectedRow(harness: Harness) {
  harness.sandbox.setDialect({ remarkMaxLength: 30 });
  const rows = makeRows(3, 31).map((r, i) => (i === 1 ? { ...r, values: { ...r.values, remark: LONG_REMARK } } : r));
  const { batchId } = await stageBatchOnStore(harness.deps, { fileName: 'r.csv', sha256: SHA, kind: 'payouts', rows });
  await confirmBatch(harness.deps, batchId!, rupees(sumPaise(rows)));
  expect((await createSubmissionEngine(harness.deps).start(batchId!)).state).toBe('SENT');
  const [row] = await harness.store.run(payoutsOfBatchOps(batchId!, { states: ['REJECTED'] }));
  expect((await editRejected(harness, row!.id, { remark: 'Salary Nov' })).ok).toBe(true);
  return { batchId: batchId!, row: (await payout(harness, row!.id))! };
}

describe.each(ENGINES)('resubmitRejected re-checks after its awaits (%s)', (engine) => {
  it('a row whose amount is edited during pre-flight is not resubmitted', async () => {
    h = await createHarness({ engine });
    const { batchId, row } = await oneRejectedRow(h);
    const typed = rupees(row.amountPaise);
    const bigger = rupees(row.amountPaise * 10);
    const deps = depsWithBalanceHook(h.deps, async () => {
      expect((await editRejected(h!, row.id, { amount: bigger })).ok).toBe(true);
    });
    await expect(resubmitRejected(deps, batchId, [row.id], typed)).rejects.toThrow(/changed/);
    // Still REJECTED with the edited amount: nothing was put back in the queue.
    expect(await payout(h, row.id)).toMatchObject({ state: 'REJECTED', amountPaise: row.amountPaise * 10 });
    expect((await h.store.run(getBatchRowOps(batchId)))?.state).toBe('SENT');
    expect(h.sandbox.payouts().find((p) => p.transactionId === row.transactionId)?.attempts).toBe(1);
  });

  it('a payee edit during pre-flight (same amount) is refused too', async () => {
    h = await createHarness({ engine });
    const { batchId, row } = await oneRejectedRow(h);
    const deps = depsWithBalanceHook(h.deps, async () => {
      expect((await editRejected(h!, row.id, { accountNumber: '999988887777' })).ok).toBe(true);
    });
    await expect(resubmitRejected(deps, batchId, [row.id], rupees(row.amountPaise))).rejects.toThrow(/changed/);
    expect((await payout(h, row.id))?.state).toBe('REJECTED');
  });

  it('with nothing edited in between it resubmits as before', async () => {
    h = await createHarness({ engine });
    const { batchId, row } = await oneRejectedRow(h);
    await resubmitRejected(
      depsWithBalanceHook(h.deps, async () => {}),
      batchId,
      [row.id],
      rupees(row.amountPaise),
    );
    expect((await payout(h, row.id))?.state).toBe('READY');
  });
});
