import { createHash } from 'node:crypto';
import { ACCEPTED_STATES } from '../../../shared/domain/payout-states';
import type { ApiProfile, Environment } from '../../../shared/settings/api-profile';
import type { Db } from '../../db/open';
import { getSearchHealth, type SearchHealth } from '../../db/repos/search-health-repo';
import { stmt } from '../../db/prepared-cache';
import { sqlInList } from '../../db/sql-in';

/**
 * Proof that Search Payouts can say "not found" in an environment (issue 9 point 5, enkash-api.md §15.18): its
 * path and filters are guesses, and a wrong path, an ignored filter or a page cap all look like "no such
 * payout". So absence counts only once the same search (same base URL, path, paging switches and key
 * derivation — the fingerprint) has found a payout we know landed. Settings that change any of them drop it.
 */

export type SearchProof = { fingerprint: string; transactionId: string; source: 'landed' | 'probe'; provenAt: string };
export type { SearchHealth };

export const UNPROVEN_DETAIL =
  "Search has not yet found a payout we know was paid in this environment, so a missing payout is not taken as 'not sent'; nothing will be re-sent.";

/** What the proof depends on; the credentials are not part of it (and never stored). */
export function searchFingerprint(
  profile: Pick<ApiProfile, 'paths' | 'switches' | 'keyDerivation'>,
  environment: Environment,
  baseUrl: string,
): string {
  const parts = [
    environment,
    baseUrl.replace(/\/+$/, '').toLowerCase(),
    profile.paths.searchPayouts,
    profile.switches.searchPaging,
    profile.switches.searchOffsetUnit,
    profile.keyDerivation,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The environment's proof if it was made with `fingerprint`; a proof made under other settings is deleted. */
export function currentProof(db: Db, environment: Environment, fingerprint: string): SearchProof | null {
  const row = stmt(
    db,
    'SELECT fingerprint, transaction_id, source, proven_at FROM search_proofs WHERE environment = ?',
  ).get(environment) as
    { fingerprint: string; transaction_id: string; source: 'landed' | 'probe'; proven_at: string } | undefined;
  if (!row) return null;
  if (row.fingerprint !== fingerprint) {
    stmt(db, 'DELETE FROM search_proofs WHERE environment = ?').run(environment);
    return null;
  }
  return {
    fingerprint: row.fingerprint,
    transactionId: row.transaction_id,
    source: row.source,
    provenAt: row.proven_at,
  };
}

export function recordProof(
  db: Db,
  environment: Environment,
  p: { fingerprint: string; transactionId: string; source: 'landed' | 'probe'; at: Date },
): void {
  stmt(
    db,
    `INSERT INTO search_proofs (environment, fingerprint, transaction_id, source, proven_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (environment) DO UPDATE SET fingerprint = excluded.fingerprint,
       transaction_id = excluded.transaction_id, source = excluded.source, proven_at = excluded.proven_at`,
  ).run(environment, p.fingerprint, p.transactionId, p.source, p.at.toISOString());
}

/** What is wrong with Search in `environment`, for the UI and the CLI; null when nothing is. */
export function searchHealth(db: Db, environment: Environment): SearchHealth | null {
  return getSearchHealth(db, environment);
}

export function setSearchHealth(
  db: Db,
  environment: Environment,
  h: Pick<SearchHealth, 'state' | 'detail'>,
  at: Date,
): void {
  stmt(
    db,
    `INSERT INTO search_health (environment, state, detail, checked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (environment) DO UPDATE SET state = excluded.state, detail = excluded.detail,
       checked_at = excluded.checked_at`,
  ).run(environment, h.state, h.detail, at.toISOString());
}

export function clearSearchHealth(db: Db, environment: Environment): void {
  stmt(db, 'DELETE FROM search_health WHERE environment = ?').run(environment);
}

/** True when EnKash accepted this row's create call (exact transactionId): only its own answer puts a row in ACCEPTED_STATES. */
export function isKnownLanded(db: Db, environment: Environment, transactionId: string): boolean {
  return !!stmt(
    db,
    `SELECT 1 FROM payouts p JOIN batches b ON b.id = p.batch_id
     WHERE b.environment = ? AND p.transaction_id = ?
       AND (p.accepted_at IS NOT NULL OR p.state IN (${sqlInList(ACCEPTED_STATES)})) LIMIT 1`,
  ).get(environment, transactionId);
}

/** The most recently accepted row of the environment, to prove Search with; null when none exists. */
export function knownLandedTransactionId(db: Db, environment: Environment): string | null {
  const row = stmt(
    db,
    `SELECT p.transaction_id AS id FROM payouts p JOIN batches b ON b.id = p.batch_id
     WHERE b.environment = ? AND (p.accepted_at IS NOT NULL OR p.state IN (${sqlInList(ACCEPTED_STATES)}))
     ORDER BY p.accepted_at DESC, p.id DESC LIMIT 1`,
  ).get(environment) as { id: string } | undefined;
  return row?.id ?? null;
}
