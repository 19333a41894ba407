import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import {
  deleteDraftOps,
  findDraftOps,
  listPatchesOps,
  putDraftOps,
  putPatchesOps,
} from '../../../src/main/db/repos/import-drafts-repo';
import type { Ops } from '../../../src/main/db/store/ops';
import { runSqlite } from '../../../src/main/db/store/run-sqlite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig009-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SRC = join(__dirname, '../../../src/main/db/migrations');

/** A migrations folder holding only 001–008: what a database of the previous release was built with. */
function upTo008(): string {
  const d = join(dir, 'm008');
  mkdirSync(d);
  for (const f of readdirSync(SRC).filter((f) => /^00[1-8]_/.test(f))) copyFileSync(join(SRC, f), join(d, f));
  return d;
}

const header = {
  environment: 'sandbox',
  kind: 'payouts' as const,
  fileName: 'november.csv',
  sha256: 'a'.repeat(64),
  mapping: '{"name":1,"amount":5}',
  createdAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:00:00.000Z',
};

describe('migration 009 (saved imports) upgrades an 008 database in place', () => {
  it('keeps the journal, stores one draft per kind per environment, and patches per cell', () => {
    const file = join(dir, 'desk.sqlite');
    const old = openDatabase({ file, migrationsDir: upTo008() });
    old
      .prepare(
        `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'SENT', 1, 100, ?)`,
      )
      .run(header.createdAt);
    expect(old.prepare("SELECT 1 FROM sqlite_master WHERE name = 'import_drafts'").get()).toBeUndefined();
    old.close();

    const db = openDatabase({ file });
    const x = <T>(ops: Ops<T>): T => runSqlite(db, ops);
    try {
      expect(db.prepare('SELECT version AS v FROM schema_migrations WHERE version = 9').get()).toEqual({ v: 9 });
      expect(db.prepare('SELECT name FROM batches').all()).toEqual([{ name: 'b' }]);
      x(putDraftOps(header));
      x(putDraftOps({ ...header, environment: 'uat' }));
      x(
        putPatchesOps('sandbox', 'payouts', [
          { row: 8, col: 3, old: 'SBINO000300', value: 'SBIN000030' },
          { row: 8, col: 3, old: 'SBINO000300', value: 'SBIN0000300' },
          { row: 2, col: 1, old: "Anil D'Souza", value: 'Anil DSouza' },
        ]),
      );
      expect(x(listPatchesOps('sandbox', 'payouts'))).toEqual([
        { row: 2, col: 1, old: "Anil D'Souza", value: 'Anil DSouza' },
        { row: 8, col: 3, old: 'SBINO000300', value: 'SBIN0000300' },
      ]);
      expect(x(listPatchesOps('uat', 'payouts'))).toEqual([]);
      // A cell edited back to the file's value has nothing left to replay.
      x(putPatchesOps('sandbox', 'payouts', [{ row: 2, col: 1, old: "Anil D'Souza", value: "Anil D'Souza" }]));
      expect(x(listPatchesOps('sandbox', 'payouts'))).toHaveLength(1);
      // Another file for the same kind starts over.
      x(putDraftOps({ ...header, sha256: 'b'.repeat(64) }));
      expect(x(listPatchesOps('sandbox', 'payouts'))).toEqual([]);
      expect(x(findDraftOps('sandbox', 'payouts'))?.sha256).toBe('b'.repeat(64));
      expect(() => x(putDraftOps({ ...header, kind: 'refunds' as never }))).toThrow(/CHECK/);
      expect(() => x(putPatchesOps('production', 'payouts', [{ row: 0, col: 0, old: 'a', value: 'b' }]))).toThrow(
        /FOREIGN KEY/,
      );
      x(putPatchesOps('sandbox', 'payouts', [{ row: 0, col: 0, old: 'a', value: 'b' }]));
      expect(x(deleteDraftOps('sandbox', 'payouts'))).toBe(true);
      expect(db.prepare('SELECT COUNT(*) AS n FROM import_draft_patches').get()).toEqual({ n: 0 });
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
