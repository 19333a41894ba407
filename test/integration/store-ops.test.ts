import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { all, built, engine, get, q, run, transaction, type Ops } from '../../src/main/db/store/ops';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';

type BatchRow = { id: number; name: string; total: number };

function* addBatch(name: string, totalPaise: number): Ops<number> {
  const row = yield* get<{ id: number }>(
    q`INSERT INTO batches (name, environment, state, row_count, total_paise, created_at)
      VALUES (${name}, 'sandbox', 'DRAFT', 1, ${totalPaise}, '2026-12-03T00:00:00.000Z') RETURNING id`,
  );
  return row!.id;
}

function* batches(): Ops<BatchRow[]> {
  return yield* all<BatchRow>(q`SELECT id, name, total_paise AS total FROM batches ORDER BY id`);
}

describe.each(ENGINES)('storage work on %s', (name) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(name);
  });
  afterEach(async () => {
    await t.close();
  });

  it('runs queries with parameters and tells which engine runs it', async () => {
    const id = await t.store.run(addBatch("O'Brien; DROP TABLE batches", 12_345_67));
    expect(await t.store.run(engine())).toBe(name);
    // Paise come back as exact integers on both engines (PostgreSQL's int8 is parsed, not left a string).
    expect(await t.store.run(batches())).toEqual([{ id, name: "O'Brien; DROP TABLE batches", total: 12_345_67 }]);
    const keys = await t.store.run(get(q`SELECT id AS batchId, row_count AS rowCount FROM batches WHERE id = ${id}`));
    expect(keys).toEqual({ batchId: id, rowCount: 1 });
    const changed = await t.store.run(run(q`UPDATE batches SET name = ${'x'} WHERE id = ${id}`));
    expect(changed).toEqual({ changes: 1 });
  });

  it('compiles builder queries and fragments for the engine', async () => {
    await t.store.run(addBatch('a', 100));
    await t.store.run(addBatch('b', 200));
    const names = await t.store.run(
      all(built((k) => k.selectFrom('batches').select('name').where('total_paise', '>', 150))),
    );
    expect(names).toEqual([{ name: 'b' }]);
    const list = ['a', 'b'];
    const sum = await t.store.run(
      get<{ s: number }>(q`SELECT sum(total_paise) AS s FROM batches WHERE name IN (${sql.join(list)})`),
    );
    expect(sum).toEqual({ s: 300 });
  });

  it('rolls a failed transaction back whole and keeps a failed savepoint to itself', async () => {
    await expect(
      t.store.run(
        transaction(function* () {
          yield* addBatch('lost', 1);
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow('boom');
    expect(await t.store.run(batches())).toEqual([]);

    const kept = await t.store.run(
      transaction(function* () {
        const outer = yield* addBatch('outer', 1);
        try {
          yield* transaction(function* () {
            yield* addBatch('inner', 2);
            // A constraint violation inside the savepoint: on PostgreSQL this aborts the savepoint, not the outer work.
            yield* run(q`INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at)
              VALUES (${outer}, 'dup', 'sandbox', 'DRAFT', 1, 1, 'x')`);
          });
        } catch {
          // the savepoint rolled back
        }
        return yield* batches();
      }),
    );
    expect(kept.map((b) => b.name)).toEqual(['outer']);
    expect((await t.store.run(batches())).map((b) => b.name)).toEqual(['outer']);
  });

  it('hands a query error back into the work, where it can be caught', async () => {
    const caught = await t.store.run(
      (function* () {
        try {
          yield* run(q`SELECT * FROM no_such_table`);
          return 'no error';
        } catch (error) {
          return (error as Error).message;
        }
      })(),
    );
    expect(caught).toMatch(/no_such_table/);
  });
});

describe('query text for PostgreSQL', () => {
  it('quotes mixed-case aliases only, so both engines answer the same keys', async () => {
    const { keepAliasCase } = await import('../../src/main/db/store/ops');
    expect(keepAliasCase('SELECT batch_id AS batchId, count(*) AS n, CAST(x AS TEXT), y as rowNumber FROM t')).toBe(
      'SELECT batch_id AS "batchId", count(*) AS n, CAST(x AS TEXT), y AS "rowNumber" FROM t',
    );
  });
});
