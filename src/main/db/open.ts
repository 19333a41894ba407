import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/domain/errors';
import { loadMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export type OpenDbOptions = {
  file: string;
  migrationsDir?: string;
  /** Electron-ABI build of better-sqlite3 for `npm start` from source (see DESIGN.md "Native modules"). */
  nativeBinding?: string;
  /** Extra waits after SQLite's own busy_timeout ran out at BEGIN (tests shorten them). */
  busyRetryDelaysMs?: readonly number[];
};

const BUSY_RETRY_DELAYS_MS = [100, 250, 500, 1000] as const;

const isBusy = (e: unknown) => /^SQLITE_BUSY/.test(String((e as { code?: unknown })?.code ?? ''));

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Every `db.transaction(fn)` becomes BEGIN IMMEDIATE (issue 9 point 4). A DEFERRED transaction reads first
 * and asks for the write lock at its first write: when another process (the CLI beside the app) committed in
 * between, SQLite answers SQLITE_BUSY at once (busy_timeout does not help a stale snapshot), and a journal
 * step fails half-way, leaving rows SENDING. IMMEDIATE waits for the lock before `fn` reads anything.
 * Overriding at open makes all existing call sites IMMEDIATE without touching them; nested calls still
 * become savepoints (better-sqlite3 checks `inTransaction`). A BUSY at BEGIN — `fn` has not run, so a
 * retry cannot repeat any of its effects — is retried a few more times beyond busy_timeout; a BUSY after
 * `fn` started is never retried (its JS side effects may have happened).
 */
function immediateTransactions(db: Db, delays: readonly number[]): void {
  const original = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    let entered = false;
    const inner = original(function (this: unknown, ...args: unknown[]) {
      entered = true;
      return fn.apply(this, args);
    });
    const run = function (this: unknown, ...args: unknown[]) {
      if (db.inTransaction) return inner.immediate.apply(this, args);
      for (let attempt = 0; ; attempt++) {
        entered = false;
        try {
          return inner.immediate.apply(this, args);
        } catch (error) {
          if (entered || !isBusy(error)) throw error;
          const wait = delays[attempt];
          if (wait === undefined) {
            throw new AppError(
              'db_error',
              'The history file stayed busy (another Payout Desk process is writing to it). Nothing was changed; try again.',
              { sqlite: (error as { code?: string }).code },
            );
          }
          sleepSync(wait);
        }
      }
    };
    for (const name of ['default', 'immediate'] as const) Object.defineProperty(run, name, { value: run });
    Object.defineProperty(run, 'deferred', { value: inner.deferred });
    Object.defineProperty(run, 'exclusive', { value: inner.exclusive });
    Object.defineProperty(run, 'database', { value: db, enumerable: true });
    return run;
  }) as Db['transaction'];
}

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

/**
 * A migration that rebuilds a referenced table starts with `-- foreign_keys: off`: the pragma cannot change
 * inside a transaction, and DROP TABLE would otherwise count every referencing row as a violation. The
 * references are checked before the commit instead, so a broken one still rolls the whole migration back.
 */
function applyMigration(db: Db, migration: Migration, record: () => void): void {
  const keysOff = migration.sql.startsWith('-- foreign_keys: off');
  if (keysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      // Another process opening the same file at the same moment may have applied it while we waited.
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return;
      db.exec(migration.sql);
      if (keysOff) {
        const broken = db.pragma('foreign_key_check') as { table: string }[];
        if (broken.length) {
          throw new Error(
            `Migration ${migration.name} would break ${broken.length} reference(s) in ${broken[0]?.table}`,
          );
        }
      }
      record();
    })();
  } finally {
    if (keysOff) db.pragma('foreign_keys = ON');
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
    immediateTransactions(db, options.busyRetryDelaysMs ?? BUSY_RETRY_DELAYS_MS);
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
      applyMigration(db, migration, () =>
        record.run(migration.version, migration.name, migration.checksum, new Date().toISOString()),
      );
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
