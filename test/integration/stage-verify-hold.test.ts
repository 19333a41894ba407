import { afterEach, describe, expect, it } from 'vitest';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { type PayoutPage, payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import {
  recordBankCheckOps,
  recordVerificationRequestOps,
} from '../../src/main/db/repos/payee-verification-writes-repo';
import { all, q } from '../../src/main/db/store/ops';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { editDraftRowOps, includeRowsOps } from '../../src/main/services/submission/draft-edit';
import { acceptMismatchOps } from '../../src/main/services/submission/payee-accept';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, rupees, shaOf } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const row = (n: number, values: MappedRow['values']): MappedRow => ({ row: n, values });

/** December vendors: row 3's account belongs to someone else at the bank. */
const VENDORS: MappedRow[] = [
  row(2, { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '45000', remark: 'Dec' }),
  row(3, {
    name: 'Priya Sharma',
    accountNumber: '50100012345678',
    ifsc: 'HDFC0000240',
    amount: '52000.50',
    remark: 'Dec',
  }),
  row(4, { name: 'Arjun Reddy', accountNumber: '300012345678', ifsc: 'HDFC0000001', amount: '12000', remark: 'Dec' }),
  row(5, { name: 'Kavya Nair', accountNumber: '200012345678', ifsc: 'HDFC0000001', amount: '8000', remark: 'Dec' }),
  row(6, { name: 'Imran Khan', accountNumber: '400012345678', ifsc: 'HDFC0000001', amount: '5000', remark: 'Dec' }),
  row(7, { name: 'Sneha Das', vpa: 'sneha@okhdfcbank', amount: '1500', remark: 'Dec' }),
];
const PAYABLE = 4_500_000 + 1_200_000 + 800_000 + 500_000 + 150_000;
const HELD = 5_200_050;

let seq = 0;
/** Seeds the verification cache through its repo, as VERIFY's service would after the bank answered. */
async function seedCheck(
  hh: Harness,
  accountNumber: string,
  ifsc: string,
  bankName: string | null,
  status: 'verified' | 'failed' = 'verified',
  environment = 'sandbox',
): Promise<void> {
  const at = hh.deps.now().toISOString();
  const request = {
    environment,
    accountNumber,
    ifsc,
    customerRequestId: `SEEDCHECK${seq++}`,
    pennyDrop: false,
    requestedAt: at,
  };
  await hh.store.run(recordVerificationRequestOps(request));
  await hh.store.run(
    recordBankCheckOps(request, { status, bankName, rawStatus: null, enkashUniqueId: null, utr: null }, at),
  );
}

async function seedVendors(hh: Harness, opts: { priya?: boolean } = {}): Promise<void> {
  await seedCheck(hh, '123456789012', 'SBIN0000300', 'RAVI KUMAR');
  if (opts.priya !== false) await seedCheck(hh, '50100012345678', 'HDFC0000240', 'MEENA IYER');
  await seedCheck(hh, '200012345678', 'HDFC0000001', 'KAVYA NAIR R');
  await seedCheck(hh, '400012345678', 'HDFC0000001', null, 'failed');
}

const stage = (hh: Harness, rows: MappedRow[] = VENDORS) =>
  stageBatchOnStore(hh.deps, { fileName: 'dec-vendors.csv', sha256: shaOf(`dec#${seq++}`), kind: 'payouts', rows });

const audits = async (hh: Harness, action: string) =>
  (
    await hh.store.run(
      all<{ entityId: string; data: string }>(
        q`SELECT entity_id AS entityId, data FROM audit_log WHERE action = ${action} ORDER BY id`,
      ),
    )
  ).map((a) => ({ entityId: a.entityId, data: JSON.parse(a.data) as Record<string, unknown> }));

const rowOf = async (hh: Harness, batchId: number, n: number, state?: string) =>
  (await hh.store.run(payoutsOfBatchOps(batchId))).find(
    (r) => r.rowNumber === n && (state === undefined || r.state === state),
  )!;

// The storage-work forms on the harness's store, whichever engine holds it.
const batchRow = async (hh: Harness, id: number) => (await hh.store.run(getBatchRowOps(id)))!;
const rowsOf = (hh: Harness, batchId: number, opts: PayoutPage = {}) => hh.store.run(payoutsOfBatchOps(batchId, opts));
const include = (hh: Harness, batchId: number, ids: number[], actor: string) =>
  hh.store.run(includeRowsOps(hh.deps, batchId, ids, { actor }));
const accept = (hh: Harness, batchId: number, ids: number[], opts: { reason: string; actor: string }) =>
  hh.store.run(acceptMismatchOps(hh.deps, batchId, ids, opts));

describe.each(ENGINES)('a verified mismatch is held out of the batch (issue 12 point 4) (%s)', (engine) => {
  it('staging holds it: CANCELLED, audited with verdict, score and masked names, outside the totals', async () => {
    h = await createHarness({ engine });
    await seedVendors(h);
    const staged = await stage(h);
    expect(staged.counts).toMatchObject({ staged: 5, held: 1, heldPaise: HELD, totalPaise: PAYABLE });
    const batchId = staged.batchId!;
    expect(await batchRow(h, batchId)).toMatchObject({ rowCount: 5, totalPaise: PAYABLE });
    const priya = await rowOf(h, batchId, 3);
    expect(priya.state).toBe('CANCELLED');
    const [hold] = await audits(h, 'hold_mismatch');
    expect(hold).toMatchObject({ entityId: priya.transactionId });
    expect(hold!.data).toMatchObject({
      batchId,
      rowNumber: 3,
      verdict: 'mismatch',
      score: 0,
      bankName: 'M*** I***',
      sheetName: 'P*** S***',
    });
    // The audit log (exported in audit packs) never names the payee or the bank's holder in full.
    expect(JSON.stringify(hold)).not.toMatch(/MEENA|Priya/i);
    const issue = staged.issues.find((i) => i.code === 'payee_mismatch_held');
    expect(issue).toMatchObject({ row: 3, severity: 'warning' });
    expect(issue!.message).toContain('MEENA IYER');
  });

  it('pre-flight lists the held row with its money and warns with counts for partial, failed and unverified', async () => {
    h = await createHarness({ engine });
    await seedVendors(h);
    const { batchId } = await stage(h);
    const report = await preflight(h.deps, batchId!);
    expect(report.totalPaise).toBe(PAYABLE);
    expect(report.rowCount).toBe(5);
    expect(report.blocks).toEqual([]);
    const byCode = Object.fromEntries(report.warnings.map((w) => [w.code, w]));
    expect(byCode.payee_mismatch_held).toMatchObject({ count: 1, amountPaise: HELD });
    expect(byCode.payee_mismatch_held!.rows[0]).toMatchObject({ rowNumber: 3 });
    expect(byCode.payee_mismatch_held!.rows[0]!.detail).toContain('MEENA IYER');
    expect(byCode.payee_mismatch_held!.message).toContain('₹52,000.50');
    expect(byCode.payee_partial).toMatchObject({ count: 1, amountPaise: 800_000 });
    expect(byCode.payee_partial!.rows.map((r) => r.rowNumber)).toEqual([5]);
    expect(byCode.payee_failed).toMatchObject({ count: 1, amountPaise: 500_000 });
    expect(byCode.payee_failed!.rows.map((r) => r.rowNumber)).toEqual([6]);
    // Row 4 was never checked; the UPI row 7 has no account to check and is not "unverified".
    expect(byCode.payee_unverified).toMatchObject({ count: 1, amountPaise: 1_200_000 });
    expect(byCode.payee_unverified!.rows.map((r) => r.rowNumber)).toEqual([4]);
    // Full account numbers never appear in a finding.
    expect(JSON.stringify(report)).not.toContain('50100012345678');
    expect(report.payeeCounts).toEqual({ match: 1, partial: 1, mismatch: 0, failed: 1, skipped: 1, unverified: 1 });
  });

  it('a batch nobody verified gets counts but no unverified warning on every run', async () => {
    h = await createHarness({ engine });
    const { batchId } = await stage(h);
    const report = await preflight(h.deps, batchId!);
    expect(report.warnings.filter((w) => w.code.startsWith('payee_'))).toEqual([]);
    expect(report.payeeCounts).toMatchObject({ unverified: 5, skipped: 1, mismatch: 0 });
  });

  it('the typed total is the total without the held row', async () => {
    h = await createHarness({ engine });
    await seedVendors(h);
    const { batchId } = await stage(h);
    await expect(confirmBatch(h.deps, batchId!, rupees(PAYABLE + HELD))).rejects.toThrow(/does not match/);
    await confirmBatch(h.deps, batchId!, rupees(PAYABLE));
    expect(await rowsOf(h, batchId!, { states: ['READY'] })).toHaveLength(5);
    expect((await rowOf(h, batchId!, 3)).state).toBe('CANCELLED');
  });

  it('accepting needs a reason of at least 3 characters, and includeRows cannot put a held row back', async () => {
    h = await createHarness({ engine });
    await seedVendors(h);
    const { batchId } = await stage(h);
    const priya = await rowOf(h, batchId!, 3);
    for (const reason of ['', '  ', 'ok', '  ok  ']) {
      await expect(accept(h, batchId!, [priya.id], { reason, actor: 'desk:asha' })).rejects.toThrow(/reason/);
    }
    const included = await include(h, batchId!, [priya.id], 'desk:asha');
    expect(included.included).toBe(0);
    expect(included.refused).toMatchObject([{ row: 3, code: 'payee_mismatch_held' }]);
    expect((await batchRow(h, batchId!)).totalPaise).toBe(PAYABLE);
    expect(await audits(h, 'accept_mismatch')).toEqual([]);
  });

  it('accepting with a reason puts the row back, audited with reason and actor; the copy is not held again', async () => {
    h = await createHarness({ engine });
    await seedVendors(h);
    const { batchId } = await stage(h);
    const priya = await rowOf(h, batchId!, 3);
    const result = await accept(h, batchId!, [priya.id], {
      reason: '  Confirmed by phone: Meena is the proprietor  ',
      actor: 'desk:asha',
    });
    expect(result).toMatchObject({ accepted: 1, refused: [], rowCount: 6, totalPaise: PAYABLE + HELD });
    const [accepted] = await audits(h, 'accept_mismatch');
    expect(accepted).toMatchObject({ entityId: priya.transactionId });
    expect(accepted!.data).toMatchObject({
      actor: 'desk:asha',
      reason: 'Confirmed by phone: Meena is the proprietor',
      rowNumber: 3,
      verdict: 'mismatch',
    });
    const copy = await rowOf(h, batchId!, 3, 'DRAFT');
    expect(copy.transactionId).not.toBe(priya.transactionId);
    expect(accepted!.data.newTransactionId).toBe(copy.transactionId);
    // Accepting twice changes nothing.
    expect((await accept(h, batchId!, [priya.id], { reason: 'again', actor: 'x' })).accepted).toBe(0);
    // Nor does "Include" on the accepted original: it is back already.
    expect(await include(h, batchId!, [priya.id], 'x')).toMatchObject({ included: 0, refused: [] });

    const report = await preflight(h.deps, batchId!);
    expect(report.totalPaise).toBe(PAYABLE + HELD);
    expect(report.warnings.find((w) => w.code === 'payee_mismatch_held')).toBeUndefined();
    expect((await rowOf(h, batchId!, 3, 'DRAFT')).id).toBe(copy.id);
    await confirmBatch(h.deps, batchId!, rupees(PAYABLE + HELD));
    expect(await rowsOf(h, batchId!, { states: ['READY'] })).toHaveLength(6);
  });

  it('an accepted copy whose payee name is edited afterwards is held again', async () => {
    h = await createHarness({ engine });
    await seedVendors(h);
    const { batchId } = await stage(h);
    const priya = await rowOf(h, batchId!, 3);
    await accept(h, batchId!, [priya.id], { reason: 'Checked with the vendor', actor: 'desk:asha' });
    const copy = await rowOf(h, batchId!, 3, 'DRAFT');
    expect((await h.store.run(editDraftRowOps(h.deps, copy.id, { name: 'Priya S Sharma' }))).ok).toBe(true);
    const report = await preflight(h.deps, batchId!);
    expect(report.totalPaise).toBe(PAYABLE);
    expect(report.warnings.find((w) => w.code === 'payee_mismatch_held')?.rows.map((r) => r.payoutId)).toEqual([
      copy.id,
    ]);
  });

  it('a mismatch verified after staging is held by pre-flight; confirm refuses a total typed before the hold', async () => {
    h = await createHarness({ engine });
    await seedVendors(h, { priya: false });
    const { batchId, counts } = await stage(h);
    expect(counts).toMatchObject({ held: 0, totalPaise: PAYABLE + HELD });
    // Verified later (another window's preview): the bank holds another name.
    await seedCheck(h, '50100012345678', 'HDFC0000240', 'MEENA IYER');
    await expect(confirmBatch(h.deps, batchId!, rupees(PAYABLE + HELD))).rejects.toThrow(/changed/);
    expect((await rowOf(h, batchId!, 3)).state).toBe('CANCELLED');
    expect((await audits(h, 'hold_mismatch'))[0]!.data).toMatchObject({ rowNumber: 3, heldAt: 'preflight' });
    const report = await preflight(h.deps, batchId!);
    expect(report.totalPaise).toBe(PAYABLE);
    expect(report.warnings.find((w) => w.code === 'payee_mismatch_held')?.count).toBe(1);
    await confirmBatch(h.deps, batchId!, rupees(PAYABLE));
  });

  it('a cached check of another environment or older than the cache age is not used', async () => {
    h = await createHarness({ engine });
    await seedCheck(h, '50100012345678', 'HDFC0000240', 'MEENA IYER', 'verified', 'uat');
    const other = await stage(h);
    expect(other.counts.held).toBe(0);
    h.deps.verificationCacheDays = () => 0;
    await seedCheck(h, '50100012345678', 'HDFC0000240', 'MEENA IYER');
    const later = h.deps.now;
    h.deps.now = () => new Date(later().getTime() + 86_400_000 + 1);
    expect((await stage(h)).counts.held).toBe(0);
    h.deps.verificationCacheDays = () => 2;
    expect((await stage(h)).counts.held).toBe(1);
  });
});
