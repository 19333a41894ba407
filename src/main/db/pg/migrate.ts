import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { AppError } from '../../../shared/domain/errors';
import { loadMigrations, type Migration } from '../migrations';

/** Same layout rule as db/open.ts's defaultMigrationsDir: beside the bundle, else the source folder. */
export function defaultPgMigrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'pg-migrations');
  return existsSync(beside) ? beside : join(here, 'migrations');
}

// Any server opening the database takes this for the whole run, so two servers starting at once apply each step once.
const MIGRATION_LOCK = 7213000;

type AppliedRow = { version: number; name: string; checksum: string };

/**
 * Applies pending PostgreSQL migrations, each in its own transaction (DDL is transactional here). Like SQLite's
 * runner it first refuses, before writing anything, a database a newer version migrated or whose applied steps
 * differ from this code's: running old code on it could corrupt the payout journal.
 */
export async function migratePg(pool: pg.Pool, dir = defaultPgMigrationsDir()): Promise<{ applied: number[] }> {
  const migrations = loadMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at text NOT NULL)`);
    const applied = (
      await client.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    ).rows;
    checkApplied(applied, migrations);
    const done = new Set(applied.map((r) => r.version));
    const now: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
          [migration.version, migration.name, migration.checksum, new Date().toISOString()],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new AppError(
          'db_error',
          `Database schema step ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          {
            version: migration.version,
          },
        );
      }
      now.push(migration.version);
    }
    return { applied: now };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

function checkApplied(applied: AppliedRow[], migrations: Migration[]): void {
  const known = migrations.length;
  const newest = applied.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new AppError(
      'db_error',
      `This database was written by a newer version of Payout Desk (schema ${newest}; this version knows up to ${known}). Update the app. The database was not changed.`,
      { schema: newest, known },
    );
  }
  for (const row of applied) {
    const migration = migrations[row.version - 1];
    if (!migration || migration.checksum !== row.checksum) {
      throw new AppError(
        'db_error',
        `The database's schema step ${row.version} (${row.name}) does not match this app's. It may have been edited by hand. The database was not changed.`,
        { version: row.version },
      );
    }
  }
}
