import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/main/db/open';
import { listVerificationRequests } from '../../../src/main/db/repos/payee-verifications-repo';
import { cachedVerdicts, verifyRows, type VerifyDeps } from '../../../src/main/services/verification/index';
import { AppError } from '../../../src/shared/domain/errors';
import type { VerificationRowInput } from '../../../src/shared/verify/verification';
import { manualClock } from '../../integration/support/journal-harness';
import { fakeVerifyClient, verified } from './verification-fake-client';

const DAY = 86_400_000;
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-'));
  db = openDatabase({ file: join(dir, 'db.sqlite') });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const bank = (row: number, payeeName: string, accountNumber: string, ifsc = 'HDFC0001234'): VerificationRowInput => ({
  row,
  payeeName,
  accountNumber,
  ifsc,
  mode: 'NEFT',
});

function deps(client: VerifyDeps['client'], clock = manualClock(), extra: Partial<VerifyDeps> = {}): VerifyDeps {
  return { db, environment: 'sandbox', client, now: () => new Date(clock.now()), cacheDays: 90, ...extra };
}

describe('verifyRows: calls, cache and verdicts', () => {
  it('scores each bank row against the bank-held name, and a second run makes no EnKash call', async () => {
    const fake = fakeVerifyClient({
      '50100012345678': verified('RAMESH KUMAR'),
      '50100087654321': verified('Anita Sharma'),
    });
    const rows = [bank(2, 'Mr. Ramesh Kumar', '50100012345678'), bank(3, 'Suresh Patel', '50100087654321')];
    const first = await verifyRows(deps(fake.client), rows, { pennyDrop: false });
    expect(first.results.map((r) => [r.row, r.verdict, r.fromCache, r.bankName])).toEqual([
      [2, 'match', false, 'RAMESH KUMAR'],
      [3, 'mismatch', false, 'Anita Sharma'],
    ]);
    expect(first.summary).toMatchObject({ rows: 2, calls: 2, fromCache: 0 });
    expect(fake.calls.map((c) => c.pennyLess)).toEqual([true, true]);

    const second = await verifyRows(deps(fake.client), rows, { pennyDrop: false });
    expect(fake.calls).toHaveLength(2);
    expect(second.summary).toMatchObject({ calls: 0, fromCache: 2 });
    expect(second.results.map((r) => [r.verdict, r.fromCache])).toEqual([
      ['match', true],
      ['mismatch', true],
    ]);
  });

  it('re-scores against the name the sheet has now, without a call', async () => {
    const fake = fakeVerifyClient({ '50100087654321': verified('ANITA SHARMA') });
    await verifyRows(deps(fake.client), [bank(3, 'Suresh Patel', '50100087654321')], { pennyDrop: false });
    const edited = cachedVerdicts(deps(fake.client), [bank(3, 'Smt. Anita Sharma', '50100087654321')]);
    expect(edited.results[0]).toMatchObject({ verdict: 'match', fromCache: true, bankName: 'ANITA SHARMA' });
    expect(edited.summary.calls).toBe(0);
    expect(fake.calls).toHaveLength(1);
  });

  it('reuses a cached name for 90 days, then checks the account again', async () => {
    const clock = manualClock();
    const fake = fakeVerifyClient({ '50100012345678': verified('RAMESH KUMAR') });
    const rows = [bank(2, 'Ramesh Kumar', '50100012345678')];
    await verifyRows(deps(fake.client, clock), rows, { pennyDrop: false });
    clock.advance(90 * DAY - 1000);
    expect((await verifyRows(deps(fake.client, clock), rows, { pennyDrop: false })).summary.calls).toBe(0);
    clock.advance(2000);
    expect(cachedVerdicts(deps(fake.client, clock), rows).results[0]!.verdict).toBe('unverified');
    const later = await verifyRows(deps(fake.client, clock), rows, { pennyDrop: false });
    expect(later.summary.calls).toBe(1);
    expect(fake.calls).toHaveLength(2);
    // The shorter setting applies at once to the stored answer.
    expect(cachedVerdicts(deps(fake.client, clock, { cacheDays: 1 }), rows).results[0]!.verdict).toBe('match');
    clock.advance(DAY + 1000);
    expect(cachedVerdicts(deps(fake.client, clock, { cacheDays: 1 }), rows).results[0]!.verdict).toBe('unverified');
  });

  it('a penny drop asked for is not satisfied by a cached penny-less check', async () => {
    const fake = fakeVerifyClient({ '50100012345678': verified('RAMESH KUMAR', { utr: 'UTR1' }) });
    const rows = [bank(2, 'Ramesh Kumar', '50100012345678')];
    await verifyRows(deps(fake.client), rows, { pennyDrop: false });
    const drop = await verifyRows(deps(fake.client), rows, { pennyDrop: true });
    expect(drop.summary.calls).toBe(1);
    expect(fake.calls.at(-1)!.pennyLess).toBe(false);
    expect(drop.results[0]).toMatchObject({ pennyDrop: true, fromCache: false });
    // …and a cached penny drop serves both kinds.
    expect((await verifyRows(deps(fake.client), rows, { pennyDrop: false })).results[0]).toMatchObject({
      fromCache: true,
      pennyDrop: true,
    });
    expect(fake.calls).toHaveLength(2);
  });

  it('checks one account + IFSC once per run however many rows pay it, skips UPI rows', async () => {
    const fake = fakeVerifyClient({ '50100012345678': verified('RAMESH KUMAR') });
    const rows: VerificationRowInput[] = [
      bank(2, 'Ramesh Kumar', '50100012345678'),
      { row: 3, payeeName: 'Priya', vpa: 'priya@okhdfc', mode: 'UPI' },
      bank(4, 'Rakesh Verma', '5010 0012 345678', 'hdfc0001234'),
      bank(5, 'Ramesh Kumar', '50100012345678'),
    ];
    const out = await verifyRows(deps(fake.client), rows, { pennyDrop: false });
    expect(fake.calls).toHaveLength(1);
    expect(out.results.map((r) => [r.row, r.verdict])).toEqual([
      [2, 'match'],
      [3, 'skipped'],
      [4, 'mismatch'],
      [5, 'match'],
    ]);
    expect(out.summary).toMatchObject({ rows: 4, calls: 1, counts: { match: 2, skipped: 1, mismatch: 1 } });
  });

  it('keeps to the concurrency bound', async () => {
    const answers = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`5010001234${String(i).padStart(4, '0')}`, verified('RAMESH KUMAR')]),
    );
    const fake = fakeVerifyClient(answers, { hold: true });
    const rows = Object.keys(answers).map((acc, i) => bank(i + 2, 'Ramesh Kumar', acc));
    const run = verifyRows(deps(fake.client, manualClock(), { concurrency: 3 }), rows, { pennyDrop: false });
    await until(() => fake.waitingCount() === 3);
    expect(fake.inFlight()).toBe(3);
    fake.release();
    const out = await run;
    expect(fake.maxInFlight()).toBe(3);
    expect(out.summary.calls).toBe(12);
  });

  it('cancel stops new calls and keeps the results so far', async () => {
    const answers = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`5010001234${String(i).padStart(4, '0')}`, verified('RAMESH KUMAR')]),
    );
    const fake = fakeVerifyClient(answers, { hold: true });
    const rows = Object.keys(answers).map((acc, i) => bank(i + 2, 'Ramesh Kumar', acc));
    const controller = new AbortController();
    const progress: number[] = [];
    const run = verifyRows(deps(fake.client, manualClock(), { concurrency: 2 }), rows, {
      pennyDrop: false,
      signal: controller.signal,
      onProgress: (p) => progress.push(p.done),
    });
    await until(() => fake.waitingCount() === 2);
    fake.releaseSome(1);
    await until(() => fake.waitingCount() === 2); // the third call took the freed lane
    controller.abort();
    fake.release();
    const out = await run;
    expect(out.cancelled).toBe(true);
    expect(fake.calls).toHaveLength(3);
    expect(out.results.map((r) => r.verdict)).toEqual([
      'match',
      'unverified',
      'unverified',
      'unverified',
      'unverified',
      'unverified',
    ]);
    expect(progress[0]).toBe(0);
    // The one answered before the cancel is cached: a re-run pays only for the rest.
    const again = fakeVerifyClient(answers);
    const rerun = await verifyRows(deps(again.client), rows, { pennyDrop: false });
    expect(rerun.summary).toMatchObject({ calls: 5, fromCache: 1 });
  });

  it("a refusal of one account fails that row with EnKash's reason; the rest go on", async () => {
    const refusal = new AppError('enkash_rejected', 'EnKash rejected the request; nothing was processed.', {
      httpStatus: 400,
      enkashCode: 400,
      enkashMessage: 'Invalid beneficiary account number',
    });
    const fake = fakeVerifyClient({ '50100012345678': refusal, '50100087654321': verified('ANITA SHARMA') });
    const out = await verifyRows(
      deps(fake.client),
      [bank(2, 'Ramesh Kumar', '50100012345678'), bank(3, 'Anita Sharma', '50100087654321')],
      { pennyDrop: false },
    );
    expect(out.results[0]).toMatchObject({
      verdict: 'failed',
      reason: 'EnKash could not verify this account: Invalid beneficiary account number',
    });
    expect(out.results[1]!.verdict).toBe('match');
    expect(
      listVerificationRequests(db, 'sandbox')
        .map((r) => r.outcome)
        .sort(),
    ).toEqual(['failed', 'verified']);
  });

  it.each([
    ['Invalid request format', 422],
    ['Invalid encrypted request', 422],
    ['beneficiaryAccountNumber, beneficiaryIfscCode, customerRequestId and pennyLess are required', 400],
    ['Bad request', 400],
  ])(
    'a refusal of the request itself ("%s") stops the run: no row is marked failed or cached',
    async (message, status) => {
      const refusal = new AppError('enkash_rejected', 'EnKash rejected the request; nothing was processed.', {
        httpStatus: status,
        enkashCode: status,
        enkashMessage: message,
      });
      const fake = fakeVerifyClient({ '50100012345678': refusal });
      const rows = [bank(2, 'Ramesh Kumar', '50100012345678')];
      await expect(verifyRows(deps(fake.client), rows, { pennyDrop: false })).rejects.toBe(refusal);
      expect(cachedVerdicts(deps(fake.client), rows).results[0]!.verdict).toBe('unverified');
    },
  );

  it.each([
    ['auth', new AppError('auth_failed', 'EnKash refused the access token.')],
    [
      'unreachable',
      new AppError('enkash_unavailable', 'EnKash could not be reached.', { reason: 'connection_failed' }),
    ],
    ['throttled', new AppError('enkash_unavailable', 'EnKash could not be reached.', { reason: 'rate_limited' })],
    ['checksum', new AppError('enkash_rejected', 'checksum', { reason: 'checksum_required' })],
  ])('%s stops the run with the error (intent recorded, outcome error)', async (_name, error) => {
    const fake = fakeVerifyClient({ '50100012345678': error, '50100087654321': verified('ANITA SHARMA') });
    const run = verifyRows(
      deps(fake.client, manualClock(), { concurrency: 1 }),
      [bank(2, 'Ramesh Kumar', '50100012345678'), bank(3, 'Anita Sharma', '50100087654321')],
      { pennyDrop: false },
    );
    await expect(run).rejects.toBe(error);
    expect(fake.calls).toHaveLength(1);
    expect(listVerificationRequests(db, 'sandbox')).toEqual([
      expect.objectContaining({ outcome: 'error', errorKind: error.code }),
    ]);
  });

  it('writes the request before the call, with a customerRequestId minted again on a collision', async () => {
    let seenAtCall: string[] = [];
    const fake = fakeVerifyClient({
      '50100012345678': () => {
        seenAtCall = listVerificationRequests(db, 'sandbox').map((r) => `${r.customerRequestId}:${r.outcome}`);
        return verified('RAMESH KUMAR');
      },
      '50100087654321': verified('ANITA SHARMA'),
    });
    const ids = ['PVSAME', 'pvsame', 'PVOTHER'];
    await verifyRows(
      deps(fake.client, manualClock(), { concurrency: 1, newRequestId: () => ids.shift()! }),
      [bank(2, 'Ramesh Kumar', '50100012345678'), bank(3, 'Anita Sharma', '50100087654321')],
      { pennyDrop: false },
    );
    expect(seenAtCall).toEqual(['PVSAME:sent']);
    expect(fake.calls.map((c) => c.customerRequestId)).toEqual(['PVSAME', 'PVOTHER']);
  });

  it('mints a fresh id when EnKash says the customerRequestId exists (409)', async () => {
    let n = 0;
    const fake = fakeVerifyClient({
      '50100012345678': () =>
        n++ === 0
          ? new AppError('enkash_rejected', 'exists', { httpStatus: 409, duplicate: true })
          : verified('RAMESH KUMAR'),
    });
    const out = await verifyRows(deps(fake.client), [bank(2, 'Ramesh Kumar', '50100012345678')], { pennyDrop: false });
    expect(out.results[0]!.verdict).toBe('match');
    expect(new Set(fake.calls.map((c) => c.customerRequestId)).size).toBe(2);
    expect(listVerificationRequests(db, 'sandbox').map((r) => r.outcome)).toEqual(['error', 'verified']);
  });

  it('the cache is per environment', async () => {
    const fake = fakeVerifyClient({ '50100012345678': verified('RAMESH KUMAR') });
    const rows = [bank(2, 'Ramesh Kumar', '50100012345678')];
    await verifyRows(deps(fake.client), rows, { pennyDrop: false });
    expect(cachedVerdicts({ ...deps(fake.client), environment: 'uat' }, rows).results[0]!.verdict).toBe('unverified');
  });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
}
