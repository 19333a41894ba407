import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { openCliApp } from '../../src/cli/app-context';
import { reconcileCommand } from '../../src/cli/commands/reconcile';
import { startSandbox } from '../../src/main/sandbox/index';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { resolveUnknownOnce } from '../../src/main/services/reconcile/resolve';
import { markInterruptedOps } from '../../src/main/services/journal/recovery';
import type { Environment } from '../../src/shared/settings/api-profile';
import {
  currentProofOps,
  recordProofOps,
  searchFingerprint,
  searchHealthOps,
} from '../../src/main/services/reconcile/search-proof';
import { chunksOfBatchOps } from '../../src/main/db/repos/batches-repo';
import { sendChunk } from '../../src/main/services/journal/send';
import { freshPgDatabase } from '../support/pg-database';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, makeRows, shaOf, stageConfirmed } from './support/journal-harness';
import { claimChunk } from './support/lost-answer';

/**
 * Issue 9 point 5: "not found" must be proven. A 404, a search ignoring its filters, a page cap below our limit
 * or an environment where search never found a payout we know landed must never lead to a resend.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Like lost-answer's confirmedBatch, but each batch its own file (several batches in one journal). */
async function confirmedBatch(x: Harness, n: number, seed: number): Promise<{ batchId: number; chunkId: number }> {
  const drafts = makeRows(n, seed, seed * 100);
  const name = `b${seed}.csv`;
  const batchId = await stageConfirmed(x, drafts, { fileName: name, sha256: shaOf(name) });
  return { batchId, chunkId: (await x.store.run(chunksOfBatchOps(batchId)))[0]!.id };
}

/** A batch sent normally: EnKash accepted it, so its rows are known to have landed. */
async function landedBatch(x: Harness, n: number, seed: number): Promise<number> {
  const { batchId, chunkId } = await confirmedBatch(x, n, seed);
  const { client } = await x.deps.session();
  await sendChunk(x.deps, client, chunkId, 'first');
  expect((await rowsOf(x, batchId)).every((r) => r.acceptedAt !== null)).toBe(true);
  return batchId;
}

/** A batch whose request never reached EnKash and whose answer was lost: rows UNKNOWN, nothing at EnKash. */
async function neverArrived(x: Harness, n: number, seed: number): Promise<number> {
  const { batchId, chunkId } = await confirmedBatch(x, n, seed);
  await claimChunk(x, chunkId);
  await x.store.run(markInterruptedOps(x.deps));
  return batchId;
}

/** A batch EnKash processed whose answer was lost (HTTP 500 after processing): rows UNKNOWN, paid at EnKash. */
async function arrivedAnswerLost(x: Harness, n: number, seed: number): Promise<number> {
  const { batchId, chunkId } = await confirmedBatch(x, n, seed);
  const { client } = await x.deps.session();
  x.sandbox.setFaults({ faultRate: 1, kinds: ['http5xx_after'] });
  await sendChunk(x.deps, client, chunkId, 'first');
  x.sandbox.setFaults({ faultRate: 0 });
  expect((await rowsOf(x, batchId)).every((r) => r.state === 'UNKNOWN')).toBe(true);
  return batchId;
}

const rowsOf = (x: Harness, batchId: number) => x.store.run(payoutsOfBatchOps(batchId));
const healthOf = (x: Harness, environment: Environment) => x.store.run(searchHealthOps(environment));
const proofOf = (x: Harness, environment: Environment, fingerprint: string) =>
  x.store.run(currentProofOps(environment, fingerprint));

const atEnkash = async (x: Harness, batchId: number) => {
  const ids = new Set((await rowsOf(x, batchId)).map((r) => r.transactionId));
  return x.sandbox.payouts().filter((p) => ids.has(p.transactionId));
};

async function round(x: Harness) {
  const { client } = await x.deps.session();
  return resolveUnknownOnce(x.deps, client, { all: true, environment: 'sandbox' });
}

describe.each(ENGINES)('"not found" must be proven (%s)', (engine) => {
  it('Search answering 404 (HTML): rows stay UNKNOWN, nothing is resent, search is reported unavailable', async () => {
    h = await createHarness({ engine, timing: { unknownGraceMs: 0 } });
    await landedBatch(h, 3, 11);
    const lost = await neverArrived(h, 3, 12);
    h.sandbox.setDialect({ searchPayouts404: true });
    for (let i = 0; i < 3; i++) expect((await round(h)).resent).toBe(0);
    expect((await rowsOf(h, lost)).every((r) => r.state === 'UNKNOWN' && r.attempts === 1)).toBe(true);
    expect(await atEnkash(h, lost)).toEqual([]);
    const health = await healthOf(h, 'sandbox');
    expect(health?.state).toBe('unavailable');
    expect(health?.detail).toMatch(/nothing will be re-sent/i);
    // Search works again: a list answer clears the warning.
    h.sandbox.setDialect({ searchPayouts404: false });
    await round(h);
    expect(await healthOf(h, 'sandbox')).toBeNull();
  });

  it('Search ignoring its filters: no row is resent or adopts another payout; exact ids still match', async () => {
    h = await createHarness({ engine, timing: { unknownGraceMs: 0 }, profile: { searchPageSize: 5 } });
    await landedBatch(h, 8, 21);
    // One row alone (searched by transactionId), paid at EnKash but listed after the first page.
    const lost = await arrivedAnswerLost(h, 1, 22);
    h.sandbox.setDialect({ searchIgnoresFilters: true });
    const stats = await round(h);
    expect(stats.resent).toBe(0);
    const [row] = await rowsOf(h, lost);
    expect(row!.attempts).toBe(1);
    // Either still UNKNOWN or found under its own id — never someone else's record.
    if (row!.state !== 'UNKNOWN')
      expect(row!.enkashTransactionId).toBe((await atEnkash(h, lost))[0]!.enkashTransactionId);
    expect(await atEnkash(h, lost)).toHaveLength(1);
  });

  it.each([
    ['without a total', true],
    ['with an honest total', false],
  ])('a page cap below our limit (%s): the next page is fetched, no false "not found", no resend', async (_, omit) => {
    h = await createHarness({ engine, timing: { unknownGraceMs: 0 } });
    await landedBatch(h, 3, 31);
    const lost = await arrivedAnswerLost(h, 5, 32);
    h.sandbox.setDialect({ searchPageCap: 2, searchOmitsTotal: omit });
    const stats = await round(h);
    expect(stats.resent).toBe(0);
    expect(stats.found).toBe(5);
    expect((await rowsOf(h, lost)).every((r) => r.state !== 'UNKNOWN' && r.attempts === 1)).toBe(true);
    expect(await atEnkash(h, lost)).toHaveLength(5);
  });

  it('no proof in the environment: nothing is resent ("unproven"); once a landed row is found, a lost row is resent once', async () => {
    h = await createHarness({ engine, timing: { unknownGraceMs: 0 } });
    const lost = await neverArrived(h, 3, 41);
    expect((await round(h)).resent).toBe(0);
    expect((await rowsOf(h, lost)).every((r) => r.state === 'UNKNOWN' && r.attempts === 1)).toBe(true);
    expect((await healthOf(h, 'sandbox'))?.state).toBe('unproven');
    expect((await healthOf(h, 'sandbox'))?.detail).toMatch(/nothing will be re-sent/i);

    await landedBatch(h, 2, 42);
    const stats = await round(h);
    expect(await proofOf(h, 'sandbox', searchFingerprint(h.deps.profile(), 'sandbox', h.sandbox.url))).not.toBeNull();
    expect(stats.resent).toBe(3);
    expect(await atEnkash(h, lost)).toHaveLength(3);
    expect((await rowsOf(h, lost)).every((r) => r.attempts === 2)).toBe(true);
    expect(await healthOf(h, 'sandbox')).toBeNull();
  });

  it('a proof is dropped when the base URL, search path, paging switch or key derivation change', async () => {
    h = await createHarness({ engine });
    const profile = h.deps.profile();
    const fp = searchFingerprint(profile, 'sandbox', h.sandbox.url);
    const changed = [
      searchFingerprint(profile, 'sandbox', 'http://127.0.0.1:1'),
      searchFingerprint({ ...profile, paths: { ...profile.paths, searchPayouts: '/other' } }, 'sandbox', h.sandbox.url),
      searchFingerprint(
        { ...profile, switches: { ...profile.switches, searchPaging: 'body' } },
        'sandbox',
        h.sandbox.url,
      ),
      searchFingerprint({ ...profile, keyDerivation: 'raw-16' }, 'sandbox', h.sandbox.url),
    ];
    for (const other of changed) {
      expect(other).not.toBe(fp);
      await h.store.run(
        recordProofOps('sandbox', { fingerprint: fp, transactionId: 'T1', source: 'landed', at: new Date() }),
      );
      expect((await proofOf(h, 'sandbox', fp))?.transactionId).toBe('T1');
      expect(await proofOf(h, 'sandbox', other)).toBeNull();
      // Dropped, not just hidden: going back to the old settings needs a new proof.
      expect(await proofOf(h, 'sandbox', fp)).toBeNull();
    }
  });
});

describe.each(ENGINES)('npm run cli -- reconcile with Search unavailable (%s)', (engine) => {
  it('exits non-zero and says on stderr that Search is unavailable and nothing is re-sent', async () => {
    const sandbox = await startSandbox({ seed: 9, dialect: { searchPayouts404: true } });
    const dir = mkdtempSync(join(tmpdir(), 'payout-search-cli-'));
    // PostgreSQL through PAYOUT_DESK_DATABASE_URL, as `--database-url` puts it (cli/database-choice.ts).
    const pgDb = engine === 'pg' ? await freshPgDatabase() : null;
    try {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const env = pgDb ? { PAYOUT_DESK_DATABASE_URL: pgDb.url } : {};
      const cliIo: CliIo = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), env };
      const flags = { env: 'sandbox', 'base-url': sandbox.url, 'data-dir': dir };
      // A run that claimed a chunk (SENDING) and died before hearing back.
      const app = await openCliApp(flags, cliIo);
      const x = { deps: app.deps, db: app.deps.db, store: app.deps.store } as unknown as Harness;
      const { batchId, chunkId } = await confirmedBatch(x, 3, 61);
      await claimChunk(x, chunkId);
      await app.close();

      const argv = ['--json', '--env', 'sandbox', '--base-url', sandbox.url, '--data-dir', dir, '--timeout-s', '1'];
      expect(await reconcileCommand.run(argv, cliIo)).toBe(1);
      expect(stderr.join('\n')).toMatch(/Search Payouts unavailable: .*404.*nothing will be re-sent/i);
      const json = JSON.parse(stdout.at(-1)!);
      expect(json).toMatchObject({ unknown: 3, search: { state: 'unavailable' } });
      const ids = new Set(sandbox.payouts().map((p) => p.transactionId));
      const again = await openCliApp(flags, cliIo);
      const rows = await again.deps.store.run(payoutsOfBatchOps(batchId));
      expect(rows.map((r) => r.state)).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
      expect(rows.filter((r) => ids.has(r.transactionId))).toEqual([]);
      await again.close();
    } finally {
      await sandbox.close();
      await pgDb?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
