import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/main/db/migrations';
import { defaultMigrationsDir, openDatabase } from '../../../src/main/db/open';

describe('database open + migrations', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'payout-db-'));
    file = join(dir, 'app.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens with WAL, foreign keys, synchronous=FULL and a busy timeout, and creates the schema', () => {
    const db = openDatabase({ file });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'imports',
        'batches',
        'chunks',
        'payouts',
        'beneficiaries',
        'audit_log',
        'schema_migrations',
      ]),
    );
    db.close();
  });

  it('applies each migration once and records its checksum', () => {
    openDatabase({ file }).close();
    const db = openDatabase({ file });
    const rows = db.prepare('SELECT version, checksum FROM schema_migrations').all() as { checksum: string }[];
    expect(rows).toHaveLength(loadMigrations(defaultMigrationsDir()).length);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });

  it('enforces integer paise and a unique transactionId in the schema itself', () => {
    const db = openDatabase({ file });
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'DRAFT', 1, 100, ?)",
    ).run(now);
    const insert = db.prepare(
      "INSERT INTO payouts (batch_id, row_number, transaction_id, amount_paise, mode, state, created_at, updated_at) VALUES (1, 2, ?, ?, 'IMPS', 'DRAFT', ?, ?)",
    );
    insert.run('TX1', 100, now, now);
    expect(() => insert.run('TX1', 100, now, now)).toThrow(/UNIQUE/);
    expect(() => insert.run('TX2', 0, now, now)).toThrow(/CHECK/);
    expect(() => insert.run('TX-3', 100, now, now)).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a database whose applied migration was changed, and leaves the file untouched', () => {
    openDatabase({ file }).close();
    const raw = new Database(file);
    raw.prepare("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1").run();
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase({ file })).toThrow(/schema step 1 .* does not match/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer version, and leaves the file untouched', () => {
    openDatabase({ file }).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'abc', '2030-01-01')").run();
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase({ file })).toThrow(/newer version of Payout Desk \(schema 99/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses when a shipped migration file itself was edited after being applied', () => {
    const migrations = join(dir, 'migrations');
    cpSync(defaultMigrationsDir(), migrations, { recursive: true });
    openDatabase({ file, migrationsDir: migrations }).close();
    writeFileSync(
      join(migrations, '001_initial.sql'),
      `${readFileSync(join(migrations, '001_initial.sql'), 'utf8')}\n-- edited`,
    );
    expect(() => openDatabase({ file, migrationsDir: migrations })).toThrow(/does not match/);
  });

  it('reports a file that is not a database clearly', () => {
    writeFileSync(file, 'this is not sqlite at all, just text that someone renamed'.repeat(100));
    expect(() => openDatabase({ file })).toThrow(/Could not read the history file/);
  });
});
