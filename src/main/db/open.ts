import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/ipc/errors';
import { loadMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export type OpenDbOptions = {
  file: string;
  migrationsDir?: string;
  /** Electron-ABI build of better-sqlite3 for `npm start` from source (see DESIGN.md "Native modules"). */
  nativeBinding?: string;
};

/** In the Electron build this module is bundled into out/main, where the build copies the .sql files. */
export function defaultMigrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'migrations');
  return existsSync(beside) ? beside : join(here, 'db', 'migrations');
}

type AppliedRow = { version: number; name: string; checksum: string };

/**
 * Refuses, before anything is written, a file whose applied migrations were edited or that a newer app
 * version migrated: running old code on it could corrupt the payout journal.
 */
function checkExisting(file: string, migrations: Migration[], nativeBinding?: string): void {
  if (!existsSync(file)) return;
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!hasTable) return;
    const applied = db
      .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
      .all() as AppliedRow[];
    const known = migrations.length;
    const newest = applied.at(-1)?.version ?? 0;
    if (newest > known) {
      throw new AppError(
        'db_error',
        `This history file was written by a newer version of Payout Desk (schema ${newest}; this version knows up to ${known}). Update the app. The file was not changed.`,
        { file, schema: newest, known },
      );
    }
    for (const row of applied) {
      const migration = migrations[row.version - 1];
      if (!migration || migration.checksum !== row.checksum) {
        throw new AppError(
          'db_error',
          `The history file's schema step ${row.version} (${row.name}) does not match this app's. It may have been edited by hand. The file was not changed.`,
          { file, version: row.version },
        );
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('db_error', `Could not read the history file: ${(error as Error).message}`, { file });
  } finally {
    db?.close();
  }
}

/** Opens (creating if needed) the app database with the journal-safe pragmas, then applies pending migrations. */
export function openDatabase(options: OpenDbOptions): Db {
  const migrations = loadMigrations(options.migrationsDir ?? defaultMigrationsDir());
  checkExisting(options.file, migrations, options.nativeBinding);
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file, { nativeBinding: options.nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // FULL: a committed journal entry ("SENDING") must survive a power cut before the request leaves.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        record.run(migration.version, migration.name, migration.checksum, new Date().toISOString());
      })();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
