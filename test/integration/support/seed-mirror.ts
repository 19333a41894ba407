import type { Db } from '../../../src/main/db/open';
import { all, engine, named, q, run, transaction } from '../../../src/main/db/store/ops';
import type { Store } from '../../../src/main/db/store/store';

/** The tables the history seeders (test/unit/history/seed.ts, recon-scenario.ts) write, parents first. */
const SEEDED_TABLES = ['batches', 'payouts'] as const;

/**
 * Copies what the SQLite history seeders wrote into `store` (rows it does not hold yet, ids kept), so a test seeds
 * with the very same fixtures on either engine. Nothing to do when `store` is that SQLite file itself.
 */
export async function mirrorSeed(db: Db, store: Store): Promise<void> {
  if (store.sqlite === db) return;
  const copies = SEEDED_TABLES.map((table) => ({
    table,
    rows: db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[],
  }));
  await store.run(
    transaction(function* () {
      const pg = (yield* engine()) === 'pg';
      for (const { table, rows } of copies) {
        if (!rows.length) continue;
        // A column PostgreSQL computes itself (account_last4 …) is left for it to compute.
        const generated = pg
          ? new Set(
              (yield* all<{ name: string }>(
                q`SELECT column_name AS name FROM information_schema.columns
                  WHERE table_name = ${table} AND is_generated = 'ALWAYS'`,
              )).map((c) => c.name),
            )
          : new Set<string>();
        const columns = Object.keys(rows[0]!).filter((c) => !generated.has(c));
        const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
          ON CONFLICT (id) DO NOTHING`;
        for (const row of rows) yield* run(named(text, row));
        // Later inserts through the app must not take an id the copy already used.
        if (pg) {
          yield* run(
            named(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`, {}),
          );
        }
      }
    }),
  );
}
