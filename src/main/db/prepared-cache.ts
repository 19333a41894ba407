import type Database from 'better-sqlite3';
import type { Db } from './open';

/**
 * Prepared statements cached per connection. The journal runs the same few statements hundreds of thousands
 * of times (one per row result), and preparing is a large share of a tiny UPDATE's cost.
 */
const caches = new WeakMap<Db, Map<string, Database.Statement>>();

export function stmt(db: Db, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
