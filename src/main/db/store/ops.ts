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

/** SQL text for one engine and its parameters (lighter than Kysely's CompiledQuery, which the PG runner builds). */
export type Compiled = { readonly sql: string; readonly parameters: readonly unknown[] };

/** A query that compiles for either engine. `R` is the row type it returns. */
export type Query<R = unknown> = { readonly rowType?: R; compile(engine: Engine): Compiled };

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
      if (!plainValues(values)) {
        const compiled = (sql(strings, ...values) as RawBuilder<R>).compile(compilers[engine]);
        return engine === 'pg' ? { sql: keepAliasCase(compiled.sql), parameters: compiled.parameters } : compiled;
      }
      let texts = textCache.get(strings);
      if (!texts) textCache.set(strings, (texts = {}));
      let text = texts[engine];
      if (text === undefined) {
        text = (sql(strings, ...values) as RawBuilder<R>).compile(compilers[engine]).sql;
        if (engine === 'pg') text = keepAliasCase(text);
        texts[engine] = text;
      }
      return { sql: text, parameters: values };
    },
  };
}

/**
 * PostgreSQL folds an unquoted name to lower case, so `batch_id AS batchId` would answer `batchid` where SQLite
 * answers `batchId`. Quoting every mixed-case alias (not `AS TEXT` in a cast: one case only) keeps one query text meaning the same row shape on both.
 */
export function keepAliasCase(text: string): string {
  return text.replace(/\bAS\s+([A-Za-z_][A-Za-z0-9_]*)\b/gi, (whole, name: string) =>
    /[A-Z]/.test(name) && /[a-z]/.test(name) ? `AS "${name}"` : whole,
  );
}

/** A query from Kysely's builder: `built((k) => k.selectFrom('payouts').select('id').where('batch_id', '=', id))`. */
export function built<R>(make: (k: Kysely<Database>) => { compile(): CompiledQuery<R> }): Query<R> {
  // Kysely's builder quotes identifiers itself, so its text needs no alias fix-up.
  return { compile: (engine) => make(compilers[engine]).compile() };
}

// PostgreSQL text and parameter order per `named` statement text (a bounded set: the journal's memoised UPDATEs).
const namedPg = new Map<string, { sql: string; names: string[] }>();

/**
 * A statement whose text the caller builds at run time (the journal's UPDATE with the columns a change sets), written
 * with `@name` parameters. Pass the same text object for the same shape: SQLite binds the names directly and caches
 * the prepared statement by text; PostgreSQL gets `$n` placeholders, translated once per text.
 */
export function named<R = unknown>(text: string, params: Readonly<Record<string, unknown>>): Query<R> {
  return {
    compile(engine) {
      if (engine === 'sqlite') return { sql: text, parameters: [params] };
      let pg = namedPg.get(text);
      if (!pg) {
        const names: string[] = [];
        const sqlText = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
          let i = names.indexOf(name);
          if (i < 0) i = names.push(name) - 1;
          return `$${i + 1}`;
        });
        pg = { sql: keepAliasCase(sqlText), names };
        namedPg.set(text, pg);
      }
      return { sql: pg.sql, parameters: pg.names.map((n) => params[n]) };
    },
  };
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
