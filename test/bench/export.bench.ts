/**
 * Export of 100,000 payouts: our CSV export (paged reads, typed and neutralised cells, IST dates, masked
 * accounts, BOM, totals, progress) against the raw baseline — one SELECT of the same rows joined with commas
 * and written in one go. The ratio is what correctness and streaming cost over the bare minimum. XLSX is
 * printed for reference.
 *   npm run bench -- export
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/open';
import { exportBatch } from '../../src/main/services/exports/jobs';

const ROWS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'payout-export-bench-'));
const db = openDatabase({ file: join(dir, 'bench.sqlite') });

const NAMES = ['Ravi Kumar', 'Asha Iyer', 'Meena Sharma', 'Arjun Reddy', 'Kavya Nair', 'Imran Khan', 'Sneha Das'];
let seed = 7;
const next = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
};
const batchId = Number(
  db
    .prepare(
      `INSERT INTO batches (name, environment, state, row_count, total_paise, created_at) VALUES ('Bench', 'production', 'SENT', ?, 0, ?)`,
    )
    .run(ROWS, new Date(Date.UTC(2026, 2, 1)).toISOString()).lastInsertRowid,
);
const insert = db.prepare(
  `INSERT INTO payouts (batch_id, row_number, transaction_id, payee_name, account_number, ifsc, amount_paise, mode, state,
     enkash_transaction_id, utr, reference, remark, created_at, sent_at, final_at, updated_at)
   VALUES (?, ?, ?, ?, ?, 'HDFC0000001', ?, 'IMPS', ?, ?, ?, ?, 'Salary March', ?, ?, ?, ?)`,
);
db.transaction(() => {
  for (let i = 0; i < ROWS; i++) {
    const t = new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString();
    const state = next() % 20 === 0 ? 'FAILED' : 'SUCCESS';
    insert.run(
      batchId,
      i + 2,
      `PD${String(i).padStart(12, '0')}`,
      NAMES[i % NAMES.length],
      String(100000000000 + (next() % 899999999999)),
      100 + (next() % 10_000_000),
      state,
      `EK${i}`,
      state === 'SUCCESS' ? String(300000000000 + i) : null,
      `INV-${i}`,
      t,
      t,
      t,
      t,
    );
  }
})();

/** Best (minimum) wall time of `runs` runs, in ms. */
async function best(runs: number, fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const rawPath = join(dir, 'raw.csv');
const raw = await best(3, () => {
  const rows = db
    .prepare(
      `SELECT batch_id, row_number, transaction_id, enkash_transaction_id, payee_name, account_number, ifsc, vpa, mode,
         amount_paise, state, reject_code, utr, created_at, sent_at, final_at
       FROM payouts WHERE batch_id = ? ORDER BY row_number`,
    )
    .raw()
    .all(batchId) as unknown[][];
  writeFileSync(rawPath, rows.map((r) => r.join(',')).join('\n'));
});

const csvPath = join(dir, 'ours.csv');
let progressCalls = 0;
const ours = await best(3, () =>
  exportBatch(db, batchId, { format: 'csv', path: csvPath, onProgress: () => progressCalls++ }),
);
const xlsxPath = join(dir, 'ours.xlsx');
const xlsx = await best(1, () => exportBatch(db, batchId, { format: 'xlsx', path: xlsxPath }));

const mb = (p: string) => `${(statSync(p).size / 1048576).toFixed(1)} MB`;
console.log(`   input: ${ROWS.toLocaleString('en-IN')} payouts in one batch`);
console.log(`   raw SELECT + join + write       ${raw.toFixed(0).padStart(6)} ms   (${mb(rawPath)})`);
console.log(
  `   our CSV export                  ${ours.toFixed(0).padStart(6)} ms   ratio ${(ours / raw).toFixed(2)}× raw   (${mb(csvPath)}, ${Math.round(progressCalls / 3)} progress events)`,
);
console.log(
  `   our XLSX export (reference)     ${xlsx.toFixed(0).padStart(6)} ms   ratio ${(xlsx / raw).toFixed(2)}× raw   (${mb(xlsxPath)})`,
);

db.close();
rmSync(dir, { recursive: true, force: true });
