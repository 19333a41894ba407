import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/domain/errors';
import type { Environment } from '../../src/shared/settings/api-profile';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { reconcileTick } from '../../src/main/services/reconcile/startup';
import { confirmBatch, excludeRowsOps } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import {
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  rupees,
  SHA,
  shaOf,
  sumPaise,
} from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

let stagings = 0;
const batchStateOf = async (batchId: number) => (await h!.store.run(getBatchRowOps(batchId)))?.state;
const rowsOf = (batchId: number) => h!.store.run(payoutsOfBatchOps(batchId));
/** Stages rows as a new file (its own hash) unless `sha` says it is the same file again. */
const stage = (
  hh: Harness,
  rows: ReturnType<typeof makeRows>,
  name = 'sheet.csv',
  sha = shaOf(`${name}#${stagings++}`),
) => stageBatchOnStore(hh.deps, { fileName: name, sha256: sha, kind: 'payouts', rows });

/** Stages, confirms and sends, then lets the sandbox (zero processing time) reach SUCCESS. */
async function payAll(hh: Harness, rows: ReturnType<typeof makeRows>): Promise<number> {
  const { batchId } = await stage(hh, rows, 'earlier.csv');
  await confirmBatch(hh.deps, batchId!, rupees(sumPaise(rows)));
  await createSubmissionEngine(hh.deps).start(batchId!);
  const { client } = await hh.deps.session();
  await reconcileTick(hh.deps, client, { all: true });
  return batchId!;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe.each(ENGINES)('pre-flight blocks (%s)', (engine) => {
  it('insufficient balance: blocks with the exact shortfall, and confirmation is refused', async () => {
    h = await createHarness({ engine, sandbox: { initialBalancePaise: 10_000 } });
    const rows = makeRows(3, 5);
    const { batchId } = await stage(h, rows);
    const report = await preflight(h.deps, batchId!);
    expect(report.balancePaise).toBe(10_000);
    expect(report.shortfallPaise).toBe(sumPaise(rows) - 10_000);
    expect(report.blocks.map((b) => b.code)).toEqual(['insufficient_balance']);
    expect(report.blocks[0]?.shortfallPaise).toBe(sumPaise(rows) - 10_000);
    const err = await refusal(confirmBatch(h.deps, batchId!, rupees(sumPaise(rows))));
    expect(err.code).toBe('conflict');
    expect(await batchStateOf(batchId!)).toBe('DRAFT');
    h.sandbox.addFunds(sumPaise(rows) - 10_000); // balance now equals the total exactly: no block
    expect((await preflight(h.deps, batchId!)).blocks).toEqual([]);
    // Confirmed-but-unsent rows of another batch draw on the same balance first.
    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    const other = await stage(h, makeRows(1, 55));
    const second = await preflight(h.deps, other.batchId!);
    expect(second.queuedElsewherePaise).toBe(sumPaise(rows));
    expect(second.blocks.map((b) => b.code)).toEqual(['insufficient_balance']);
    expect(second.shortfallPaise).toBe(second.totalPaise);
  });

  it('mode limits: rows over the profile limit (changed after staging) block per mode', async () => {
    h = await createHarness({ engine });
    const rows = makeRows(4, 6);
    const { batchId } = await stage(h, rows);
    const profile = h.deps.profile();
    const lowered = { ...profile, modeLimits: { ...profile.modeLimits, IMPS: { minPaise: null, maxPaise: 150 } } };
    h.deps.profile = () => lowered;
    const report = await preflight(h.deps, batchId!);
    const block = report.blocks.find((b) => b.code === 'mode_limit');
    expect(block?.mode).toBe('IMPS');
    expect(block?.count).toBe((await rowsOf(batchId!)).filter((p) => p.mode === 'IMPS' && p.amountPaise > 150).length);
  });

  it('a transactionId already in history blocks, links the earlier payout, and can be removed', async () => {
    h = await createHarness({ engine });
    const rows = makeRows(3, 7).map((r, i) => ({ ...r, values: { ...r.values, transactionId: `INV2026${i}` } }));
    const first = await stage(h, rows);
    expect((await rowsOf(first.batchId!)).map((p) => p.transactionId)).toEqual(['INV20260', 'INV20261', 'INV20262']);
    // The same sheet again (ids typed in lower case this time): staged, but blocked.
    const again = await stage(
      h,
      rows.map((r) => ({ ...r, values: { ...r.values, transactionId: r.values.transactionId!.toLowerCase() } })),
    );
    expect(again.counts.blockedRows).toBe(3);
    expect(again.issues.filter((i) => i.code === 'transaction_id_exists')).toHaveLength(3);
    const report = await preflight(h.deps, again.batchId!);
    const block = report.blocks.find((b) => b.code === 'transaction_id_exists');
    expect(block?.count).toBe(3);
    expect(block?.rows[0]?.links?.[0]).toMatchObject({ batchId: first.batchId, transactionId: 'INV20260' });
    await h.store.run(
      excludeRowsOps(
        again.batchId!,
        block!.rows.map((r) => r.payoutId),
        h.deps.now(),
      ),
    );
    expect((await preflight(h.deps, again.batchId!)).blocks.map((b) => b.code)).toEqual(['empty_batch']);
  });

  it('the very same file again, after it was confirmed: blocked unless explicitly allowed', async () => {
    h = await createHarness({ engine });
    const rows = makeRows(3, 14);
    const first = await stage(h, rows, 'march.csv', SHA);
    const again = await stage(h, rows, 'march (1).csv', SHA);
    // Two drafts of one file are fine (nothing was paid yet) …
    expect((await preflight(h.deps, again.batchId!)).blocks).toEqual([]);
    await confirmBatch(h.deps, first.batchId!, rupees(sumPaise(rows)));
    // … but once one is confirmed, the other would pay every row twice.
    const report = await preflight(h.deps, again.batchId!);
    expect(report.blocks.map((b) => b.code)).toEqual(['same_file_paid']);
    expect(report.blocks[0]?.message).toContain(`#${first.batchId}`);
    expect((await refusal(confirmBatch(h.deps, again.batchId!, rupees(sumPaise(rows))))).code).toBe('conflict');
    const allowed = await preflight(h.deps, again.batchId!, { allowSameFile: true });
    expect(allowed.blocks).toEqual([]);
    expect(allowed.warnings.map((w) => w.code)).toContain('same_file_paid');
    await confirmBatch(h.deps, again.batchId!, rupees(sumPaise(rows)), { allowSameFile: true });
  });

  it('a batch prepared for another environment is blocked', async () => {
    h = await createHarness({ engine });
    const { batchId } = await stage(h, makeRows(2, 8));
    let env: Environment = 'uat';
    h.deps.environment = () => env;
    expect((await preflight(h.deps, batchId!)).blocks.map((b) => b.code)).toContain('wrong_environment');
    env = 'sandbox';
    expect((await preflight(h.deps, batchId!)).blocks).toEqual([]);
  });
});

describe.each(ENGINES)('pre-flight warnings (%s)', (engine) => {
  it('balance unavailable is a warning, not a block', async () => {
    h = await createHarness({ engine });
    const { batchId } = await stage(h, makeRows(2, 9));
    h.deps.session = async () => {
      throw new AppError('enkash_unavailable', 'EnKash could not be reached.');
    };
    const report = await preflight(h.deps, batchId!);
    expect(report.balancePaise).toBeNull();
    expect(report.blocks).toEqual([]);
    expect(report.warnings.map((w) => w.code)).toEqual(['balance_unavailable']);
  });

  it('NEFT/RTGS outside the operating window or on a closed day', async () => {
    // 2026-11-26 is a Thursday; 14:30 UTC = 20:00 IST, after the NEFT window (01:00–18:45).
    const clock = manualClock(Date.UTC(2026, 10, 26, 14, 30));
    h = await createHarness({ engine, clock });
    const rows = makeRows(3, 10).map((r) => ({ ...r, values: { ...r.values, mode: 'NEFT' } }));
    const { batchId } = await stage(
      h,
      rows.filter((r) => r.values.accountNumber),
    );
    let w = (await preflight(h.deps, batchId!)).warnings.find((x) => x.code === 'outside_window');
    expect(w?.mode).toBe('NEFT');
    expect(w?.message).toContain('20:00 IST');
    clock.set(Date.UTC(2026, 10, 26, 6, 0)); // 11:30 IST Thursday: inside
    expect((await preflight(h.deps, batchId!)).warnings.find((x) => x.code === 'outside_window')).toBeUndefined();
    clock.set(Date.UTC(2026, 10, 28, 6, 0)); // Saturday 28 Nov 2026 = 4th Saturday
    w = (await preflight(h.deps, batchId!)).warnings.find((x) => x.code === 'outside_window');
    expect(w?.message).toContain('4th Saturday');
  });

  it('possible duplicates of payouts in the last 30 days (same payee + amount) link the earlier rows', async () => {
    const clock = manualClock();
    h = await createHarness({ engine, clock });
    const rows = makeRows(4, 11);
    const first = await stage(h, rows, 'first.csv');
    const second = await stage(h, rows.slice(0, 2), 'second.csv');
    const dup = (await preflight(h.deps, second.batchId!)).warnings.find((x) => x.code === 'possible_duplicate');
    expect(dup?.count).toBe(2);
    expect(dup?.rows[0]?.links?.[0]).toMatchObject({ batchId: first.batchId, batchName: 'first' });
    // Older than 30 days: no longer a warning.
    clock.advance(31 * 24 * 3600_000);
    const later = await stage(h, rows.slice(0, 2), 'third.csv');
    const dups = (await preflight(h.deps, later.batchId!)).warnings.find((x) => x.code === 'possible_duplicate');
    // Both earlier batches are now 31 days old: nothing to warn about.
    expect(dups).toBeUndefined();
  });

  it('bank details changed since the payee’s last successful payout', async () => {
    h = await createHarness({
      engine,
      sandbox: { timing: { pendingMs: 0, processingMs: 0, failRate: 0, reverseRate: 0 } },
    });
    const earlier = makeRows(2, 12);
    await payAll(h, earlier);
    const changed = earlier.map((r, i) =>
      i === 0
        ? { ...r, values: { ...r.values, accountNumber: '999988887777', amount: '10.00' } }
        : { ...r, values: { ...r.values, amount: '11.00' } },
    );
    const { batchId } = await stage(h, changed, 'now.csv');
    const w = (await preflight(h.deps, batchId!)).warnings.find((x) => x.code === 'bank_details_changed');
    expect(w?.count).toBe(1);
    expect(w?.rows[0]?.detail).toContain('********7777');
    expect(w?.rows[0]?.detail).not.toContain('999988887777');
    expect(w?.rows[0]?.links?.[0]?.state).toBe('SUCCESS');
  });
});

describe.each(ENGINES)('typed total and production confirmation (%s)', (engine) => {
  it('refuses a mismatch or an unreadable total; accepts the exact total however it is grouped', async () => {
    h = await createHarness({ engine });
    const rows = [
      {
        row: 2,
        values: { name: 'Asha Iyer', accountNumber: '123456789012', ifsc: 'HDFC0000001', amount: '123456.50' },
      },
    ];
    const { batchId } = await stage(h, rows);
    expect((await refusal(confirmBatch(h.deps, batchId!, '123456.49'))).code).toBe('invalid_input');
    expect((await refusal(confirmBatch(h.deps, batchId!, '123456.5.0'))).code).toBe('invalid_input');
    expect((await refusal(confirmBatch(h.deps, batchId!, ''))).code).toBe('invalid_input');
    expect(await batchStateOf(batchId!)).toBe('DRAFT');
    await confirmBatch(h.deps, batchId!, '₹1,23,456.50');
    expect(await batchStateOf(batchId!)).toBe('CONFIRMED');
    expect((await rowsOf(batchId!)).every((p) => p.state === 'READY')).toBe(true);
  });

  it('production asks for the batch name as well', async () => {
    h = await createHarness({ engine, environment: 'production' });
    const rows = makeRows(1, 13);
    const { batchId } = await stage(h, rows, 'Salaries Nov.csv');
    const total = rupees(sumPaise(rows));
    const err = await refusal(confirmBatch(h.deps, batchId!, total));
    expect(err.message).toContain('PRODUCTION');
    expect(
      (await refusal(confirmBatch(h.deps, batchId!, total, { productionConfirmedName: 'Salaries Oct' }))).code,
    ).toBe('invalid_input');
    expect((await preflight(h.deps, batchId!)).production).toBe(true);
    await confirmBatch(h.deps, batchId!, total, { productionConfirmedName: '  salaries   nov ' });
    expect(await batchStateOf(batchId!)).toBe('CONFIRMED');
  });
});
