import { keepAliasCase, type Query } from '../store/ops';

/**
 * Small pieces of SQL text shared by the repositories' storage work (db/store/ops.ts `named` statements).
 */

/**
 * "No limit" for `LIMIT @limit`: SQLite's `-1` is an error on PostgreSQL, and SQLite refuses OFFSET without LIMIT,
 * so both get the largest exact integer instead.
 */
export const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * `@s0, @s1, …` and their values for an IN list of run-time values. The text depends only on the count, so each
 * list length is one cached statement per engine. Never empty: `IN ()` is a syntax error on both engines.
 */
export function inParams(
  prefix: string,
  values: readonly unknown[],
): { text: string; params: Record<string, unknown> } {
  if (values.length === 0) throw new RangeError('inParams needs at least one value');
  const params: Record<string, unknown> = {};
  const names = values.map((v, i) => {
    params[`${prefix}${i}`] = v;
    return `@${prefix}${i}`;
  });
  return { text: names.join(', '), params };
}

const positionalPg = new Map<string, string>();

/**
 * A statement written with `?` parameters (kept where a test runs the same text through SQLite's EXPLAIN QUERY
 * PLAN): SQLite binds it as written; PostgreSQL gets `$1…$n`, translated once per text. The text must hold no `?`
 * inside string literals.
 */
export function positional<R = unknown>(text: string, params: readonly unknown[]): Query<R> {
  return {
    compile(engine) {
      if (engine === 'sqlite') return { sql: text, parameters: params };
      let pg = positionalPg.get(text);
      if (pg === undefined) {
        let n = 0;
        pg = keepAliasCase(text.replace(/\?/g, () => `$${++n}`));
        positionalPg.set(text, pg);
      }
      return { sql: pg, parameters: params };
    },
  };
}
