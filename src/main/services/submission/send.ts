import { type AppError, isAppError } from '../../../shared/ipc/errors';
import { getBatchRow, getChunk } from '../../db/repos/batches-repo';
import { getPayout, payoutsOfChunk, type PayoutRow } from '../../db/repos/payouts-repo';
import type { EnkashClient } from '../../enkash/client';
import { isDuplicate, isOutcomeUnknown, safeEnkashMessage } from '../../enkash/errors';
import type { BatchPayoutResult, PayoutRecord } from '../../enkash/payout-outputs';
import { type JournalDeps, scheduleFor } from '../journal/deps';
import { type PayoutState, stateForEnkashStatus } from '../journal/states';
import { type PayoutChange, transitionChunk, transitionPayouts } from '../journal/transition';
import { toPayoutInput } from './request';

/**
 * One departure of a chunk (batch call) or a row (single call), with the journal around it:
 *   1. commit SENDING (rows + chunk) — the request has not left yet;
 *   2. send;
 *   3. commit what the answer proves, in one transaction.
 * A crash between 1 and 3 leaves SENDING, which start-up turns into UNKNOWN and settles by searching.
 *
 * How an answer is read (enkash/errors.ts classifies it):
 * - a result → each row takes the status EnKash gave; a row in the failed list is REJECTED (EnKash says it
 *   was not created, and REJECTED is only ever resent by a person, with the same transactionId); a row in
 *   neither list is UNKNOWN (confirm by Search before anything else);
 * - unknown outcome (timeout, reset, 5xx, code 1, garbled body) → UNKNOWN, never FAILED;
 * - 409 → the id already exists at EnKash: UNKNOWN, and for a batch call the chunk is marked "landed" so its
 *   batchTransactionId is never posted again (EnKash would answer 409 forever) — unresolved rows are resent
 *   one by one with their own transactionId instead;
 * - provably not sent (connection refused, login refused, rate limited) → back to READY (or UNKNOWN for a
 *   resend), to go again later;
 * - a 4xx refusal of the whole request → every row REJECTED with the code, for a person to fix — but only on a
 *   first departure: a refused resend keeps its rows UNKNOWN (the first request may have paid them).
 */

export type SendMode = 'first' | 'resend';

export type SendOutcome =
  | { kind: 'skipped' }
  | { kind: 'answered'; rows: number }
  | { kind: 'unknown'; rows: number; error: AppError | null }
  | { kind: 'not-sent'; rows: number; error: AppError }
  | { kind: 'refused'; rows: number; error: AppError };

/** Errors that prove the request never reached EnKash (or reached it and was not processed). */
const NOT_SENT_CODES = new Set(['enkash_unavailable', 'auth_failed', 'credentials_missing', 'credentials_unavailable']);

type Classified =
  { kind: 'unknown'; duplicate: boolean } | { kind: 'not-sent' } | { kind: 'refused'; code: string; reason: string };

function classify(error: unknown): Classified {
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

/** The journal fields EnKash's view of a payout sets. */
export function fieldsFromRecord(rec: PayoutRecord, to: PayoutState) {
  return {
    enkashStatus: rec.status ?? undefined,
    enkashTransactionId: rec.enkashTransactionId ?? undefined,
    utr: rec.utr ?? undefined,
    rejectCode: to === 'REJECTED' ? (rec.rejectCode ?? 'REJECTED') : undefined,
    failureReason:
      to === 'REJECTED' || to === 'FAILED' || to === 'REVERSED'
        ? (safeEnkashMessage(rec.message ?? rec.rejectCode) ?? undefined)
        : undefined,
  };
}

function resultChanges(rows: PayoutRow[], result: BatchPayoutResult): PayoutChange[] {
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

function errorChanges(rows: PayoutRow[], c: Classified, mode: SendMode, error: unknown): PayoutChange[] {
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

function outcomeOf(c: Classified | null, rows: number, error: unknown): SendOutcome {
  if (!c) return { kind: 'answered', rows };
  const err = isAppError(error) ? error : null;
  if (c.kind === 'unknown') return { kind: 'unknown', rows, error: err };
  return { kind: c.kind, rows, error: err! };
}

/**
 * Sends a chunk through the batch call. `first`: its READY rows (only while the batch is CONFIRMED/SENDING —
 * checked in the same transaction that commits SENDING, so a cancel can never race a departure). `resend`:
 * its UNKNOWN rows, the identical request with the same batchTransactionId (only for a chunk not known to
 * have landed; the reconciler decides).
 */
export async function sendChunk(
  deps: JournalDeps,
  client: EnkashClient,
  chunkId: number,
  mode: SendMode,
): Promise<SendOutcome> {
  const at = deps.now();
  const schedule = scheduleFor(deps.timing);
  const claimed = deps.db.transaction(() => {
    const chunk = getChunk(deps.db, chunkId);
    if (!chunk) return null;
    if (mode === 'first') {
      const batch = getBatchRow(deps.db, chunk.batchId);
      if (!batch || !['CONFIRMED', 'SENDING'].includes(batch.state) || chunk.state !== 'READY') return null;
    } else if (chunk.state !== 'UNKNOWN' || chunk.landed) {
      return null;
    }
    const rows = payoutsOfChunk(deps.db, chunkId, [mode === 'first' ? 'READY' : 'UNKNOWN']);
    if (!rows.length) return null;
    transitionChunk(deps.db, chunkId, [chunk.state], 'SENDING', {
      at,
      action: mode === 'first' ? 'send' : 'resend',
      data: { rows: rows.length },
    });
    transitionPayouts(
      deps.db,
      rows.map((r) => ({
        id: r.id,
        from: r.state,
        to: 'SENDING' as const,
        action: mode === 'first' ? 'send' : 'resend',
        set: { lastRoute: 'batch' as const, nextCheckAt: null },
      })),
      { at },
    );
    return { chunk, rows };
  })();
  if (!claimed) return { kind: 'skipped' };
  const { chunk, rows } = claimed;
  let result: BatchPayoutResult | null = null;
  let error: unknown = null;
  try {
    result = await client.createBatchPayout(
      { batchTransactionId: chunk.batchTransactionId, transfers: rows.map(toPayoutInput) },
      { resend: mode === 'resend' },
    );
  } catch (e) {
    error = e;
  }
  const c = result ? null : classify(error);
  const done = deps.now();
  deps.db.transaction(() => {
    const changes = result ? resultChanges(rows, result) : errorChanges(rows, c!, mode, error);
    transitionPayouts(deps.db, changes, { at: done, schedule });
    const landed = result !== null || (c?.kind === 'unknown' && c.duplicate);
    const refusedFirst = c?.kind === 'refused' && mode === 'first';
    const chunkTo = result || refusedFirst ? 'SENT' : c?.kind === 'not-sent' && mode === 'first' ? 'READY' : 'UNKNOWN';
    transitionChunk(deps.db, chunkId, ['SENDING'], chunkTo, {
      at: done,
      action: result ? 'result' : (c?.kind ?? 'result'),
      landed,
    });
  })();
  if (error)
    deps.log.warn('journal.chunk_error', {
      chunkId,
      mode,
      outcome: c?.kind,
      code: isAppError(error) ? error.code : 'internal',
    });
  return outcomeOf(c, rows.length, error);
}

/**
 * Sends one row through the single-payout call: a row without a chunk (single payouts), a fixed REJECTED row
 * (resubmitted with its same transactionId), or — `resend` — an UNKNOWN row whose chunk already landed.
 */
export async function sendSingle(
  deps: JournalDeps,
  client: EnkashClient,
  payoutId: number,
  mode: SendMode,
): Promise<SendOutcome> {
  const at = deps.now();
  const claimed = deps.db.transaction(() => {
    const row = getPayout(deps.db, payoutId);
    if (!row) return null;
    if (mode === 'first') {
      const batch = getBatchRow(deps.db, row.batchId);
      if (!batch || !['CONFIRMED', 'SENDING'].includes(batch.state) || row.state !== 'READY') return null;
    } else if (row.state !== 'UNKNOWN') {
      return null;
    }
    const r = transitionPayouts(
      deps.db,
      [
        {
          id: row.id,
          from: row.state,
          to: 'SENDING',
          action: mode === 'first' ? 'send' : 'resend',
          set: { lastRoute: 'single', nextCheckAt: null },
        },
      ],
      { at },
    );
    return r.applied.length ? row : null;
  })();
  if (!claimed) return { kind: 'skipped' };
  let record: PayoutRecord | null = null;
  let error: unknown = null;
  try {
    record = await client.createPayout(toPayoutInput(claimed));
  } catch (e) {
    error = e;
  }
  const c = record ? null : classify(error);
  const done = deps.now();
  deps.db.transaction(() => {
    if (record) {
      const to = stateForEnkashStatus(record.status);
      transitionPayouts(
        deps.db,
        [{ id: payoutId, from: 'SENDING', to, action: 'result', set: fieldsFromRecord(record, to) }],
        {
          at: done,
          schedule: scheduleFor(deps.timing),
        },
      );
    } else {
      transitionPayouts(deps.db, errorChanges([claimed], c!, mode, error), {
        at: done,
        schedule: scheduleFor(deps.timing),
      });
    }
  })();
  if (error)
    deps.log.warn('journal.single_error', {
      payoutId,
      mode,
      outcome: c?.kind,
      code: isAppError(error) ? error.code : 'internal',
    });
  return outcomeOf(c, 1, error);
}
