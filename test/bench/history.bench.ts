/**
 * History over 1,000,000 payouts: the median time of one page (50 rows) for the common views, and the plan
 * SQLite uses for each (it must use an index; a full scan of payouts is reported). Builds its own database in
 * a temp folder (≈ 20–40 s, reported separately) and deletes it afterwards.
 *   npm run bench -- history
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/open';
import { syncPayeeIndex } from '../../src/main/services/history/payee-index';
import { explainPage, searchPayouts, totalPayouts } from '../../src/main/services/history/search';
import type { HistoryFilters, HistorySort } from '../../src/main/services/history/types';

const ROWS = Number(process.env.HISTORY_BENCH_ROWS ?? 1_000_000);
const BATCH_SIZE = 5_000;
const RUNS = 41;

const dir = mkdtempSync(join(tmpdir(), 'payout-history-bench-'));
const file = join(dir, 'bench.sqlite');
const db = openDatabase({ file });

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
// xorshift32: an LCG's low bits repeat with a short period, which skewed `r % 8` towards one name.
let seed = 20260301;
const next = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
};

const t0 = performance.now();
const insertBatch = db.prepare(
  `INSERT INTO batches (name, environment, state, row_count, total_paise, created_at) VALUES (?, ?, 'SENT', ?, 0, ?)`,
);
const insertPayout = db.prepare(
  `INSERT INTO payouts (batch_id, row_number, transaction_id, payee_name, account_number, ifsc, vpa, amount_paise, mode, state,
     enkash_transaction_id, utr, created_at, sent_at, accepted_at, final_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const start = Date.UTC(2024, 0, 1);
const span = 2 * 365 * 86_400_000;
let sampleUtr = '';
let sampleAccount = '';
db.transaction(() => {
  for (let b = 0; b * BATCH_SIZE < ROWS; b++) {
    const createdMs = start + Math.floor((b * BATCH_SIZE * span) / ROWS);
    const env = b % 20 === 7 ? 'sandbox' : 'production';
    const batchId = Number(
      insertBatch.run(`Batch ${b}`, env, BATCH_SIZE, new Date(createdMs).toISOString()).lastInsertRowid,
    );
    for (let i = 0; i < BATCH_SIZE && b * BATCH_SIZE + i < ROWS; i++) {
      const n = b * BATCH_SIZE + i;
      const r = next();
      const upi = r % 10 === 0;
      const state =
        r % 100 < 90
          ? 'SUCCESS'
          : r % 100 < 96
            ? 'FAILED'
            : r % 100 < 98
              ? 'REVERSED'
              : r % 100 < 99
                ? 'PROCESSING'
                : 'UNKNOWN';
      const created = new Date(createdMs + i * 1000).toISOString();
      const final =
        state === 'PROCESSING' || state === 'UNKNOWN' ? null : new Date(createdMs + i * 1000 + 600_000).toISOString();
      const account = upi ? null : String(100000000000 + (next() % 899999999999));
      const utr = state === 'SUCCESS' || state === 'REVERSED' ? String(300000000000 + n) : null;
      if (n === Math.floor(ROWS / 2)) {
        sampleUtr = utr ?? String(300000000000 + n);
        sampleAccount = account ?? '';
      }
      insertPayout.run(
        batchId,
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
      );
    }
  }
})();
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

const views: [string, HistoryFilters, HistorySort, string | null][] = [
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

db.close();
rmSync(dir, { recursive: true, force: true });
