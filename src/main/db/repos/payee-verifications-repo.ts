import type { Db } from '../open';
import { stmt } from '../prepared-cache';
import { get, named, type Ops } from '../store/ops';
import { runSqlite } from '../store/run-sqlite';

/**
 * payee_verifications and payee_verification_requests (migration 010): the bank-held name per environment +
 * account + IFSC, and every check asked of EnKash (intent written before the call, outcome after).
 * Keys are normalised here (account digits without spaces, IFSC upper case) so every caller hits the same row.
 */

export type CachedBankCheck = {
  status: 'verified' | 'failed';
  bankName: string | null;
  verifiedAt: string;
  pennyDrop: boolean;
};

export type BankCheckKey = { environment: string; accountNumber: string; ifsc: string };

const DAY_MS = 86_400_000;

export function normalAccount(accountNumber: string): string {
  return accountNumber.replace(/\s+/g, '');
}

export function normalIfsc(ifsc: string): string {
  return ifsc.trim().toUpperCase();
}

/** The stored check for this account if it is younger than `maxAgeDays` at `now`; otherwise null. */
export function cachedBankCheck(db: Db, q: BankCheckKey & { now: Date; maxAgeDays: number }): CachedBankCheck | null {
  return runSqlite(db, cachedBankCheckOps(q));
}

const CACHED_BANK_CHECK = `SELECT status, bank_name AS bankName, verified_at AS verifiedAt, penny_drop AS pennyDrop
  FROM payee_verifications WHERE environment = @environment AND account_number = @account AND ifsc = @ifsc`;

/** cachedBankCheck as storage work for either engine (staging and pre-flight on a Store). */
export function* cachedBankCheckOps(q: BankCheckKey & { now: Date; maxAgeDays: number }): Ops<CachedBankCheck | null> {
  const row = yield* get<{
    status: 'verified' | 'failed';
    bankName: string | null;
    verifiedAt: string;
    pennyDrop: number;
  }>(
    named(CACHED_BANK_CHECK, {
      environment: q.environment,
      account: normalAccount(q.accountNumber),
      ifsc: normalIfsc(q.ifsc),
    }),
  );
  if (!row) return null;
  // Dates compare as instants, not strings: a stored time is ISO, but never trust its exact form.
  const age = q.now.getTime() - Date.parse(row.verifiedAt);
  if (!Number.isFinite(age) || age > q.maxAgeDays * DAY_MS) return null;
  return { status: row.status, bankName: row.bankName, verifiedAt: row.verifiedAt, pennyDrop: row.pennyDrop === 1 };
}

export type VerificationRequest = BankCheckKey & {
  customerRequestId: string;
  pennyDrop: boolean;
  requestedAt: string;
};

export class DuplicateRequestIdError extends Error {
  constructor() {
    super('customerRequestId already used');
  }
}

/** Writes the intent before the call. A customerRequestId used before (any case) throws DuplicateRequestIdError. */
export function recordVerificationRequest(db: Db, r: VerificationRequest): void {
  try {
    stmt(
      db,
      `INSERT INTO payee_verification_requests
         (customer_request_id, environment, account_number, ifsc, penny_drop, requested_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      r.customerRequestId,
      r.environment,
      normalAccount(r.accountNumber),
      normalIfsc(r.ifsc),
      r.pennyDrop ? 1 : 0,
      r.requestedAt,
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateRequestIdError();
    throw error;
  }
}

export type BankCheckAnswer = {
  status: 'verified' | 'failed';
  bankName: string | null;
  rawStatus: string | null;
  enkashUniqueId: string | null;
  utr: string | null;
};

/** The bank's answer: the request gets its outcome and the cache its newest entry, in one transaction. */
export function recordBankCheck(
  db: Db,
  request: VerificationRequest,
  answer: BankCheckAnswer,
  answeredAt: string,
): void {
  db.transaction(() => {
    setOutcome(db, request.customerRequestId, answer.status, null, answeredAt);
    stmt(
      db,
      `INSERT INTO payee_verifications (environment, account_number, ifsc, status, bank_name, raw_status, penny_drop,
         verified_at, enkash_unique_id, utr, customer_request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment, account_number, ifsc) DO UPDATE SET
         status = excluded.status, bank_name = excluded.bank_name, raw_status = excluded.raw_status,
         penny_drop = excluded.penny_drop, verified_at = excluded.verified_at,
         enkash_unique_id = excluded.enkash_unique_id, utr = excluded.utr,
         customer_request_id = excluded.customer_request_id`,
    ).run(
      request.environment,
      normalAccount(request.accountNumber),
      normalIfsc(request.ifsc),
      answer.status,
      answer.bankName,
      answer.rawStatus,
      request.pennyDrop ? 1 : 0,
      answeredAt,
      answer.enkashUniqueId,
      answer.utr,
      request.customerRequestId,
    );
  })();
}

/** The call ended without an answer: only the error's kind is kept (a message could echo an account). */
export function recordVerificationError(db: Db, customerRequestId: string, errorKind: string, at: string): void {
  setOutcome(db, customerRequestId, 'error', errorKind, at);
}

function setOutcome(db: Db, id: string, outcome: string, errorKind: string | null, at: string): void {
  stmt(
    db,
    `UPDATE payee_verification_requests SET outcome = ?, error_kind = ?, answered_at = ?
     WHERE customer_request_id = ?`,
  ).run(outcome, errorKind, at, id);
}

export type VerificationRequestRow = {
  customerRequestId: string;
  environment: string;
  outcome: 'sent' | 'verified' | 'failed' | 'error';
  errorKind: string | null;
};

/** For tests and support: the requests asked, oldest first. */
export function listVerificationRequests(db: Db, environment: string): VerificationRequestRow[] {
  return stmt(
    db,
    `SELECT customer_request_id AS customerRequestId, environment, outcome, error_kind AS errorKind
     FROM payee_verification_requests WHERE environment = ? ORDER BY requested_at, rowid`,
  ).all(environment) as VerificationRequestRow[];
}
