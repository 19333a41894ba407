import {
  CompiledQuery,
  DummyDriver,
  isOperationNodeSource,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Database } from '../kysely/schema';

/**
 * Storage work written once for both engines (issue 13). A service describes its database work as a generator that
 * yields operations — "run this query", "do this in one transaction" — and receives each answer back. A runner
 * executes them: db/store/run-sqlite.ts synchronously on better-sqlite3 (so the desk's journal stays as fast as raw
 * statements, and sync callers keep working), db/store/run-pg.ts asynchronously on PostgreSQL.
 *
 * Why not plain async Kysely everywhere: on SQLite an async transaction lets other work interleave on the one shared
 * connection at each await, and a generator cannot do network I/O inside a transaction even by mistake — it can only
 * yield queries. The queries themselves are Kysely's, compiled for the engine that runs them.
 */

export type Engine = 'sqlite' | 'pg';

/** A query that compiles for either engine. `R` is the row type it returns. */
export type Query<R = unknown> = { readonly rowType?: R; compile(engine: Engine): CompiledQuery };

export type RunResult = { changes: number };

export type Op =
  | { kind: 'all'; query: Query }
  | { kind: 'get'; query: Query }
  | { kind: 'run'; query: Query }
  | { kind: 'engine' }
  | { kind: 'tx'; body: () => Ops<unknown> };

/** A unit of storage work returning `T`. Compose with `yield*`. */
export type Ops<T> = Generator<Op, T, unknown>;

// Compile-only Kysely instances: they never connect, they turn a query into the engine's SQL text.
const compilers: Record<Engine, Kysely<Database>> = {
  sqlite: new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  pg: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

/** The compile-only Kysely for `engine` (for builders and `sql` fragments). */
export function compilerFor(engine: Engine): Kysely<Database> {
  return compilers[engine];
}

// The SQL text of a `q` call site per engine. A template literal's strings array is the same object at every call
// of one site, so a journal loop of 100,000 rows compiles its three statements once instead of once per row.
const textCache = new WeakMap<TemplateStringsArray, Partial<Record<Engine, string>>>();

function plainValues(values: readonly unknown[]): boolean {
  for (const v of values) if (isOperationNodeSource(v)) return false;
  return true;
}

/**
 * A query from a template: `q<Row>\`SELECT … WHERE id = ${id}\``. Interpolated values are parameters (never SQL
 * text); Kysely fragments (`sql.join(list)`, `sql.ref(name)`, `sql.raw(…)`) may be interpolated too and are compiled
 * in place.
 */
export function q<R = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Query<R> {
  return {
    compile(engine) {
      if (!plainValues(values)) return (sql(strings, ...values) as RawBuilder<R>).compile(compilers[engine]);
      let texts = textCache.get(strings);
      if (!texts) textCache.set(strings, (texts = {}));
      let text = texts[engine];
      if (text === undefined) {
        text = (sql(strings, ...values) as RawBuilder<R>).compile(compilers[engine]).sql;
        texts[engine] = text;
      }
      return CompiledQuery.raw(text, values);
    },
  };
}

/** A query from Kysely's builder: `built((k) => k.selectFrom('payouts').select('id').where('batch_id', '=', id))`. */
export function built<R>(make: (k: Kysely<Database>) => { compile(): CompiledQuery<R> }): Query<R> {
  return { compile: (engine) => make(compilers[engine]).compile() };
}

export function* all<R>(query: Query<R>): Ops<R[]> {
  return (yield { kind: 'all', query }) as R[];
}

/** The first row, or undefined. */
export function* get<R>(query: Query<R>): Ops<R | undefined> {
  return (yield { kind: 'get', query }) as R | undefined;
}

export function* run(query: Query): Ops<RunResult> {
  return (yield { kind: 'run', query }) as RunResult;
}

/** Which engine runs this work, for the few statements that must differ (locks, upserts of sequences, FTS). */
export function* engine(): Ops<Engine> {
  return (yield { kind: 'engine' }) as Engine;
}

/**
 * `body` in one read-write transaction: SQLite `BEGIN IMMEDIATE` (the write lock up front, so no later statement can
 * fail busy half-way), PostgreSQL `BEGIN` on one connection. Inside another transaction it is a savepoint. `body`
 * is a factory because PostgreSQL may retry it whole after a serialization failure or a deadlock.
 */
export function* transaction<T>(body: () => Ops<T>): Ops<T> {
  return (yield { kind: 'tx', body }) as T;
}
