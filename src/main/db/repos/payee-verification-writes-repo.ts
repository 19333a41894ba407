import { q, run, transaction, type Ops } from '../store/ops';
import {
  type BankCheckAnswer,
  DuplicateRequestIdError,
  normalAccount,
  normalIfsc,
  type VerificationRequest,
} from './payee-verifications-repo';

/**
 * The writes of a payee check (payee_verification_requests and the payee_verifications cache, migration 010) as
 * storage work for either engine, for verification on a Store (the CLI's `verify` on PostgreSQL). Same statements
 * and keys as the synchronous forms in payee-verifications-repo.ts.
 */

// A unique index broken: SQLite's code, or PostgreSQL's SQLSTATE unique_violation.
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** Writes the intent before the call. A customerRequestId used before (any case) throws DuplicateRequestIdError. */
export function* recordVerificationRequestOps(r: VerificationRequest): Ops<void> {
  try {
    yield* run(
      q`INSERT INTO payee_verification_requests
          (customer_request_id, environment, account_number, ifsc, penny_drop, requested_at)
        VALUES (${r.customerRequestId}, ${r.environment}, ${normalAccount(r.accountNumber)}, ${normalIfsc(r.ifsc)},
          ${r.pennyDrop ? 1 : 0}, ${r.requestedAt})`,
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateRequestIdError();
    throw error;
  }
}

function* setOutcomeOps(id: string, outcome: string, errorKind: string | null, at: string): Ops<void> {
  yield* run(
    q`UPDATE payee_verification_requests SET outcome = ${outcome}, error_kind = ${errorKind}, answered_at = ${at}
      WHERE customer_request_id = ${id}`,
  );
}

/** The bank's answer: the request gets its outcome and the cache its newest entry, in one transaction. */
export function recordBankCheckOps(
  request: VerificationRequest,
  answer: BankCheckAnswer,
  answeredAt: string,
): Ops<void> {
  return transaction(function* () {
    yield* setOutcomeOps(request.customerRequestId, answer.status, null, answeredAt);
    yield* run(
      q`INSERT INTO payee_verifications (environment, account_number, ifsc, status, bank_name, raw_status, penny_drop,
          verified_at, enkash_unique_id, utr, customer_request_id)
        VALUES (${request.environment}, ${normalAccount(request.accountNumber)}, ${normalIfsc(request.ifsc)},
          ${answer.status}, ${answer.bankName}, ${answer.rawStatus}, ${request.pennyDrop ? 1 : 0}, ${answeredAt},
          ${answer.enkashUniqueId}, ${answer.utr}, ${request.customerRequestId})
        ON CONFLICT (environment, account_number, ifsc) DO UPDATE SET
          status = excluded.status, bank_name = excluded.bank_name, raw_status = excluded.raw_status,
          penny_drop = excluded.penny_drop, verified_at = excluded.verified_at,
          enkash_unique_id = excluded.enkash_unique_id, utr = excluded.utr,
          customer_request_id = excluded.customer_request_id`,
    );
  });
}

/** The call ended without an answer: only the error's kind is kept (a message could echo an account). */
export function recordVerificationErrorOps(customerRequestId: string, errorKind: string, at: string): Ops<void> {
  return setOutcomeOps(customerRequestId, 'error', errorKind, at);
}
