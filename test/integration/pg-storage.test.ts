import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/main/db/audit';
import { createPgKysely } from '../../src/main/db/kysely/pg-kysely';
import type { Database } from '../../src/main/db/kysely/schema';
import { kyselyOverSqlite } from '../../src/main/db/kysely/sqlite-kysely';
import { openDatabase } from '../../src/main/db/open';
import { defaultPgMigrationsDir, migratePg } from '../../src/main/db/pg/migrate';
import { loadMigrations } from '../../src/main/db/migrations';
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg-database';

const PG_STEPS = loadMigrations(defaultPgMigrationsDir()).map((m) => m.version);

let pgdb: FreshPgDatabase;
let dir: string;
beforeEach(async () => {
  pgdb = await freshPgDatabase();
  dir = mkdtempSync(join(tmpdir(), 'pg-storage-'));
});
afterEach(async () => {
  await pgdb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL migrations', () => {
  it('apply on an empty database, and a second run is a no-op', async () => {
    expect(await migratePg(pgdb.pool)).toEqual({ applied: PG_STEPS });
    // The twin has exactly SQLite's tables, less SQLite's own payee-search bookkeeping (PG's is a column).
    const tables = await pgdb.pool.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    const sqlite = openDatabase({ file: join(dir, 'twin.sqlite') });
    const sqliteTables = (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY 1")
        .all() as { name: string }[]
    )
      .map((t) => t.name)
      .filter((n) => !n.startsWith('payouts_payee_fts') && !n.startsWith('payee_index_'));
    sqlite.close();
    // Team mode (issue 14) lives only in a Desk Server's PostgreSQL: the desk alone has no users.
    const teamOnly = [
      'approval_policy',
      'batch_approvals',
      'batch_authors',
      'server_credentials',
      'team_sessions',
      'team_users',
    ];
    expect(tables.rows.map((t) => t.name).sort()).toEqual([...sqliteTables, ...teamOnly].sort());
    expect(await migratePg(pgdb.pool)).toEqual({ applied: [] });
    const recorded = await pgdb.pool.query('SELECT version, checksum FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual(PG_STEPS);
  });

  it('refuse a database a newer version migrated, and change nothing', async () => {
    await migratePg(pgdb.pool);
    const newer = PG_STEPS.length + 1;
    await pgdb.pool.query("INSERT INTO schema_migrations VALUES ($1, 'from_the_future', 'x', 'now')", [newer]);
    await expect(migratePg(pgdb.pool)).rejects.toThrow(
      `This database was written by a newer version of Payout Desk (schema ${newer}; this version knows up to ${PG_STEPS.length})`,
    );
  });

  it('refuse an applied step whose checksum differs', async () => {
    await migratePg(pgdb.pool);
    await pgdb.pool.query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 3");
    await expect(migratePg(pgdb.pool)).rejects.toThrow("schema step 3 (history) does not match this app's");
  });

  it('SQLite refuses a file a newer version migrated, too', () => {
    const file = join(dir, 'history.sqlite');
    const db = openDatabase({ file });
    const known = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v;
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'from_the_future', 'x', 'now')").run(known + 1);
    db.close();
    expect(() => openDatabase({ file })).toThrow(
      `This history file was written by a newer version of Payout Desk (schema ${known + 1}; this version knows up to ${known})`,
    );
  });
});

async function seed(db: Kysely<Database>): Promise<void> {
  const imp = await db
    .insertInto('imports')
    .values({
      file_name: 'march.csv',
      sha256: 'a'.repeat(64),
      kind: 'payouts',
      row_count: 3,
      valid_count: 3,
      error_count: 0,
      warning_count: 0,
      total_paise: 9_007_199_254_740,
      environment: 'sandbox',
      created_at: '2026-12-03T10:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const batch = await db
    .insertInto('batches')
    .values({
      import_id: imp.id,
      parent_batch_id: null,
      name: 'March',
      environment: 'sandbox',
      state: 'SENDING',
      row_count: 3,
      total_paise: 9_007_199_254_740,
      created_at: '2026-12-03T10:00:00.000Z',
      confirmed_at: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = [
    { txn: 'T1', name: 'Ravi Kumar', acct: '000123456789', amount: 9_007_199_254_000, state: 'SUCCESS' as const },
    { txn: 'T2', name: 'Asha Rao', acct: '987', amount: 500, state: 'FAILED' as const },
    { txn: 'T3', name: 'Kumari Devi', acct: '55554444', amount: 240, state: 'SUCCESS' as const },
  ];
  for (const [i, r] of rows.entries()) {
    await db
      .insertInto('payouts')
      .values({
        batch_id: batch.id,
        chunk_id: null,
        row_number: i + 2,
        transaction_id: r.txn,
        beneficiary_id: null,
        payee_name: r.name,
        account_number: r.acct,
        ifsc: 'HDFC0000001',
        vpa: null,
        email: null,
        phone: null,
        amount_paise: r.amount,
        mode: 'IMPS',
        remark: null,
        reference: null,
        state: r.state,
        enkash_status: null,
        enkash_transaction_id: null,
        utr: null,
        reject_code: null,
        failure_reason: null,
        created_at: `2026-12-03T10:00:0${i}.000Z`,
        sent_at: null,
        accepted_at: null,
        final_at: null,
        updated_at: '2026-12-03T10:00:00.000Z',
        next_check_at: null,
        retry_of_payout_id: null,
        last_route: null,
        searched_at: null,
        requested_transaction_id: null,
        conflict: null,
        flag: null,
        previous_transaction_ids: null,
      })
      .execute();
  }
}

async function answer(db: Kysely<Database>) {
  const byState = await db
    .selectFrom('payouts')
    .select((eb) => ['state', eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('amount_paise').as('paise')])
    .groupBy('state')
    .orderBy('state')
    .execute();
  const detail = await db
    .selectFrom('payouts as p')
    .innerJoin('batches as b', 'b.id', 'p.batch_id')
    .select(['p.id', 'p.transaction_id', 'p.account_last4', 'p.amount_paise', 'p.checks', 'p.id_from_sheet', 'b.kind'])
    .where('p.payee_name', 'like', '%Kum%')
    .orderBy('p.id')
    .execute();
  return { byState, detail };
}

describe('one typed query layer', () => {
  it('gives the same answer on SQLite and PostgreSQL for the same rows', async () => {
    await migratePg(pgdb.pool);
    const onPg = createPgKysely(pgdb.pool);
    const sqliteDb = openDatabase({ file: join(dir, 'history.sqlite') });
    const onSqlite = kyselyOverSqlite(sqliteDb);
    try {
      await seed(onPg);
      await seed(onSqlite);
      const pgAnswer = await answer(onPg);
      expect(pgAnswer).toEqual(await answer(onSqlite));
      // Numbers, not pg's int8 strings, and exact past 2^32 paise.
      expect(pgAnswer.byState).toEqual([
        { state: 'FAILED', rows: 1, paise: 500 },
        { state: 'SUCCESS', rows: 2, paise: 9_007_199_254_240 },
      ]);
      expect(pgAnswer.detail.map((r) => r.account_last4)).toEqual(['6789', '4444']);
    } finally {
      await onSqlite.destroy();
      expect(sqliteDb.open).toBe(true); // the app owns the connection
      sqliteDb.close();
      await onPg.destroy();
    }
  });
});

describe('the audit chain on PostgreSQL', () => {
  const tricky = [
    'plain',
    'quote " and \\ backslash',
    'tab\tnew\nline\r\u0001\u001f\u007f',
    'हिन्दी ₹ é 😀',
    '\u2028\u2029',
  ];

  async function copyChain() {
    const sqliteDb = openDatabase({ file: join(dir, 'audit.sqlite') });
    tricky.forEach((word, i) =>
      appendAudit(sqliteDb, {
        at: `2026-12-03T10:00:0${i}.000Z`,
        entity: 'payout',
        entityId: String(i),
        action: word,
        fromState: i % 2 ? null : 'READY',
        toState: word,
        data: { word, n: i },
      }),
    );
    const rows = sqliteDb.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, unknown>[];
    sqliteDb.close();
    return rows;
  }
  const insert = (r: Record<string, unknown>, over: Record<string, unknown> = {}) => {
    const v = { ...r, ...over };
    return pgdb.pool.query(
      `INSERT INTO audit_log (id, at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [v.id, v.at, v.entity, v.entity_id, v.action, v.from_state, v.to_state, v.data, v.prev_hash, v.hash],
    );
  };

  it('accepts the entries db/audit.ts hashes (same bytes as JSON.stringify) and refuses a forged one', async () => {
    await migratePg(pgdb.pool);
    const rows = await copyChain();
    const [first, second, ...rest] = rows as [Record<string, unknown>, Record<string, unknown>];
    await insert(first);
    await expect(insert(second, { data: '{"word":"changed"}' })).rejects.toThrow('hash does not match its content');
    await expect(insert(second, { prev_hash: '0'.repeat(64) })).rejects.toThrow('does not follow the last entry');
    await insert(second);
    for (const r of rest) await insert(r);
    const count = await pgdb.pool.query<{ n: number }>('SELECT count(*) AS n FROM audit_log');
    expect(count.rows[0]?.n).toBe(tricky.length);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await migratePg(pgdb.pool);
    const [first] = (await copyChain()) as [Record<string, unknown>];
    await insert(first);
    await expect(pgdb.pool.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow('audit_log is append-only');
    await expect(pgdb.pool.query('DELETE FROM audit_log')).rejects.toThrow('audit_log is append-only');
    await expect(pgdb.pool.query('TRUNCATE audit_log')).rejects.toThrow('audit_log is append-only');
  });

  it('two writers that read the same last hash cannot fork the chain', async () => {
    await migratePg(pgdb.pool);
    const [first] = (await copyChain()) as [Record<string, unknown>];
    const a = await pgdb.pool.connect();
    const b = await pgdb.pool.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(
        `INSERT INTO audit_log (id, at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          1,
          first.at,
          first.entity,
          first.entity_id,
          first.action,
          first.from_state,
          first.to_state,
          first.data,
          first.prev_hash,
          first.hash,
        ],
      );
      // b appends its own genesis-linked entry (same predecessor); it waits for a, then is refused.
      const forked = b.query(
        `INSERT INTO audit_log (id, at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
         VALUES (2, $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          first.at,
          first.entity,
          first.entity_id,
          first.action,
          first.from_state,
          first.to_state,
          first.data,
          first.prev_hash,
          first.hash,
        ],
      );
      const settled = forked.then(
        () => 'inserted',
        (e: Error) => e.message,
      );
      await a.query('COMMIT');
      expect(await settled).toMatch(/does not follow the last entry|duplicate key/);
      await b.query('ROLLBACK');
    } finally {
      a.release();
      b.release();
    }
  });
});
