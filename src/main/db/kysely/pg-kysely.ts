import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PgDatabase } from './schema';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * node-postgres hands int8 (our ids and paise) and numeric (what sum() of int8 returns) back as strings, so the
 * same query would answer `"150000"` on PostgreSQL and `150000` on SQLite. Parse them to numbers, but only while
 * they are exact: a value past 2^53 throws rather than be rounded (money must never be approximated). A numeric
 * with a fraction (avg()) stays the exact string.
 */
function exactInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`PostgreSQL returned an integer beyond 2^53 (${text.length} digits); refusing to round it`);
  }
  return value;
}

const exactTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return exactInteger;
    if (format !== 'binary' && oid === NUMERIC_OID) {
      return (text: string) => (/^-?\d+$/.test(text) ? exactInteger(text) : text);
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export type PgKyselyOptions = {
  /** `postgres://user@host:port/database` (never logged: it may carry a password). */
  connectionString: string;
  /** Pool size; a desk server needs few (one per concurrent request plus the engine). */
  max?: number;
};

/** A pool with the exact-integer parsers above; callers that need raw pg (the lease test's locks) use this too. */
export function createPgPool(options: PgKyselyOptions): pg.Pool {
  return new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types: exactTypes });
}

/** Kysely over PostgreSQL. `destroy()` ends the pool. */
export function createPgKysely(options: PgKyselyOptions | pg.Pool): Kysely<PgDatabase> {
  const pool = options instanceof pg.Pool ? options : createPgPool(options);
  return new Kysely<PgDatabase>({ dialect: new PostgresDialect({ pool }) });
}
