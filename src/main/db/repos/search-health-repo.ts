import type { Db } from '../open';
import { get, type Ops, q } from '../store/ops';
import { runSqlite } from '../store/run-sqlite';

/**
 * Reads search_health (migration 006): whether EnKash's Search Payouts can be trusted in an environment. The
 * reconcile path writes it; the UI reads it to tell the user why UNKNOWN rows stay UNKNOWN.
 */
export type SearchHealth = {
  environment: string;
  state: 'unavailable' | 'unproven';
  detail: string;
  checkedAt: string;
};

export function* getSearchHealthOps(environment: string): Ops<SearchHealth | null> {
  const row = yield* get<SearchHealth>(
    q`SELECT environment, state, detail, checked_at AS "checkedAt" FROM search_health WHERE environment = ${environment}`,
  );
  return row ?? null;
}

export function getSearchHealth(db: Db, environment: string): SearchHealth | null {
  return runSqlite(db, getSearchHealthOps(environment));
}
