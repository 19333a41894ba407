/**
 * A saved import at a million rows (issue 17 point 8): storage and replay cost follow the edits, not the sheet.
 * Measures, for 10,000 patches over a 1,000,000-row payout CSV: saving them in SQLite (one transaction) against a
 * raw INSERT of the same rows, reading them back, and replaying them onto the parsed sheet against parsing it
 * (the replay must be a rounding error next to the parse the reopening needs anyway).
 *   npm run bench -- saved-import
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/open';
import { listPatchesOps, putDraftOps, putPatchesOps } from '../../src/main/db/repos/import-drafts-repo';
import { runSqlite } from '../../src/main/db/store/run-sqlite';
import { applyCellPatches, type CellPatch } from '../../src/shared/sheet/cell-patches';
import { parseSheetBytes } from '../../src/shared/sheet/index';
import { best, payoutCsv } from './sheet-data';

const ROWS = Number(process.env.SAVED_IMPORT_BENCH_ROWS ?? 1_000_000);
const PATCHES = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'saved-import-bench-'));
try {
  const bytes = payoutCsv(ROWS);
  let parsed = null as Awaited<ReturnType<typeof parseSheetBytes>> | null;
  const parseMs = await best(1, async () => {
    parsed = await parseSheetBytes(bytes, 'bench.csv');
  });
  if (!parsed?.ok) throw new Error('bench sheet did not parse');
  const sheet = parsed.sheet;
  const patches: CellPatch[] = [];
  for (let k = 0; k < PATCHES; k++) {
    const row = (k * 7919) % sheet.rows.length;
    patches.push({ row, col: 3, old: sheet.rows[row]![3]!, value: 'SBIN0000300' });
  }

  const db = openDatabase({ file: join(dir, 'bench.sqlite') });
  const now = new Date().toISOString();
  runSqlite(
    db,
    putDraftOps({
      environment: 'sandbox',
      kind: 'payouts',
      fileName: 'b.csv',
      sha256: 'a'.repeat(64),
      mapping: '{}',
      createdAt: now,
      updatedAt: now,
    }),
  );
  const saveMs = await best(3, () =>
    db.transaction(() => runSqlite(db, putPatchesOps('sandbox', 'payouts', patches)))(),
  );
  db.exec('CREATE TABLE raw (a INTEGER, b INTEGER, c TEXT, d TEXT)');
  const raw = db.prepare('INSERT INTO raw VALUES (?, ?, ?, ?)');
  const rawMs = await best(3, () =>
    db.transaction(() => {
      db.exec('DELETE FROM raw');
      for (const p of patches) raw.run(p.row, p.col, p.old, p.value);
    })(),
  );
  const listMs = await best(5, () => runSqlite(db, listPatchesOps('sandbox', 'payouts')));
  const saved = runSqlite(db, listPatchesOps('sandbox', 'payouts'));
  db.close();

  // Replay mutates the sheet; each run restores the original values first (included, and tiny).
  const replayMs = await best(5, () => {
    for (const p of patches) sheet.rows[p.row]![p.col] = p.old;
    return applyCellPatches(sheet, saved);
  });

  console.log(`   ${ROWS.toLocaleString('en-IN')} rows, ${PATCHES.toLocaleString('en-IN')} patches`);
  console.log(
    `   save patches      ${saveMs.toFixed(1)} ms  (raw INSERT ${rawMs.toFixed(1)} ms, ratio ${(saveMs / rawMs).toFixed(2)})`,
  );
  console.log(`   read patches      ${listMs.toFixed(1)} ms`);
  console.log(
    `   replay patches    ${replayMs.toFixed(2)} ms  (parse ${parseMs.toFixed(0)} ms, ratio ${(replayMs / parseMs).toFixed(4)})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
