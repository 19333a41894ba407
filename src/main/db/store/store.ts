import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createPgKysely, createPgPool } from '../kysely/pg-kysely';
import type { Database } from '../kysely/schema';
import type { Db } from '../open';
import { migratePg } from '../pg/migrate';
import type { Engine, Ops } from './ops';
import { runPg } from './run-pg';
import { runSqlite } from './run-sqlite';

/**
 * The journal's database, whichever engine holds it. Services hand it storage work (ops.ts); `sqlite` is the open
 * better-sqlite3 connection on the desk's own file (null on PostgreSQL), for the synchronous callers that run only
 * on the desk.
 */
export type Store = {
  engine: Engine;
  run<T>(ops: Ops<T>): Promise<T>;
  sqlite: Db | null;
  close(): Promise<void>;
};

/** The desk's SQLite file as a Store. The connection stays the caller's: `close()` leaves it open. */
export function sqliteStore(db: Db): Store {
  return {
    engine: 'sqlite',
    sqlite: db,
    run<T>(ops: Ops<T>): Promise<T> {
      // Run now, not on a later tick: the work is synchronous and callers may rely on its order.
      try {
        return Promise.resolve(runSqlite(db, ops));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    close: async () => {},
  };
}

export type PgStoreOptions = { connectionString: string; max?: number; migrationsDir?: string };

/** PostgreSQL as a Store: migrated (refusing a database newer than this code) before it is returned. */
export async function openPgStore(options: PgStoreOptions | pg.Pool): Promise<Store> {
  const pool = 'connectionString' in options ? createPgPool(options) : options;
  try {
    await migratePg(pool, 'migrationsDir' in options ? options.migrationsDir : undefined);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const k = createPgKysely(pool) as unknown as Kysely<Database>;
  return {
    engine: 'pg',
    sqlite: null,
    run: (ops) => runPg(k, ops),
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}

/**
 * What per-database memory in this process (locks, departure times) is keyed on: the SQLite connection — several
 * Store wrappers of one connection are one database — or, on PostgreSQL, the pool's Store itself.
 */
export function storeIdentity(store: Store): object {
  return store.sqlite ?? store;
}

/**
 * The store's SQLite connection for code not yet ported to storage work; on PostgreSQL a stand-in that refuses any
 * use by name, so an unported path fails loudly (and a test shows exactly what is left) instead of touching a file.
 */
export function sqliteOnly(store: Store): Db {
  if (store.sqlite) return store.sqlite;
  return new Proxy({} as Db, {
    get(_target, prop) {
      if (prop === 'then') return undefined;
      throw new Error(`SQLite-only code reached on PostgreSQL: db.${String(prop)}`);
    },
  });
}
