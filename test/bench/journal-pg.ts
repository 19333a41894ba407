/**
 * The PostgreSQL cluster a journal bench runs on: the one run.ts started for all of them (PAYOUT_DESK_BENCH_PG_URL,
 * so `npm run bench` pays for one initdb), or — a bench run on its own — a throwaway one of its own, started and
 * stopped by scripts/pg-cluster.mjs exactly as the test runner does. Null when PostgreSQL is not installed: the
 * bench prints why and measures SQLite only.
 */
// @ts-expect-error a plain .mjs script without types
import { PG_MISSING_MESSAGE, startPgCluster, stopPgCluster } from '../../scripts/pg-cluster.mjs';

export const BENCH_PG_URL_ENV = 'PAYOUT_DESK_BENCH_PG_URL';

export type BenchCluster = { url: string; stop(): void };

export async function benchCluster(label: string): Promise<BenchCluster | null> {
  const shared = process.env[BENCH_PG_URL_ENV];
  if (shared) return { url: shared, stop: () => undefined };
  try {
    const cluster = (await startPgCluster()) as { url: string; dir: string };
    return { url: cluster.url, stop: () => stopPgCluster(cluster.dir) };
  } catch (error) {
    console.log(`PostgreSQL ${label}: not measured (${(error as Error).message || PG_MISSING_MESSAGE})`);
    return null;
  }
}

/** A new empty database on the cluster, by name; returns its URL (the cluster's own database stays untouched). */
export async function createBenchDatabase(clusterUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
