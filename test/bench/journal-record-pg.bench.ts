/**
 * The journal recording bench on PostgreSQL (issue 13 point 5, "both engines"): the journal writer
 * (transitionPayoutsOps through the PostgreSQL runner) against the same statements issued raw through node-postgres
 * in one transaction — per row the row read under FOR UPDATE, the same UPDATE, the chain lock and last hash read,
 * the same SHA-256, the same INSERT. Both pay the same round trips and the same audit trigger; the ratio is the
 * journal's own cost. It runs on run.ts's cluster or its own throwaway one (journal-pg.ts); without PostgreSQL
 * installed it says so and exits 0 (benchmarks print, never assert). Its row goes into run.ts's journal table.
 *   npm run bench -- journal-record
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPgPool } from '../../src/main/db/kysely/pg-kysely';
import { openPgStore } from '../../src/main/db/store/store';
import { type PayoutChange, transitionPayoutsOps } from '../../src/main/services/journal/transition';
import { benchCluster, createBenchDatabase } from './journal-pg';
import { reportJournal } from './journal-table';

// The goal's 100,000, as on SQLite. Each row is four loopback round trips on both sides (about 0.5–0.8 ms with the
// audit trigger's own checks), so this bench takes a few minutes; BENCH_PG_ROWS=20000 gives a quick look.
const N = Number(process.env.BENCH_PG_ROWS ?? 100_000);
const AT = '2026-11-26T10:00:00.000Z';
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function freshDatabase(clusterUrl: string, name: string): Promise<pg.Pool> {
  const pool = createPgPool({ connectionString: await createBenchDatabase(clusterUrl, name), max: 4 });
  const store = await openPgStore(pool); // migrates
  void store;
  await pool.query(
    `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'SENDING', $1, $2, $3)`,
    [N, N * 100, AT],
  );
  // The rows start SENDING (already departed), and migration 011 lets a row go SENDING only under a declared
  // lease owner: the seed holds the journal lease, as the desk's server would when it sent them.
  const seed = await pool.connect();
  try {
    await seed.query('BEGIN');
    await seed.query(
      `INSERT INTO journal_lease (id, owner_id, pid, host, kind, acquired_at, heartbeat_at, expires_at_ms)
       VALUES (1, 'bench', $1, 'bench', 'server', $2, $2, $3)`,
      [process.pid, AT, Date.now() + 3_600_000],
    );
    await seed.query(`SELECT set_config('payout_desk.owner', 'bench', true)`);
    await seed.query(
      `INSERT INTO payouts (batch_id, row_number, transaction_id, amount_paise, mode, state, created_at, updated_at, attempts, last_route)
       SELECT 1, g + 2, 'PD' || g, 100, 'IMPS', 'SENDING', $1, $1, 1, 'batch' FROM generate_series(0, $2 - 1) g`,
      [AT, N],
    );
    await seed.query('COMMIT');
  } finally {
    seed.release();
  }
  return pool;
}

async function ids(pool: pg.Pool): Promise<number[]> {
  return (await pool.query<{ id: number }>('SELECT id FROM payouts ORDER BY id')).rows.map((r) => r.id);
}

async function rawRecording(pool: pg.Pool): Promise<number> {
  const all = await ids(pool);
  const client = await pool.connect();
  const t0 = performance.now();
  await client.query('BEGIN');
  let prev: string | null = null;
  for (let i = 0; i < all.length; i++) {
    const id = all[i]!;
    const row = (
      await client.query<{ state: string; txn: string; batchId: number }>(
        'SELECT state, transaction_id AS txn, batch_id AS "batchId" FROM payouts WHERE id = $1 FOR UPDATE',
        [id],
      )
    ).rows[0]!;
    if (row.state !== 'SENDING') throw new Error('unexpected state');
    await client.query(
      `UPDATE payouts SET state = $1, updated_at = $2, checks = 0,
        attempts = attempts + (CASE WHEN $1 = 'SENDING' THEN 1 WHEN $1 = 'READY' AND state = 'SENDING' THEN -1 ELSE 0 END),
        sent_at = CASE WHEN $1 = 'SENDING' THEN $2 ELSE sent_at END,
        searched_at = CASE WHEN $1 = 'SENDING' THEN NULL ELSE searched_at END,
        accepted_at = coalesce(accepted_at, $2), enkash_status = $3, enkash_transaction_id = $4 WHERE id = $5`,
      ['PENDING', AT, 'PENDING', `EKPT${i}`, id],
    );
    if (prev === null) {
      await client.query('SELECT pg_advisory_xact_lock(7213001)');
      prev =
        (await client.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0]?.hash ??
        '0'.repeat(64);
    }
    const data = JSON.stringify({
      payoutId: id,
      batchId: row.batchId,
      enkashStatus: 'PENDING',
      enkashTransactionId: `EKPT${i}`,
    });
    const hash: string = createHash('sha256')
      .update(JSON.stringify([prev, AT, 'payout', row.txn, 'result', 'SENDING', 'PENDING', data]))
      .digest('hex');
    await client.query(
      `INSERT INTO audit_log (at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [AT, 'payout', row.txn, 'result', 'SENDING', 'PENDING', data, prev, hash],
    );
    prev = hash;
  }
  await client.query('COMMIT');
  const ms = performance.now() - t0;
  client.release();
  return ms;
}

async function journalRecording(pool: pg.Pool): Promise<number> {
  const store = await openPgStore(pool);
  const changes: PayoutChange[] = (await ids(pool)).map((id, i) => ({
    id,
    from: 'SENDING',
    to: 'PENDING',
    action: 'result',
    set: { enkashStatus: 'PENDING', enkashTransactionId: `EKPT${i}` },
  }));
  const t0 = performance.now();
  const result = await store.run(transitionPayoutsOps(changes, { at: new Date(AT) }));
  const ms = performance.now() - t0;
  if (result.applied.length !== N) throw new Error(`journal applied ${result.applied.length} of ${N}`);
  return ms;
}

const cluster = await benchCluster('journal recording');
if (!cluster) {
  reportJournal({
    goal: 'record',
    engine: 'PostgreSQL',
    measuredMs: null,
    baselineMs: null,
    goalRatio: 1.3,
    note: 'PostgreSQL is not installed',
  });
} else {
  try {
    const a = await freshDatabase(cluster.url, 'bench_record_raw');
    const r = await rawRecording(a);
    await a.end();
    const b = await freshDatabase(cluster.url, 'bench_record_journal');
    const j = await journalRecording(b);
    await b.end();
    console.log(
      `PostgreSQL: recording ${N.toLocaleString('en-IN')} row results (state check under FOR UPDATE + update + audit chain, one transaction)`,
    );
    console.log(`  journal ${fmt(j)} vs the same statements raw ${fmt(r)} → ratio ${(j / r).toFixed(2)} (goal ≤ 1.30)`);
    reportJournal({
      goal: 'record',
      engine: 'PostgreSQL',
      measuredMs: j,
      baselineMs: r,
      goalRatio: 1.3,
      note: `${N.toLocaleString('en-IN')} rows, one run; baseline = the same statements raw through node-postgres`,
    });
  } finally {
    cluster.stop();
  }
}
