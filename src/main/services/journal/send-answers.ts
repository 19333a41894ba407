import { type AppError, isAppError } from '../../../shared/domain/errors';
import type { PayoutRow } from '../../db/repos/payouts-repo';
import { isDuplicate, isOutcomeUnknown, safeEnkashMessage } from '../../enkash/errors';
import type { BatchPayoutResult, PayoutRecord } from '../../enkash/payout-outputs';
import { isKnownEnkashStatus, type PayoutState, stateForEnkashStatus, UNKNOWN_STATUS_FLAG } from './states';
import type { PayoutChange } from './transition';

/** How an answer to a create call is read into journal changes (see send.ts for the rules). */

export type SendMode = 'first' | 'resend';

export type SendOutcome =
  | { kind: 'skipped' }
  | { kind: 'answered'; rows: number }
  | { kind: 'unknown'; rows: number; error: AppError | null }
  | { kind: 'not-sent'; rows: number; error: AppError }
  | { kind: 'refused'; rows: number; error: AppError };

/** Errors that prove the request never reached EnKash (or reached it and was not processed). */
const NOT_SENT_CODES = new Set(['enkash_unavailable', 'auth_failed', 'credentials_missing', 'credentials_unavailable']);

export type Classified =
  { kind: 'unknown'; duplicate: boolean } | { kind: 'not-sent' } | { kind: 'refused'; code: string; reason: string };

/** EnKash's 409 for a beneficiaryId it already holds, as opposed to a transactionId or batchTransactionId. */
const BENEFICIARY_EXISTS = /beneficiary id already exists/i;

export function classify(error: unknown): Classified {
  // A payout answered "Beneficiary ID already exists" was refused for its inline payee's id (§15.17: a server that
  // registers inline payees), not matched to a payout EnKash holds: a refusal (REJECTED on a first departure, which
  // names the payee-routing setting; a refused resend stays UNKNOWN), never proof that it landed.
  if (isDuplicate(error) && isAppError(error) && BENEFICIARY_EXISTS.test(String(error.details?.enkashMessage ?? ''))) {
    return { kind: 'refused', code: 'HTTP_409', reason: String(error.details?.enkashMessage) };
  }
  if (isDuplicate(error)) return { kind: 'unknown', duplicate: true };
  if (isOutcomeUnknown(error) || !isAppError(error)) return { kind: 'unknown', duplicate: false };
  if (NOT_SENT_CODES.has(error.code)) return { kind: 'not-sent' };
  if (error.code === 'enkash_rejected' || error.code === 'invalid_input') {
    const code =
      error.code === 'invalid_input'
        ? 'INVALID_REQUEST'
        : `HTTP_${String(error.details?.enkashCode ?? error.details?.httpStatus ?? 'ERR')}`;
    const message = typeof error.details?.enkashMessage === 'string' ? error.details.enkashMessage : error.message;
    return { kind: 'refused', code, reason: message };
  }
  // Anything else after a write left is treated as "may have happened".
  return { kind: 'unknown', duplicate: false };
}

/** A status we do not know flags the row; a known one clears that flag (and only that one). */
export function statusFlag(status: string | null): { flag: string } | { clearFlag: string } {
  return isKnownEnkashStatus(status) ? { clearFlag: UNKNOWN_STATUS_FLAG } : { flag: UNKNOWN_STATUS_FLAG };
}

/**
 * The journal fields EnKash's view of a payout sets. A status we do not know is kept verbatim and flagged for a
 * person (the row waits in PROCESSING, never final); the next known status clears the flag.
 */
export function fieldsFromRecord(rec: PayoutRecord, to: PayoutState) {
  return {
    enkashStatus: rec.status ?? undefined,
    ...statusFlag(rec.status),
    enkashTransactionId: rec.enkashTransactionId ?? undefined,
    utr: rec.utr ?? undefined,
    rejectCode: to === 'REJECTED' ? (rec.rejectCode ?? 'REJECTED') : undefined,
    failureReason:
      to === 'REJECTED' || to === 'FAILED' || to === 'REVERSED'
        ? (safeEnkashMessage(rec.message ?? rec.rejectCode) ?? undefined)
        : undefined,
  };
}

export function resultChanges(rows: PayoutRow[], result: BatchPayoutResult): PayoutChange[] {
  const byTxn = new Map(rows.map((r) => [r.transactionId.toUpperCase(), r]));
  const done = new Set<number>();
  const changes: PayoutChange[] = [];
  for (const rec of result.accepted) {
    const row = byTxn.get(rec.transactionId.toUpperCase());
    if (!row || done.has(row.id)) continue;
    done.add(row.id);
    const to = stateForEnkashStatus(rec.status);
    changes.push({ id: row.id, from: 'SENDING', to, action: 'result', set: fieldsFromRecord(rec, to) });
  }
  for (const f of result.failed) {
    const row = f.transactionId ? byTxn.get(f.transactionId.toUpperCase()) : undefined;
    if (!row || done.has(row.id)) continue;
    done.add(row.id);
    changes.push({
      id: row.id,
      from: 'SENDING',
      to: 'REJECTED',
      action: 'result',
      set: {
        enkashStatus: f.status ?? 'REJECTED',
        rejectCode: f.code ?? f.status ?? 'REJECTED',
        failureReason: safeEnkashMessage(f.message) ?? null,
      },
    });
  }
  for (const row of rows) {
    if (done.has(row.id)) continue;
    changes.push({
      id: row.id,
      from: 'SENDING',
      to: 'UNKNOWN',
      action: 'result-missing',
      data: { reason: 'not in the answer' },
    });
  }
  return changes;
}

export function errorChanges(rows: PayoutRow[], c: Classified, mode: SendMode, error: unknown): PayoutChange[] {
  const reason = isAppError(error) ? String(error.details?.reason ?? error.code) : 'internal';
  return rows.map((row) => {
    if (c.kind === 'not-sent') {
      return {
        id: row.id,
        from: 'SENDING' as const,
        to: mode === 'first' ? ('READY' as const) : ('UNKNOWN' as const),
        action: 'not-sent',
        data: { reason },
      };
    }
    // A refused resend proves nothing about the first request, which may have paid the row: it stays UNKNOWN
    // (searched again, never final) and the refusal is kept in the audit trail for a person to read.
    if (c.kind === 'refused' && mode === 'resend') {
      return {
        id: row.id,
        from: 'SENDING' as const,
        to: 'UNKNOWN' as const,
        action: 'resend-refused',
        data: { reason: safeEnkashMessage(c.reason) ?? c.code, code: c.code },
      };
    }
    if (c.kind === 'refused') {
      return {
        id: row.id,
        from: 'SENDING' as const,
        to: 'REJECTED' as const,
        action: 'refused',
        set: { rejectCode: c.code, failureReason: safeEnkashMessage(c.reason) ?? null, enkashStatus: null },
      };
    }
    return {
      id: row.id,
      from: 'SENDING' as const,
      to: 'UNKNOWN' as const,
      action: 'unknown',
      data: { reason, duplicate: c.duplicate },
    };
  });
}

export function outcomeOf(c: Classified | null, rows: number, error: unknown): SendOutcome {
  if (!c) return { kind: 'answered', rows };
  const err = isAppError(error) ? error : null;
  if (c.kind === 'unknown') return { kind: 'unknown', rows, error: err };
  return { kind: c.kind, rows, error: err! };
}
