import { createHash } from 'node:crypto';
import { ACCEPTED_STATES } from '../../../shared/domain/payout-states';
import type { ApiProfile, Environment } from '../../../shared/settings/api-profile';
import { sql } from 'kysely';
import type { Db } from '../../db/open';
import { getSearchHealthOps, type SearchHealth } from '../../db/repos/search-health-repo';
import { sqlInList } from '../../db/sql-in';
import { get, type Ops, q, run } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

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
export function* currentProofOps(environment: Environment, fingerprint: string): Ops<SearchProof | null> {
  const row = yield* get<{ fingerprint: string; transactionId: string; source: 'landed' | 'probe'; provenAt: string }>(
    q`SELECT fingerprint, transaction_id AS "transactionId", source, proven_at AS "provenAt"
      FROM search_proofs WHERE environment = ${environment}`,
  );
  if (!row) return null;
  if (row.fingerprint !== fingerprint) {
    yield* run(q`DELETE FROM search_proofs WHERE environment = ${environment}`);
    return null;
  }
  return { fingerprint: row.fingerprint, transactionId: row.transactionId, source: row.source, provenAt: row.provenAt };
}

export function currentProof(db: Db, environment: Environment, fingerprint: string): SearchProof | null {
  return runSqlite(db, currentProofOps(environment, fingerprint));
}

export type NewProof = { fingerprint: string; transactionId: string; source: 'landed' | 'probe'; at: Date };

export function* recordProofOps(environment: Environment, p: NewProof): Ops<void> {
  yield* run(
    q`INSERT INTO search_proofs (environment, fingerprint, transaction_id, source, proven_at)
      VALUES (${environment}, ${p.fingerprint}, ${p.transactionId}, ${p.source}, ${p.at.toISOString()})
      ON CONFLICT (environment) DO UPDATE SET fingerprint = excluded.fingerprint,
        transaction_id = excluded.transaction_id, source = excluded.source, proven_at = excluded.proven_at`,
  );
}

export function recordProof(db: Db, environment: Environment, p: NewProof): void {
  runSqlite(db, recordProofOps(environment, p));
}

/** What is wrong with Search in `environment`, for the UI and the CLI; null when nothing is. */
export function* searchHealthOps(environment: Environment): Ops<SearchHealth | null> {
  return yield* getSearchHealthOps(environment);
}

export function* setSearchHealthOps(
  environment: Environment,
  h: Pick<SearchHealth, 'state' | 'detail'>,
  at: Date,
): Ops<void> {
  yield* run(
    q`INSERT INTO search_health (environment, state, detail, checked_at)
      VALUES (${environment}, ${h.state}, ${h.detail}, ${at.toISOString()})
      ON CONFLICT (environment) DO UPDATE SET state = excluded.state, detail = excluded.detail,
        checked_at = excluded.checked_at`,
  );
}

export function setSearchHealth(
  db: Db,
  environment: Environment,
  h: Pick<SearchHealth, 'state' | 'detail'>,
  at: Date,
): void {
  runSqlite(db, setSearchHealthOps(environment, h, at));
}

export function* clearSearchHealthOps(environment: Environment): Ops<void> {
  yield* run(q`DELETE FROM search_health WHERE environment = ${environment}`);
}

export function clearSearchHealth(db: Db, environment: Environment): void {
  runSqlite(db, clearSearchHealthOps(environment));
}

// Literals from the state machine's own set (db/sql-in.ts), spliced as SQL text: one constant statement.
const ACCEPTED_LIST = sql.raw(sqlInList(ACCEPTED_STATES));

/** True when EnKash accepted this row's create call (exact transactionId): only its own answer puts a row in ACCEPTED_STATES. */
export function* isKnownLandedOps(environment: Environment, transactionId: string): Ops<boolean> {
  const row = yield* get(
    q`SELECT 1 AS one FROM payouts p JOIN batches b ON b.id = p.batch_id
      WHERE b.environment = ${environment} AND p.transaction_id = ${transactionId}
        AND (p.accepted_at IS NOT NULL OR p.state IN (${ACCEPTED_LIST})) LIMIT 1`,
  );
  return !!row;
}

export function isKnownLanded(db: Db, environment: Environment, transactionId: string): boolean {
  return runSqlite(db, isKnownLandedOps(environment, transactionId));
}

/** The most recently accepted row of the environment, to prove Search with; null when none exists. */
export function* knownLandedTransactionIdOps(environment: Environment): Ops<string | null> {
  // NULLs sort first in a PostgreSQL DESC and last in SQLite's: `IS NULL` first puts them last on both.
  const row = yield* get<{ id: string }>(
    q`SELECT p.transaction_id AS id FROM payouts p JOIN batches b ON b.id = p.batch_id
      WHERE b.environment = ${environment} AND (p.accepted_at IS NOT NULL OR p.state IN (${ACCEPTED_LIST}))
      ORDER BY (CASE WHEN p.accepted_at IS NULL THEN 1 ELSE 0 END), p.accepted_at DESC, p.id DESC LIMIT 1`,
  );
  return row?.id ?? null;
}
