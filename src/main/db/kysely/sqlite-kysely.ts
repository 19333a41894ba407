import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../open';
import type { SqliteDatabase } from './schema';

/**
 * Kysely over a connection that db/open.ts opened (pragmas, IMMEDIATE transactions, migrations applied), so the
 * typed layer and today's synchronous repositories share one connection and one view of the file.
 *
 * The app owns the connection: `destroy()` of this Kysely leaves it open (Kysely's SQLite driver would otherwise
 * close it under the repositories). Note for the port of the journal (issue 13 point 2): Kysely's own
 * `transaction()` issues a DEFERRED `begin`; journal steps must keep BEGIN IMMEDIATE (see open.ts for why).
 */
export function kyselyOverSqlite(db: Db): Kysely<SqliteDatabase> {
  const borrowed = { prepare: (sql: string) => db.prepare(sql), close: () => {} };
  return new Kysely<SqliteDatabase>({ dialect: new SqliteDialect({ database: borrowed }) });
}
