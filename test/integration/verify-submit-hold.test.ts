import { afterEach, describe, expect, it } from 'vitest';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { acceptMismatchOps } from '../../src/main/services/submission/payee-accept';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { verifyRowsOn } from '../../src/main/services/verification/verify-rows';
import { ENGINES } from '../support/test-store';
import { checkLedger, createHarness, type Harness, rupees, settle, shaOf } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Sandbox demo payees (src/main/sandbox/bank-names.ts): the bank holds someone else's name for Deepa's account. */
const SHEET: MappedRow[] = [
  { row: 2, values: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '45000' } },
  { row: 3, values: { name: 'Deepa Nair', accountNumber: '223456789012', ifsc: 'SBIN0000300', amount: '38000' } },
  { row: 4, values: { name: 'Lakshmi Menon', accountNumber: '723456789012', ifsc: 'PUNB0244200', amount: '27500.25' } },
];

async function verify(hh: Harness) {
  const { client } = await hh.deps.session();
  return verifyRowsOn(
    { store: hh.store, environment: 'sandbox', client, now: hh.deps.now, cacheDays: 90 },
    SHEET.map((r) => ({
      row: r.row,
      payeeName: r.values.name!,
      accountNumber: r.values.accountNumber,
      ifsc: r.values.ifsc,
      mode: 'IMPS' as const,
    })),
    { pennyDrop: false },
  );
}

let n = 0;
const stage = (hh: Harness) =>
  stageBatchOnStore(hh.deps, {
    fileName: 'vendors.csv',
    sha256: shaOf(`vendors#${n++}`),
    kind: 'payouts',
    rows: SHEET,
  });

describe.each(ENGINES)(
  'verify → submit holds the mismatch → the rest is paid (issue 12, against the Sandbox) (%s)',
  (engine) => {
    it('the verified mismatch is held and never reaches EnKash; every other row is paid once', async () => {
      h = await createHarness({ engine });
      const verified = await verify(h);
      expect(verified.results.map((r) => r.verdict)).toEqual(['match', 'mismatch', 'match']);
      expect(verified.results[1]!.bankName).toBe('RAJESH MALHOTRA');

      const staged = await stage(h);
      expect(staged.counts).toMatchObject({ staged: 2, held: 1, heldPaise: 3_800_000, totalPaise: 7_250_025 });
      const batchId = staged.batchId!;
      const report = await preflight(h.deps, batchId);
      expect(report.warnings.find((w) => w.code === 'payee_mismatch_held')).toMatchObject({ count: 1 });
      await confirmBatch(h.deps, batchId, rupees(report.totalPaise));
      await settle(h, batchId, createSubmissionEngine(h.deps));

      const deepa = (await h.store.run(payoutsOfBatchOps(batchId))).find((r) => r.rowNumber === 3)!;
      expect(deepa.state).toBe('CANCELLED');
      expect(deepa.attempts).toBe(0);
      const ledger = h.sandbox.ledger();
      expect(ledger.map((e) => e.amountPaise).sort((a, b) => a - b)).toEqual([2_750_025, 4_500_000]);
      expect(ledger.some((e) => e.transactionId === deepa.transactionId)).toBe(false);
      expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [] });
    });

    it('accepted with a reason, the held row is paid with the rest (a second verify makes no call)', async () => {
      h = await createHarness({ engine });
      await verify(h);
      expect((await verify(h)).summary.calls).toBe(0);
      const { batchId } = await stage(h);
      const deepa = (await h.store.run(payoutsOfBatchOps(batchId!))).find((r) => r.rowNumber === 3)!;
      const accepted = await h.store.run(
        acceptMismatchOps(h.deps, batchId!, [deepa.id], {
          reason: 'Rajesh is the account holder, Deepa is his firm',
          actor: 'desk:asha',
        }),
      );
      expect(accepted.accepted).toBe(1);
      const report = await preflight(h.deps, batchId!);
      expect(report.totalPaise).toBe(11_050_025);
      await confirmBatch(h.deps, batchId!, rupees(report.totalPaise));
      await settle(h, batchId!, createSubmissionEngine(h.deps));
      expect(
        h.sandbox
          .ledger()
          .map((e) => e.amountPaise)
          .sort((a, b) => a - b),
      ).toEqual([2_750_025, 3_800_000, 4_500_000]);
      expect(await checkLedger(h)).toMatchObject({ paidTwice: [], mismatched: [] });
    });
  },
);
