/**
 * The history bench's data generator (both engines get the same rows) and its PostgreSQL half: a throwaway cluster,
 * the rows inserted 5,000 at a time through unnest(), ANALYZE (what autovacuum would have done by then), and each
 * view's median page time through the same storage work the app runs (searchPayoutsOps on a PostgreSQL Store).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPgPool } from '../../src/main/db/kysely/pg-kysely';
import { openPgStore, type Store } from '../../src/main/db/store/store';
import { choosePlanOps, searchPayoutsOps } from '../../src/main/services/history/search';
import { buildPageQuery, decodeCursor, historyQuery } from '../../src/main/services/history/query';
import type { HistoryFilters, HistorySort } from '../../src/main/services/history/types';
import { benchCluster, createBenchDatabase } from './journal-pg';
import { reportJournal } from './journal-table';

export type BenchView = [string, HistoryFilters, HistorySort, string | null];
type GenBatch = { name: string; environment: string; createdAt: string };
/** One payout's values after batch_id, in the bench's INSERT column order. */
type GenRow = [
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number,
  string,
  string,
  string,
  string | null,
  string,
  string,
  string,
  string | null,
  string,
];

const NAMES = [
  'Ravi Kumar',
  'Asha Iyer',
  'Meena Sharma',
  'Arjun Reddy',
  'Kavya Nair',
  'Imran Khan',
  'Sneha Das',
  'Vikram Singh',
];

/** The bench's rows, the same on every run and engine; returns a UTR and an account from the middle. */
export function generate(rows: number, batchSize: number, onBatch: (b: GenBatch, payouts: GenRow[]) => void) {
  // xorshift32: an LCG's low bits repeat with a short period, which skewed `r % 8` towards one name.
  let seed = 20260301;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const start = Date.UTC(2024, 0, 1);
  const span = 2 * 365 * 86_400_000;
  const sample = { utr: '', account: '' };
  for (let b = 0; b * batchSize < rows; b++) {
    const createdMs = start + Math.floor((b * batchSize * span) / rows);
    const payouts: GenRow[] = [];
    for (let i = 0; i < batchSize && b * batchSize + i < rows; i++) {
      const n = b * batchSize + i;
      const r = next();
      const upi = r % 10 === 0;
      const p = r % 100;
      const state = p < 90 ? 'SUCCESS' : p < 96 ? 'FAILED' : p < 98 ? 'REVERSED' : p < 99 ? 'PROCESSING' : 'UNKNOWN';
      const created = new Date(createdMs + i * 1000).toISOString();
      const final =
        state === 'PROCESSING' || state === 'UNKNOWN' ? null : new Date(createdMs + i * 1000 + 600_000).toISOString();
      const account = upi ? null : String(100000000000 + (next() % 899999999999));
      const utr = state === 'SUCCESS' || state === 'REVERSED' ? String(300000000000 + n) : null;
      if (n === Math.floor(rows / 2)) {
        sample.utr = utr ?? String(300000000000 + n);
        sample.account = account ?? '';
      }
      payouts.push([
        i + 2,
        `PB${String(n).padStart(10, '0')}`,
        `${NAMES[r % NAMES.length]} ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(97 + ((n >> 5) % 26))}`,
        account,
        upi ? null : 'HDFC0000001',
        upi ? `payee${n % 9973}@okhdfcbank` : null,
        100 + (next() % 20_000_000),
        upi ? 'UPI' : r % 7 === 0 ? 'NEFT' : 'IMPS',
        state,
        `EK${n}`,
        utr,
        created,
        created,
        created,
        final,
        created,
      ]);
    }
    onBatch(
      {
        name: `Batch ${b}`,
        environment: b % 20 === 7 ? 'sandbox' : 'production',
        createdAt: new Date(createdMs).toISOString(),
      },
      payouts,
    );
  }
  return sample;
}

const COLUMNS = [
  ['row_number', 'int[]'],
  ['transaction_id', 'text[]'],
  ['payee_name', 'text[]'],
  ['account_number', 'text[]'],
  ['ifsc', 'text[]'],
  ['vpa', 'text[]'],
  ['amount_paise', 'bigint[]'],
  ['mode', 'text[]'],
  ['state', 'text[]'],
  ['enkash_transaction_id', 'text[]'],
  ['utr', 'text[]'],
  ['created_at', 'text[]'],
  ['sent_at', 'text[]'],
  ['accepted_at', 'text[]'],
  ['final_at', 'text[]'],
  ['updated_at', 'text[]'],
] as const;

async function fill(pool: pg.Pool, rows: number, batchSize: number) {
  const pending: [GenBatch, GenRow[]][] = [];
  const sample = generate(rows, batchSize, (b, payouts) => pending.push([b, payouts]));
  for (const [b, payouts] of pending.splice(0)) {
    const { rows: made } = await pool.query<{ id: number }>(
      `INSERT INTO batches (name, environment, state, row_count, total_paise, created_at) VALUES ($1, $2, 'SENT', $3, 0, $4) RETURNING id`,
      [b.name, b.environment, payouts.length, b.createdAt],
    );
    const arrays = COLUMNS.map((_, c) => payouts.map((p) => p[c]));
    await pool.query(
      `INSERT INTO payouts (batch_id, ${COLUMNS.map(([c]) => c).join(', ')})
       SELECT ${made[0]!.id}, * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}`).join(', ')})`,
      arrays,
    );
  }
  await pool.query('ANALYZE');
  return sample;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function measure(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function planOf(store: Store, pool: pg.Pool, v: BenchView): Promise<string[]> {
  const [, filters, sort, after] = v;
  const plan = await store.run(choosePlanOps(filters, sort));
  const compiled = historyQuery(
    buildPageQuery(filters, sort, 50, after ? decodeCursor(sort, after) : null, plan, 'pg'),
  ).compile('pg');
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]);
  return rows.map((r) => r['QUERY PLAN']);
}

export async function benchPg(opts: { rows: number; batchSize: number; runs: number; views: BenchView[] }) {
  const cluster = await benchCluster('history');
  if (!cluster) {
    const note = 'PostgreSQL is not installed';
    reportJournal({ goal: 'search', engine: 'PostgreSQL', measuredMs: null, baselineMs: null, goalRatio: 5, note });
    return;
  }
  const pool = createPgPool({ connectionString: await createBenchDatabase(cluster.url, 'bench_history'), max: 2 });
  try {
    const store = await openPgStore(pool);
    const t0 = performance.now();
    const sample = await fill(pool, opts.rows, opts.batchSize);
    console.log(
      `\n   PostgreSQL: ${opts.rows.toLocaleString('en-IN')} payouts (HISTORY_BENCH_PG_ROWS) built and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const newest: HistorySort = { key: 'createdAt', direction: 'desc' };
    let deep: string | null = null;
    // A fifth of the way in, as the SQLite half's 2,00,000 of 10,00,000.
    for (let i = 0; i < Math.floor(opts.rows / 5000); i++) {
      deep = (await store.run(searchPayoutsOps({ environment: 'production' }, newest, { limit: 1000, after: deep })))
        .nextCursor;
    }
    console.log(`   page of 50, median of ${opts.runs} runs:`);
    const times = new Map<string, number>();
    for (const [name, rawFilters, sort, after] of opts.views) {
      const filters = { ...rawFilters };
      if (filters.utr !== undefined) filters.utr = sample.utr;
      if (filters.account !== undefined) filters.account = sample.account.slice(-4);
      const cursor = after === 'deep' ? deep : null;
      const ms = await measure(opts.runs, () =>
        store.run(searchPayoutsOps(filters, sort, { limit: 50, after: cursor })),
      );
      times.set(name, ms);
      const plan = await planOf(store, pool, [name, filters, sort, cursor]);
      const seq = plan.some((l) => /Seq Scan on payouts/.test(l));
      const driver = plan.find((l) => /(Index|Bitmap).* on payouts/.test(l))?.trim() ?? plan[0]?.trim();
      console.log(`   ${name.padEnd(28)} ${ms.toFixed(2).padStart(8)} ms   ${seq ? 'SEQ SCAN ' : ''}${driver}`);
    }
    const indexed = times.get('newest first, production') as number;
    const payee = [...times.entries()].find(([n]) => n.startsWith('payee words'))?.[1] as number;
    console.log(
      `   PostgreSQL payee-word search ${payee.toFixed(2)} ms vs indexed page ${indexed.toFixed(2)} ms: ${(payee / indexed).toFixed(1)}× (target ≤ 5×)`,
    );
    reportJournal({
      goal: 'search',
      engine: 'PostgreSQL',
      measuredMs: payee,
      baselineMs: indexed,
      goalRatio: 5,
      note: `"kum ra" (one payout in eight) vs the newest page, ${opts.rows.toLocaleString('en-IN')} payouts, median of ${opts.runs}`,
    });
    await store.close();
  } finally {
    if (!pool.ended) await pool.end().catch(() => undefined);
    cluster.stop();
  }
}
