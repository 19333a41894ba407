import { afterEach, describe, expect, it } from 'vitest';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { all, q } from '../../src/main/db/store/ops';
import { cancelBatchOps } from '../../src/main/services/journal/cancel';
import { confirmBatch, excludeRowsOps } from '../../src/main/services/submission/confirm';
import { editDraftRowOps, includeRowsOps } from '../../src/main/services/submission/draft-edit';
import type { EditableFields } from '../../src/main/services/submission/fix-retry';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, shaOf } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** November salaries with one employee pasted twice (row 4 repeats row 2 exactly). */
const SALARIES: MappedRow[] = [
  {
    row: 2,
    values: {
      name: 'Ravi Kumar',
      accountNumber: '123456789012',
      ifsc: 'SBIN0000300',
      amount: '45000',
      remark: 'Nov salary',
    },
  },
  {
    row: 3,
    values: {
      name: 'Priya Sharma',
      accountNumber: '50100012345678',
      ifsc: 'HDFC0000240',
      amount: '52000.50',
      remark: 'Nov salary',
    },
  },
  {
    row: 4,
    values: {
      name: 'Ravi Kumar',
      accountNumber: '123456789012',
      ifsc: 'SBIN0000300',
      amount: '45000',
      remark: 'Nov salary',
    },
  },
];

let n = 0;
const stage = (hh: Harness, rows: MappedRow[], extra: { name?: string; includeDuplicates?: boolean } = {}) =>
  stageBatchOnStore(hh.deps, {
    fileName: 'nov-salaries.csv',
    sha256: shaOf(`nov#${n++}`),
    kind: 'payouts',
    rows,
    ...extra,
  });

const audit = (hh: Harness, action: string) =>
  hh.store.run(
    all<{ entity: string; entityId: string; data: string }>(
      q`SELECT entity, entity_id AS entityId, data FROM audit_log WHERE action = ${action} ORDER BY id`,
    ),
  );

// The storage-work forms on the harness's store, whichever engine holds it.
const batchRow = async (hh: Harness, id: number) => (await hh.store.run(getBatchRowOps(id)))!;
const rowsOf = (hh: Harness, batchId: number) => hh.store.run(payoutsOfBatchOps(batchId));
const include = (hh: Harness, batchId: number, ids: number[], actor: string) =>
  hh.store.run(includeRowsOps(hh.deps, batchId, ids, { actor }));
const editDraft = (hh: Harness, id: number, fields: EditableFields) =>
  hh.store.run(editDraftRowOps(hh.deps, id, fields));

describe.each(ENGINES)('a repeated row is left out of the batch by main (issue 17 point 1) (%s)', (engine) => {
  it('staging leaves the repeat out, pre-flight lists it, include is audited and adds exactly its amount', async () => {
    h = await createHarness({ engine });
    const staged = await stage(h, SALARIES);
    expect(staged.counts.staged).toBe(2);
    expect(staged.counts.leftOut).toBe(1);
    expect(staged.counts.totalPaise).toBe(4_500_000 + 5_200_050);
    const batchId = staged.batchId!;
    expect(await batchRow(h, batchId)).toMatchObject({ rowCount: 2, totalPaise: 9_700_050 });
    const rows = await rowsOf(h, batchId);
    const repeat = rows.find((r) => r.rowNumber === 4)!;
    expect(repeat.state).toBe('CANCELLED');

    const report = await preflight(h.deps, batchId);
    expect(report.totalPaise).toBe(9_700_050);
    const listed = report.warnings.find((w) => w.code === 'repeat_left_out');
    expect(listed?.count).toBe(1);
    expect(listed?.rows[0]).toMatchObject({ payoutId: repeat.id, rowNumber: 4 });
    expect(listed?.rows[0]?.detail).toContain('row 2');

    const included = await include(h, batchId, [repeat.id], 'desk:asha');
    expect(included.included).toBe(1);
    expect(included.totalPaise - 9_700_050).toBe(4_500_000);
    const entries = await audit(h, 'include');
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(entries[0]!.data)).toMatchObject({ actor: 'desk:asha', batchId, rowNumber: 4 });

    const after = await preflight(h.deps, batchId);
    expect(after.totalPaise).toBe(9_700_050 + 4_500_000);
    expect(after.rowCount).toBe(3);
    expect(after.warnings.find((w) => w.code === 'repeat_left_out')).toBeUndefined();
    // A second include of the same row adds nothing (it is back already).
    expect((await include(h, batchId, [repeat.id], 'desk:asha')).included).toBe(0);
    expect((await batchRow(h, batchId)).totalPaise).toBe(14_200_050);
  });

  it('includeDuplicates stages every repeat; same payee and amount with another remark stays a warning', async () => {
    h = await createHarness({ engine });
    const every = await stage(h, SALARIES, { includeDuplicates: true });
    expect(every.counts).toMatchObject({ staged: 3, leftOut: 0, totalPaise: 14_200_050 });

    const bonus = SALARIES.map((r) => (r.row === 4 ? { ...r, values: { ...r.values, remark: 'Diwali bonus' } } : r));
    const staged = await stage(h, bonus);
    expect(staged.counts).toMatchObject({ staged: 3, leftOut: 0 });
    const report = await preflight(h.deps, staged.batchId!);
    const same = report.warnings.find((w) => w.code === 'same_payee_amount');
    expect(same?.rows.map((r) => r.rowNumber)).toEqual([4]);
    expect(report.warnings.find((w) => w.code === 'repeat_left_out')).toBeUndefined();
  });
});

describe.each(ENGINES)('drafts can be edited, discarded and named uniquely (issue 17 point 2) (%s)', (engine) => {
  it('batch names stay unique with a suffix', async () => {
    h = await createHarness({ engine });
    const a = await stage(h, SALARIES, { name: 'November' });
    const b = await stage(h, SALARIES, { name: 'November' });
    const c = await stage(h, SALARIES, { name: 'November' });
    expect(await Promise.all([a, b, c].map(async (s) => (await batchRow(h!, s.batchId!)).name))).toEqual([
      'November',
      'November (2)',
      'November (3)',
    ]);
  });

  it('an excluded row can be included again; a discarded draft is audited and cannot be confirmed', async () => {
    h = await createHarness({ engine });
    const { batchId } = await stage(h, SALARIES.slice(0, 2));
    const priya = (await rowsOf(h, batchId!)).find((r) => r.rowNumber === 3)!;
    expect((await h.store.run(excludeRowsOps(batchId!, [priya.id], h.deps.now()))).totalPaise).toBe(4_500_000);
    expect((await include(h, batchId!, [priya.id], 'desk:asha')).totalPaise).toBe(9_700_050);

    const discarded = await h.store.run(cancelBatchOps(batchId!, h.deps.now()));
    expect(discarded.cancelledRows).toBe(2);
    expect((await batchRow(h, batchId!)).state).toBe('CANCELLED');
    expect((await audit(h, 'cancel')).some((e) => e.entity === 'batch' && e.entityId === String(batchId))).toBe(true);
    await expect(confirmBatch(h.deps, batchId!, '97,000.50')).rejects.toThrow(/not a draft/);
    await expect(include(h, batchId!, [priya.id], 'x')).rejects.toThrow(/draft/i);
  });

  it('editing a draft row re-validates it with the shared rules; an error changes nothing', async () => {
    h = await createHarness({ engine });
    const { batchId } = await stage(h, SALARIES.slice(0, 2));
    const ravi = (await rowsOf(h, batchId!)).find((r) => r.rowNumber === 2)!;
    const bad = await editDraft(h, ravi.id, { ifsc: 'SBINO000300' });
    expect(bad.ok).toBe(false);
    expect(bad.issues.map((i) => i.code)).toContain('ifsc_invalid');
    expect((await rowsOf(h, batchId!)).find((r) => r.id === ravi.id)!.ifsc).toBe('SBIN0000300');

    const good = await editDraft(h, ravi.id, { accountNumber: '998877665544', amount: '45,500' });
    expect(good.ok).toBe(true);
    expect(good.row).toMatchObject({ accountNumber: '998877665544', amountPaise: 4_550_000, state: 'DRAFT' });
    expect((await batchRow(h, batchId!)).totalPaise).toBe(4_550_000 + 5_200_050);
    expect((await audit(h, 'edit')).length).toBe(1);
    await confirmBatch(h.deps, batchId!, '97,500.50');
    await expect(editDraft(h, ravi.id, { remark: 'late' })).rejects.toThrow(/draft/i);
  });
});
