/**
 * History over 1,000,000 payouts: the median time of one page (50 rows) for the common views, and the plan
 * SQLite uses for each (it must use an index; a full scan of payouts is reported). Builds its own database in
 * a temp folder (≈ 20–40 s, reported separately) and deletes it afterwards.
 * Then the same on PostgreSQL (issue 13 point 5, both engines): the same rows in a throwaway cluster, the same pages
 * through the same storage work (searchPayoutsOps). Each engine prints the ratio of the payee-word search to an
 * indexed history page (target ≤ 5×). Without PostgreSQL installed that half says so and the bench still exits 0.
 *   npm run bench -- history          HISTORY_BENCH_ROWS, HISTORY_BENCH_PG_ROWS change the sizes
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/open';
import { syncPayeeIndex } from '../../src/main/services/history/payee-index';
import { explainPage, searchPayouts, totalPayouts } from '../../src/main/services/history/search';
import type { HistorySort } from '../../src/main/services/history/types';
import { benchPg, generate, type BenchView } from './history-pg';
import { reportJournal } from './journal-table';

const ROWS = Number(process.env.HISTORY_BENCH_ROWS ?? 1_000_000);
const BATCH_SIZE = 5_000;
const RUNS = 41;

const dir = mkdtempSync(join(tmpdir(), 'payout-history-bench-'));
const file = join(dir, 'bench.sqlite');
const db = openDatabase({ file });

const t0 = performance.now();
const insertBatch = db.prepare(
  `INSERT INTO batches (name, environment, state, row_count, total_paise, created_at) VALUES (?, ?, 'SENT', ?, 0, ?)`,
);
const insertPayout = db.prepare(
  `INSERT INTO payouts (batch_id, row_number, transaction_id, payee_name, account_number, ifsc, vpa, amount_paise, mode, state,
     enkash_transaction_id, utr, created_at, sent_at, accepted_at, final_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
let sample = { utr: '', account: '' };
db.transaction(() => {
  sample = generate(ROWS, BATCH_SIZE, (b, rows) => {
    const batchId = Number(insertBatch.run(b.name, b.environment, BATCH_SIZE, b.createdAt).lastInsertRowid);
    for (const r of rows) insertPayout.run(batchId, ...r);
  });
})();
const sampleUtr = sample.utr;
const sampleAccount = sample.account;
const buildMs = performance.now() - t0;
const t1 = performance.now();
const synced = syncPayeeIndex(db);
const ftsMs = performance.now() - t1;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function measure(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const newest: HistorySort = { key: 'createdAt', direction: 'desc' };
const byAmount: HistorySort = { key: 'amount', direction: 'desc' };
const middle = searchPayouts(db, { environment: 'production' }, newest, { limit: 1000 });
let deepCursor = middle.nextCursor;
for (let i = 0; i < 200 && deepCursor; i++)
  deepCursor = searchPayouts(db, { environment: 'production' }, newest, { limit: 1000, after: deepCursor }).nextCursor;

const views: BenchView[] = [
  ['newest first, production', { environment: 'production' }, newest, null],
  ['after 2,00,000 rows (cursor)', { environment: 'production' }, newest, deepCursor],
  ['FAILED, newest first', { environment: 'production', states: ['FAILED'] }, newest, null],
  ['SUCCESS, by amount', { environment: 'production', states: ['SUCCESS'] }, byAmount, null],
  ['UNKNOWN+PROCESSING', { states: ['UNKNOWN', 'PROCESSING'] }, newest, null],
  ['one IST day', { from: '2025-06-10', to: '2025-06-10' }, newest, null],
  ['payee words "kum ra"', { payee: 'kum ra' }, newest, null],
  ['account last 4', { account: sampleAccount.slice(-4) }, newest, null],
  ['UTR', { utr: sampleUtr }, newest, null],
  ['UPI by amount', { modes: ['UPI'] }, byAmount, null],
];

console.log(
  `   data: ${ROWS.toLocaleString('en-IN')} payouts, ${(statSync(file).size / 1048576).toFixed(0)} MB; built in ${(buildMs / 1000).toFixed(1)} s; payee index caught up in ${ftsMs.toFixed(0)} ms (${synced.added.toLocaleString('en-IN')} rows)`,
);
console.log(`   page of 50, median of ${RUNS} runs:`);
let scans = 0;
for (const [name, filters, sort, after] of views) {
  const ms = measure(() => searchPayouts(db, filters, sort, { limit: 50, after }));
  const plan = explainPage(db, filters, sort, after);
  const full = plan.filter(
    (d) => /\bSCAN (p|payouts)\b/.test(d) && !/USING (COVERING )?INDEX|INTEGER PRIMARY KEY/.test(d),
  );
  scans += full.length;
  const driver = plan.find((d) => /\b(p|payouts_payee_fts)\b/.test(d)) ?? plan[0];
  console.log(`   ${name.padEnd(28)} ${ms.toFixed(2).padStart(8)} ms   ${full.length ? 'FULL SCAN ' : ''}${driver}`);
}
const totalMs = measure(() => totalPayouts(db, { environment: 'production', states: ['FAILED'] }));
console.log(`   count+sum of FAILED (production) ${totalMs.toFixed(1).padStart(8)} ms`);
console.log(`   plans without an index on payouts: ${scans}`);
const indexedMs = measure(() => searchPayouts(db, { environment: 'production' }, newest, { limit: 50 }));
const payeeMs = measure(() => searchPayouts(db, { payee: 'kum ra' }, newest, { limit: 50 }));
console.log(
  `   SQLite payee-word search ${payeeMs.toFixed(2)} ms vs indexed page ${indexedMs.toFixed(2)} ms: ${(payeeMs / indexedMs).toFixed(1)}× (target ≤ 5×)`,
);
reportJournal({
  goal: 'search',
  engine: 'SQLite',
  measuredMs: payeeMs,
  baselineMs: indexedMs,
  goalRatio: 5,
  note: `"kum ra" (one payout in eight) vs the newest page, ${ROWS.toLocaleString('en-IN')} payouts, median of ${RUNS}`,
});

db.close();
rmSync(dir, { recursive: true, force: true });

// PostgreSQL: the same generator, the same views (the deep cursor is re-walked there), the same ratio.
await benchPg({
  rows: Number(process.env.HISTORY_BENCH_PG_ROWS ?? 200_000),
  batchSize: BATCH_SIZE,
  runs: RUNS,
  views: views.map(([name, filters, sort, after]) => [name, filters, sort, after === deepCursor ? 'deep' : after]),
});
