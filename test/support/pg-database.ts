import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgPool } from '../../src/main/db/kysely/pg-kysely';

/**
 * A fresh, empty PostgreSQL database per test on the throwaway cluster that scripts/run-tests.mjs starts
 * (scripts/pg-cluster.mjs). Without that cluster the PG tests fail, never skip: the message says how to run them.
 */
export function testPgUrl(): string {
  const url = process.env.PAYOUT_DESK_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'PAYOUT_DESK_TEST_PG_URL is not set: the PostgreSQL tests need the throwaway cluster that `npm test` starts. ' +
        "Run one file with `node scripts/run-tests.mjs --no-build <file>`. It needs PostgreSQL 15 from Debian's " +
        '`postgresql` package (`apt-get install postgresql`).',
    );
  }
  return url;
}

export type FreshPgDatabase = { url: string; pool: pg.Pool; close: () => Promise<void> };

export async function freshPgDatabase(): Promise<FreshPgDatabase> {
  const adminUrl = testPgUrl();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPgPool({ connectionString: url.toString(), max: 6 });
  return {
    url: url.toString(),
    pool,
    // The database is left for the cluster's removal at the end of the run: pg's Pool.end() resolves before its
    // sockets are closed, and a forced DROP DATABASE would kill them mid-close (an uncaught 57P01 in the test run).
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
