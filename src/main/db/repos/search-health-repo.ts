import type { Db } from '../open';
import { stmt } from '../prepared-cache';

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

export function getSearchHealth(db: Db, environment: string): SearchHealth | null {
  const row = stmt(
    db,
    'SELECT environment, state, detail, checked_at AS checkedAt FROM search_health WHERE environment = ?',
  ).get(environment) as SearchHealth | undefined;
  return row ?? null;
}
