import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMainContext, type MainContext } from '../../src/main/context';
import { appendAuditOps } from '../../src/main/db/audit';
import { q, run, transaction, type Engine } from '../../src/main/db/store/ops';
import { createHandlers } from '../../src/main/handlers/index';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatch';
import { createAppRuntime, journalDepsFromContext } from '../../src/main/services/lifecycle';
import { createConfBackend } from '../../src/main/settings/conf-backend';
import type { Envelope } from '../../src/shared/ipc/errors';
import { createFakeSafeStorage } from '../support/fake-safe-storage';
import { openTestStore, type TestStore } from '../support/test-store';
import { MIXED_ROWS, seedDeskOps } from './support/cli-engines';

/**
 * Issue 14 point 1: the desk's IPC handlers run on the context's Store, so a Desk Server whose context holds
 * PostgreSQL serves the same registry. Two real contexts — one on a PostgreSQL store, one on the data folder's
 * SQLite file — get the same seeded journal; every read a team viewer or checker uses goes through the real
 * dispatcher and handlers, must answer real data on PostgreSQL, and must answer what SQLite answers.
 */

const SENDER = 'app://payout-desk/index.html';
// A fixed clock: the aging board and the file names depend on it.
const NOW = new Date('2026-03-03T12:00:00.000Z');

type Desk = {
  engine: Engine;
  ctx: MainContext;
  dispatch: Dispatch;
  outDir: string;
  /** Where the next save dialog "chooses" to write. */
  saveAs: (name: string) => void;
  close(): Promise<void>;
};

async function openDesk(engine: Engine): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), `handlers-${engine}-`));
  const outDir = join(dataDir, 'out');
  mkdirSync(outDir);
  let pg: TestStore | null = null;
  if (engine === 'pg') pg = await openTestStore('pg');
  const ctx = createMainContext({
    dataDir,
    settingsBackend: createConfBackend(dataDir),
    safeStorage: createFakeSafeStorage(),
    appVersion: '0.0.0-test',
    logToFile: false,
    logSink: () => {},
    now: () => NOW,
    ...(pg ? { store: pg.store } : {}),
  });
  // The runtime is built as the server builds it but never started: these are reads, and nothing is sent.
  const deps = journalDepsFromContext(ctx);
  const journal = createAppRuntime(deps);
  let next = join(outDir, 'unnamed');
  const handlers = createHandlers(ctx, { journal, deps, stop: () => journal.stop() }, { chooseSavePath: () => next });
  const dispatch = createDispatcher(handlers, { isTrustedSender: (u) => u === SENDER, log: ctx.log });
  return {
    engine,
    ctx,
    dispatch,
    outDir,
    saveAs: (name) => (next = join(outDir, name)),
    close: async () => {
      await journal.stop();
      await ctx.close();
      await pg?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The seeded journal: two batches of mixed outcomes, audit entries, a retry link, balance checks, search health. */
async function seed(desk: Desk): Promise<void> {
  const { store } = desk.ctx;
  await store.run(seedDeskOps(MIXED_ROWS));
  await store.run(
    transaction(function* () {
      yield* appendAuditOps({
        entity: 'batch',
        entityId: '1',
        action: 'confirm',
        data: { totalPaise: 2_51_600_00 },
        at: '2026-03-02T06:00:00.000Z',
      });
      yield* appendAuditOps({
        entity: 'payout',
        entityId: 'ENG0000',
        action: 'send',
        fromState: 'READY',
        toState: 'PENDING',
        data: { batchId: 1 },
        at: '2026-03-02T06:30:00.000Z',
      });
      yield* appendAuditOps({
        entity: 'payout',
        entityId: 'ENG0000',
        action: 'transition',
        fromState: 'PENDING',
        toState: 'SUCCESS',
        data: { batchId: 1, utr: 'UTR0001' },
        at: '2026-03-02T07:00:00.000Z',
      });
      yield* appendAuditOps({
        entity: 'payout',
        entityId: 'ENG0006',
        action: 'transition',
        fromState: 'PENDING',
        toState: 'UNKNOWN',
        data: {},
        at: '2026-03-02T13:00:00.000Z',
      });
      // ENG0003 (batch 2) is a retry of the failed ENG0001: the draft shows why the first one failed.
      yield* run(
        q`UPDATE payouts SET failure_reason = ${'Account closed'}, reject_code = ${'R03'} WHERE transaction_id = 'ENG0001'`,
      );
      yield* run(q`UPDATE payouts SET retry_of_payout_id = (SELECT id FROM payouts WHERE transaction_id = 'ENG0001')
        WHERE transaction_id = 'ENG0003'`);
      // 10:00 UTC is 15:30 IST on the 2nd; 20:00 UTC is 01:30 IST on the 3rd: the dashboard splits them by IST day.
      for (const [at, paise] of [
        ['2026-03-02T10:00:00.000Z', 9_00_000_00],
        ['2026-03-02T20:00:00.000Z', 8_50_000_00],
      ] as const) {
        yield* run(
          q`INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES ('sandbox', ${paise}, ${at})`,
        );
      }
      yield* run(q`INSERT INTO search_health (environment, state, detail, checked_at)
        VALUES ('sandbox', 'unproven', 'Search not yet seen to find a known payout', '2026-03-02T09:00:00.000Z')`);
    }),
  );
}

async function call<T = unknown>(desk: Desk, channel: string, input?: unknown): Promise<T> {
  const reply = (await desk.dispatch(channel, input, SENDER)) as Envelope<T>;
  if (!reply.ok) throw new Error(`${desk.engine} ${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

let pg: Desk;
let lite: Desk;

beforeAll(async () => {
  [pg, lite] = await Promise.all([openDesk('pg'), openDesk('sqlite')]);
  expect(pg.ctx.store.engine).toBe('pg');
  expect(lite.ctx.store.engine).toBe('sqlite');
  await seed(pg);
  await seed(lite);
}, 60_000);

afterAll(async () => {
  await Promise.all([pg?.close(), lite?.close()]);
});

/** The channel on PostgreSQL, checked to answer what the SQLite desk answers; returns PostgreSQL's answer. */
async function both<T>(channel: string, input?: unknown): Promise<T> {
  const [onPg, onLite] = await Promise.all([call<T>(pg, channel, input), call<T>(lite, channel, input)]);
  expect(onPg, channel).toEqual(onLite);
  return onPg;
}

type Row = { id: number; transactionId: string; state: string; amountPaise: number; payeeName: string | null };

describe('the IPC channels a team viewer and checker use, on a PostgreSQL store', () => {
  it('history search: filters, payee search, paging and the headline', async () => {
    const page = await both<{ rows: Row[]; nextCursor: string | null; total?: { count: number; amountPaise: number } }>(
      'history:search-payouts',
      {
        filters: { states: ['SUCCESS', 'REVERSED'] },
        sort: { key: 'amount', direction: 'desc' },
        limit: 2,
        withTotal: true,
      },
    );
    expect(page.rows.map((r) => r.transactionId)).toEqual(['ENG0002', 'ENG0005']);
    expect(page.total).toEqual({ count: 4, amountPaise: 1_500_00 + 2_50_000_00 + 999 + 12_345_67 });
    expect(page.nextCursor).not.toBeNull();
    const rest = await both<{ rows: Row[]; nextCursor: string | null }>('history:search-payouts', {
      filters: { states: ['SUCCESS', 'REVERSED'] },
      sort: { key: 'amount', direction: 'desc' },
      limit: 2,
      after: page.nextCursor,
    });
    expect(rest.rows.map((r) => r.transactionId)).toEqual(['ENG0000', 'ENG0003']);
    expect(rest.nextCursor).toBeNull();
    const payee = await both<{ rows: Row[] }>('history:search-payouts', {
      filters: { payee: 'ravi' },
      sort: { key: 'createdAt', direction: 'asc' },
      limit: 50,
    });
    expect(payee.rows.map((r) => [r.transactionId, r.state])).toEqual([
      ['ENG0000', 'SUCCESS'],
      ['ENG0004', 'PENDING'],
    ]);
  });

  it('batch list, batch detail with rows by state, a payout trail and retry reasons', async () => {
    const list = await both<{ id: number; name: string; progress: { rowCount: number } }[]>('batches:list-batches', {
      limit: 10,
    });
    expect(list.map((b) => [b.id, b.name, b.progress.rowCount])).toEqual([
      [2, 'Batch 2', 3],
      [1, 'Batch 1', 4],
    ]);
    const detail = await both<{ batch: { id: number }; rows: Row[]; matching: number }>('batches:get-batch', {
      batchId: 1,
      states: ['SUCCESS', 'PENDING'],
    });
    expect(detail.matching).toBe(3);
    expect(detail.rows.map((r) => r.transactionId)).toEqual(['ENG0000', 'ENG0002', 'ENG0004']);
    const missing = await pg.dispatch('batches:get-batch', { batchId: 99 }, SENDER);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const trail = await both<{ action: string; toState: string | null }[]>('batches:payout-timeline', {
      transactionId: 'ENG0000',
    });
    expect(trail.map((e) => [e.action, e.toState])).toEqual([
      ['send', 'PENDING'],
      ['transition', 'SUCCESS'],
    ]);
    const first = detail.rows[0]!;
    const byId = await both<{ action: string }[]>('history:payout-timeline', { payoutId: first.id });
    expect(byId.map((e) => e.action)).toEqual(['send', 'transition']);
    const reasons = await both<{ rowNumber: number; failureReason: string | null; rejectCode: string | null }[]>(
      'batches:retry-reasons',
      { batchId: 2 },
    );
    expect(reasons).toEqual([expect.objectContaining({ failureReason: 'Account closed', rejectCode: 'R03' })]);
  });

  it('the audit log, page by page, and its chain check', async () => {
    const first = await both<{ entries: { entityId: string; action: string }[]; nextBeforeId: number | null }>(
      'audit:list-entries',
      {},
    );
    expect(first.entries.map((e) => [e.entityId, e.action])).toEqual([
      ['ENG0006', 'transition'],
      ['ENG0000', 'transition'],
      ['ENG0000', 'send'],
      ['1', 'confirm'],
    ]);
    expect(first.nextBeforeId).toBeNull();
    const one = await both<{ entries: { entityId: string; action: string }[] }>('audit:list-entries', {
      entity: 'payout',
      entityId: 'ENG0000',
    });
    expect(one.entries.map((e) => e.action)).toEqual(['transition', 'send']);
    expect(await both('audit:verify-chain')).toEqual({ ok: true, entries: 4 });
  });

  it('the aging board and the dashboard (IST days, balance trend)', async () => {
    const board = await both<{ count: number; buckets: { key: string; rows: Row[] }[] }>('history:aging-board');
    expect(board.count).toBe(2);
    const keyOf = (txn: string) => board.buckets.find((b) => b.rows.some((r) => r.transactionId === txn))?.key;
    expect(keyOf('ENG0006')).toBe('under1d');
    expect(keyOf('ENG0004')).toBe('under3d');

    const dash = await both<{
      series: { period: string; outcomes: Record<string, { count: number }> }[];
      balance: { period: string; lastPaise: number; checks: number }[];
      balanceLine: unknown[];
    }>('history:dashboard', { from: '2026-03-01', to: '2026-03-03', granularity: 'day' });
    expect(dash.series.map((p) => [p.period, p.outcomes.SUCCESS!.count, p.outcomes.FAILED!.count])).toEqual([
      ['2026-03-01', 0, 0],
      ['2026-03-02', 3, 1],
      ['2026-03-03', 0, 0],
    ]);
    expect(dash.balance.map((b) => [b.period, b.lastPaise, b.checks])).toEqual([
      ['2026-03-02', 9_00_000_00, 1],
      ['2026-03-03', 8_50_000_00, 1],
    ]);
    expect(dash.balanceLine).toHaveLength(2);
    const weeks = await both<{ series: { period: string }[] }>('history:dashboard', {
      from: '2026-03-01',
      to: '2026-03-10',
      granularity: 'week',
    });
    // IST weeks start on Monday: 1 March 2026 is a Sunday.
    expect(weeks.series.map((p) => p.period)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
  });

  it('exports a batch and a filtered history view to temp files with the same contents', async () => {
    const run = async (desk: Desk, what: unknown, name: string) => {
      desk.saveAs(name);
      return call<{ status: string; path: string; rows: number; totalPaise: number }>(desk, 'exports:start-export', {
        jobId: `job-${name.replace(/\W/g, '')}`,
        what,
        format: 'csv',
        fullAccount: false,
      });
    };
    for (const [what, name, rows] of [
      [{ kind: 'batch', batchId: 1 }, 'batch-1.csv', 4],
      [{ kind: 'history', filters: { states: ['SUCCESS'] }, sort: { key: 'amount', direction: 'asc' } }, 'paid.csv', 3],
    ] as const) {
      const [onPg, onLite] = await Promise.all([run(pg, what, name), run(lite, what, name)]);
      expect(onPg).toMatchObject({ status: 'saved', rows });
      expect(basename(onPg.path)).toBe(name);
      expect(onPg.totalPaise).toBe(onLite.totalPaise);
      const text = readFileSync(onPg.path, 'utf8');
      expect(text).toBe(readFileSync(onLite.path, 'utf8'));
      expect(text).toContain('ENG0002');
    }
  });

  it('accounting: settings, a Tally file and the auditor pack', async () => {
    expect(await both('accounting:get-settings')).toEqual({ bankLedger: null, payer: null });
    const tally = async (desk: Desk) => {
      desk.saveAs('tally.xml');
      return call<{ status: string; path: string; payments: number; reversals: number; netPaise: number }>(
        desk,
        'accounting:save-tally',
        { scope: { kind: 'all' }, bankLedger: 'HDFC Current A/c', partyLedgers: false, ledgerList: false },
      );
    };
    const [tPg, tLite] = await Promise.all([tally(pg), tally(lite)]);
    expect(tPg).toMatchObject({ status: 'saved', payments: 4, reversals: 1 });
    expect(tPg.netPaise).toBe(tLite.netPaise);
    expect(readFileSync(tPg.path, 'utf8')).toBe(readFileSync(tLite.path, 'utf8'));
    // Remembered in the journal's own database.
    expect(await both('accounting:get-settings')).toEqual({ bankLedger: 'HDFC Current A/c', payer: null });

    pg.saveAs('advice.zip');
    const advice = await call<{ status: string; path: string; advices: number }>(pg, 'accounting:save-advice', {
      batchId: 1,
      payer: 'Acme Pvt Ltd',
    });
    expect(advice).toMatchObject({ status: 'saved', advices: 2 });
    expect(Object.keys(unzipSync(readFileSync(advice.path))).sort()).toEqual([
      'ENG0000.pdf',
      'ENG0002.pdf',
      'emails.csv',
    ]);
    expect(await call(pg, 'accounting:get-settings')).toEqual({
      bankLedger: 'HDFC Current A/c',
      payer: 'Acme Pvt Ltd',
    });

    pg.saveAs('audit-pack.zip');
    const pack = await call<{ status: string; path: string; entries: string[]; chainOk: boolean; tally: boolean }>(
      pg,
      'accounting:save-audit-pack',
      { batchId: 1 },
    );
    expect(pack).toMatchObject({ status: 'saved', chainOk: true, tally: true });
    const files = unzipSync(readFileSync(pack.path));
    const slice = JSON.parse(strFromU8(files['audit-log.json']!)) as { entityId: string }[];
    expect(slice.map((e) => e.entityId)).toEqual(['1', 'ENG0000', 'ENG0000']);
  });

  it('journal: search health, cached verdicts, and settling an UNKNOWN row as paid', async () => {
    expect(await both('journal:search-health')).toMatchObject({ environment: 'sandbox', state: 'unproven' });
    const cached = await both<{ results: { verdict: string }[] }>('verification:cached', {
      rows: [{ row: 2, payeeName: 'Ravi Kumar', accountNumber: '501000001000', ifsc: 'HDFC0000001', mode: 'IMPS' }],
    });
    expect(cached.results.map((r) => r.verdict)).toEqual(['unverified']);

    const unknown = (
      await call<{ rows: Row[] }>(pg, 'history:search-payouts', {
        filters: { transactionId: 'ENG0006' },
        limit: 1,
      })
    ).rows[0]!;
    // A person who checked with EnKash says it was paid: the write goes through the same store.
    const settled = await both<{ state: string; transactionId: string }>('journal:settle-payout', {
      payoutId: unknown.id,
      action: 'paid',
      reason: 'EnKash support confirmed the credit',
    });
    expect(settled).toEqual({ state: 'SUCCESS', transactionId: 'ENG0006' });
    const after = await both<{ rows: Row[] }>('history:search-payouts', {
      filters: { transactionId: 'ENG0006' },
      limit: 1,
    });
    expect(after.rows[0]!.state).toBe('SUCCESS');
    expect(await both('audit:verify-chain')).toEqual({ ok: true, entries: 5 });
  });
});
