import { afterEach, describe, expect, it } from 'vitest';
import type { VerificationResult, VerificationRowInput } from '../../src/shared/verify/verification';
import type { FetchLike } from '../../src/main/enkash/transport';
import { createTestApp, TEST_SENDER, type TestApp } from '../support/test-app';

/** Issue 12 point 3 (main side): `verification:*` over IPC against the in-process Sandbox. */

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const checks: string[] = [];
const fetch: FetchLike = (url, init) => {
  if (url.includes('/pennyDrop')) checks.push(url);
  return globalThis.fetch(url, init);
};

const priya: VerificationRowInput = {
  row: 2,
  payeeName: 'Priya Sharma',
  accountNumber: '50100012345678',
  ifsc: 'HDFC0000240',
  mode: 'IMPS',
};
const deepa: VerificationRowInput = {
  row: 3,
  payeeName: 'Deepa Nair',
  accountNumber: '223456789012',
  ifsc: 'SBIN0000300',
  mode: 'NEFT',
};
const meena: VerificationRowInput = { row: 4, payeeName: 'Meena Iyer', vpa: 'meena.iyer@okaxis', mode: 'UPI' };

type StartReply = { results: VerificationResult[]; summary: { calls: number; fromCache: number }; cancelled: boolean };

async function start(a: TestApp, input: unknown) {
  return a.dispatch('verification:start', input, TEST_SENDER);
}

describe('verification:start / verification:cached', () => {
  it('verifies against the Sandbox with progress events; the cache re-scores an edited name without a call', async () => {
    checks.length = 0;
    app = await createTestApp({ enkashFetch: fetch });
    const progress: unknown[] = [];
    app.ctx.events.subscribe((channel, payload) => {
      if (channel === 'verification:progress') progress.push(payload);
    });
    const reply = await start(app, { jobId: 'job-00000001', rows: [priya, deepa, meena], pennyDrop: false });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as StartReply;
    expect(value.results.map((r) => [r.row, r.verdict, r.bankName])).toEqual([
      [2, 'match', 'MS PRIYA SHARMA'],
      [3, 'mismatch', 'RAJESH MALHOTRA'],
      [4, 'skipped', null],
    ]);
    expect(value.cancelled).toBe(false);
    expect(checks).toHaveLength(2);
    expect(progress.at(0)).toEqual({ jobId: 'job-00000001', done: 1, total: 3 });
    expect(progress.at(-1)).toEqual({ jobId: 'job-00000001', done: 3, total: 3 });

    const cached = await app.dispatch(
      'verification:cached',
      { rows: [{ ...deepa, payeeName: 'Rajesh Malhotra' }, priya] },
      TEST_SENDER,
    );
    expect(cached.ok).toBe(true);
    if (!cached.ok) return;
    const again = cached.value as StartReply;
    expect(again.results.map((r) => [r.row, r.verdict, r.fromCache])).toEqual([
      [3, 'match', true],
      [2, 'match', true],
    ]);
    expect(again.summary).toMatchObject({ calls: 0, fromCache: 2 });
    expect(checks).toHaveLength(2);
  });

  it('cancel stops new calls and answers with the results so far', async () => {
    app = await createTestApp({ sandboxOptions: { latencyMs: 60 } });
    const rows: VerificationRowInput[] = Array.from({ length: 24 }, (_, i) => ({
      row: i + 2,
      payeeName: 'Some Payee',
      accountNumber: `60000000${String(i).padStart(4, '0')}`,
      ifsc: 'HDFC0000240',
      mode: 'NEFT',
    }));
    const a = app;
    let cancelReply: unknown;
    a.ctx.events.subscribe((channel, payload) => {
      const p = payload as { done: number };
      if (channel === 'verification:progress' && p.done > 0 && cancelReply === undefined) {
        cancelReply = 'pending';
        void a.dispatch('verification:cancel', { jobId: 'job-cancel-1' }, TEST_SENDER).then((r) => (cancelReply = r));
      }
    });
    const reply = await start(a, { jobId: 'job-cancel-1', rows, pennyDrop: false });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as StartReply;
    expect(value.cancelled).toBe(true);
    expect(cancelReply).toEqual({ ok: true, value: { cancelled: true } });
    const checked = value.results.filter((r) => r.verdict !== 'unverified');
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThan(rows.length);
    expect(value.results).toHaveLength(rows.length);
    // Unknown job: nothing to cancel.
    expect(await a.dispatch('verification:cancel', { jobId: 'job-cancel-1' }, TEST_SENDER)).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it.each([
    ['a job id with a slash', { jobId: 'job/000001', rows: [priya], pennyDrop: false }],
    ['no pennyDrop', { jobId: 'job-00000002', rows: [priya] }],
    ['a fractional row number', { jobId: 'job-00000003', rows: [{ ...priya, row: 2.5 }], pennyDrop: false }],
    ['an unknown mode', { jobId: 'job-00000004', rows: [{ ...priya, mode: 'CASH' }], pennyDrop: false }],
    [
      'a payee name of 301 characters',
      { jobId: 'job-00000005', rows: [{ ...priya, payeeName: 'x'.repeat(301) }], pennyDrop: false },
    ],
    [
      'an account number of 41 characters',
      { jobId: 'job-00000006', rows: [{ ...priya, accountNumber: '1'.repeat(41) }], pennyDrop: false },
    ],
    ['rows that are not a list', { jobId: 'job-00000007', rows: { 0: priya }, pennyDrop: false }],
    [
      'more than 200,000 rows',
      { jobId: 'job-00000008', rows: Array.from({ length: 200_001 }, () => meena), pennyDrop: false },
    ],
  ])('refuses %s without calling EnKash', async (_label, input) => {
    checks.length = 0;
    app = await createTestApp({ enkashFetch: fetch });
    const reply = await start(app, input);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('invalid_input');
    expect(checks).toEqual([]);
  });
});

describe('verification:cached validates its rows too', () => {
  it('refuses a bad row and accepts a good one, never calling EnKash', async () => {
    checks.length = 0;
    app = await createTestApp({ enkashFetch: fetch });
    const bad = await app.dispatch('verification:cached', { rows: [{ ...priya, row: 0 }] }, TEST_SENDER);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_input');
    const good = await app.dispatch('verification:cached', { rows: [priya] }, TEST_SENDER);
    expect(good).toMatchObject({ ok: true, value: { results: [{ row: 2, verdict: 'unverified' }] } });
    expect(checks).toEqual([]);
  });
});

describe('a Sandbox that refuses the request itself', () => {
  it('an envelope the server does not take stops the job with the error: no row failed, nothing cached', async () => {
    app = await createTestApp({ sandboxOptions: { dialect: { pennyDropEnvelope: 'encrypted' } } });
    const reply = await start(app, { jobId: 'job-envelope', rows: [priya, deepa], pennyDrop: false });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('enkash_rejected');
      expect(String(reply.error.details?.enkashMessage)).toMatch(/request/i);
    }
    const cached = await app.dispatch('verification:cached', { rows: [priya, deepa] }, TEST_SENDER);
    expect(cached).toMatchObject({
      ok: true,
      value: { results: [{ verdict: 'unverified' }, { verdict: 'unverified' }] },
    });
  });
});
