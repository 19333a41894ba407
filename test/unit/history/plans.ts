/** Records the EXPLAIN QUERY PLAN of every SELECT a service runs, with the very parameters it ran with. */
import type { Db } from '../../../src/main/db/open';

export type RecordedPlan = { sql: string; detail: string[] };

export function planRecorder(db: Db): { db: Db; plans: RecordedPlan[] } {
  const plans: RecordedPlan[] = [];
  const wrapStatement = (sql: string, statement: ReturnType<Db['prepare']>) =>
    new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if ((prop === 'all' || prop === 'get') && /^\s*(SELECT|WITH)\b/i.test(sql)) {
          return (...args: unknown[]) => {
            const detail = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map(
              (r) => r.detail,
            );
            plans.push({ sql, detail });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return (sql: string) => wrapStatement(sql, target.prepare(sql));
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, plans };
}

/** A plan line that reads the payouts table without an index (a full scan). */
export function fullScans(detail: readonly string[]): string[] {
  return detail.filter(
    (d) => /\bSCAN (p|payouts)\b/.test(d) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(d),
  );
}
