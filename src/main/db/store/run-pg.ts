import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../kysely/schema';
import type { Op, Ops } from './ops';

// Whole-transaction retries: PostgreSQL aborts one side of a deadlock or a serialization conflict, and the body
// (a factory, see ops.ts `transaction`) is run again from the start on a fresh snapshot.
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 5;

type Scope = { k: Kysely<Database>; depth: number };

/**
 * Runs storage work on PostgreSQL. Outside a transaction each query takes any pooled connection (autocommit); a
 * transaction pins one connection for its whole body, and nested transactions are savepoints on it.
 */
export function runPg<T>(k: Kysely<Database>, ops: Ops<T>): Promise<T> {
  return drive({ k, depth: 0 }, ops);
}

async function drive<T>(scope: Scope, ops: Ops<T>): Promise<T> {
  let input: unknown;
  let failed = false;
  let failure: unknown;
  for (;;) {
    const step = failed ? ops.throw(failure) : ops.next(input);
    if (step.done) return step.value;
    try {
      input = await execute(scope, step.value);
      failed = false;
    } catch (error) {
      failure = error;
      failed = true;
    }
  }
}

async function execute(scope: Scope, op: Op): Promise<unknown> {
  switch (op.kind) {
    case 'engine':
      return 'pg';
    case 'tx':
      return scope.depth === 0 ? outermost(scope.k, op.body) : savepoint(scope, op.body);
    default: {
      const compiled = op.query.compile('pg');
      const result = await scope.k.executeQuery(CompiledQuery.raw(compiled.sql, [...compiled.parameters]));
      if (op.kind === 'all') return result.rows;
      if (op.kind === 'get') return result.rows[0];
      return { changes: Number(result.numAffectedRows ?? 0n) };
    }
  }
}

const raw = (text: string) => CompiledQuery.raw(text, []);

async function outermost(k: Kysely<Database>, body: () => Ops<unknown>): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await k.connection().execute(async (conn) => {
        await conn.executeQuery(raw('BEGIN'));
        try {
          const value = await drive({ k: conn, depth: 1 }, body());
          await conn.executeQuery(raw('COMMIT'));
          return value;
        } catch (error) {
          await conn.executeQuery(raw('ROLLBACK')).catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      if (attempt >= MAX_TX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}

async function savepoint(scope: Scope, body: () => Ops<unknown>): Promise<unknown> {
  const name = `s${scope.depth}`;
  await scope.k.executeQuery(raw(`SAVEPOINT ${name}`));
  try {
    const value = await drive({ k: scope.k, depth: scope.depth + 1 }, body());
    await scope.k.executeQuery(raw(`RELEASE SAVEPOINT ${name}`));
    return value;
  } catch (error) {
    await scope.k.executeQuery(raw(`ROLLBACK TO SAVEPOINT ${name}`));
    throw error;
  }
}
