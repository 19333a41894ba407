import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../../src/main/context';
import type { Engine, Ops } from '../../../src/main/db/store/ops';
import { runSqlite } from '../../../src/main/db/store/run-sqlite';
import { openTestStore } from '../../support/test-store';

/**
 * The database a crash-test child writes, as the parent reads it between kills: the data folder's SQLite file
 * (opened read-only per look, so the parent never holds a lock the child waits for), or a fresh PostgreSQL
 * database the children reach with `--database-url`.
 */
export type CrashDb = {
  engine: Engine;
  /** Extra CLI arguments that point a child at this database. */
  args: string[];
  /** Arguments before the command (crash-child.ts's test-only ones). */
  leadArgs: string[];
  /** How long a killed child's chunk lease holds its rows (PostgreSQL); 0 on SQLite. */
  chunkLeaseMs: number;
  /** Runs read-only storage work; null when there is no database yet (a child was killed before creating it). */
  read<T>(ops: Ops<T>): Promise<T | null>;
  close(): Promise<void>;
};

// Long against a 3 ms request (it is renewed every third of it while one is in flight), short enough that the next
// child soon settles a killed one's rows.
const PG_CHUNK_LEASE_MS = 1_500;

export async function openCrashDb(engine: Engine, dataDir: string): Promise<CrashDb> {
  if (engine === 'sqlite') {
    return {
      engine,
      args: [],
      leadArgs: [],
      chunkLeaseMs: 0,
      read: async (ops) => {
        let db: Database.Database;
        try {
          db = new Database(join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
        } catch {
          return null;
        }
        try {
          return runSqlite(db, ops);
        } finally {
          db.close();
        }
      },
      close: async () => {},
    };
  }
  // Migrated here, before any child: the children's own migration check then finds it current.
  const t = await openTestStore('pg');
  return {
    engine,
    args: ['--database-url', t.url!],
    leadArgs: ['--test-chunk-lease-ms', String(PG_CHUNK_LEASE_MS)],
    chunkLeaseMs: PG_CHUNK_LEASE_MS,
    read: (ops) => t.store.run(ops),
    close: () => t.close(),
  };
}
