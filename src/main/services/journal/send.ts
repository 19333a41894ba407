import { isAppError } from '../../../shared/domain/errors';
import { getBatchRow, getChunk } from '../../db/repos/batches-repo';
import { getPayout, payoutsOfChunk, type PayoutRow } from '../../db/repos/payouts-repo';
import type { EnkashClient } from '../../enkash/client';
import type { BatchPayoutInput, PayoutInput } from '../../enkash/inputs';
import type { BatchPayoutResult, PayoutRecord } from '../../enkash/payout-outputs';
import { type JournalDeps, noteDepartures, scheduleFor } from './deps';
import { SENDABLE_BATCH_STATES, stateForEnkashStatus } from './states';
import { transitionChunk, transitionPayouts } from './transition';
import { requestFor } from './request';
import {
  classify,
  errorChanges,
  fieldsFromRecord,
  outcomeOf,
  resultChanges,
  type SendMode,
  type SendOutcome,
} from './send-answers';
import { loadBatchRequest, loadSingleRequest, saveBatchRequest, saveSingleRequest } from './sent-requests';
import { registerBeforeSending } from './payee-registration';
import { payeeRoutingOf, withPayeeHints } from './payee-routing';

export { fieldsFromRecord, type SendMode, type SendOutcome, statusFlag } from './send-answers';

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

/**
 * The chunk's persisted request, when it covers exactly the rows being resent (the same ids). Any other set
 * means the rows moved on since (a person settled some) and the stored body would send payouts we no longer
 * mean to: null, and the caller rebuilds from the rows.
 */
function storedChunkRequest(deps: JournalDeps, chunkId: number, rows: PayoutRow[]): BatchPayoutInput | null {
  const stored = loadBatchRequest(deps.db, chunkId);
  if (!stored) return null;
  const ids = new Set(rows.map((r) => r.transactionId.toUpperCase()));
  const same =
    stored.transfers.length === ids.size && stored.transfers.every((t) => ids.has(t.transactionId.toUpperCase()));
  if (!same)
    deps.log.warn('journal.stored_request_mismatch', { chunkId, stored: stored.transfers.length, rows: ids.size });
  return same ? stored : null;
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
  // Payee routing `registered`: the payees exist at EnKash before any payout names them (a resend repeats its
  // stored request, whose payees were registered before it first left).
  // Only that routing reads the chunk's rows here; the others read them once, in the claim below.
  if (mode === 'first' && payeeRoutingOf(deps.profile()) === 'registered') {
    const stop = await registerBeforeSending(deps, client, payoutsOfChunk(deps.db, chunkId, ['READY']));
    if (stop) return stop;
  }
  const at = deps.now();
  const schedule = scheduleFor(deps.timing);
  const claimed = deps.db.transaction(() => {
    const chunk = getChunk(deps.db, chunkId);
    if (!chunk) return null;
    if (mode === 'first') {
      const batch = getBatchRow(deps.db, chunk.batchId);
      if (!batch || !SENDABLE_BATCH_STATES.includes(batch.state) || chunk.state !== 'READY') return null;
    } else if (chunk.state !== 'UNKNOWN' || chunk.landed) {
      return null;
    }
    const rows = payoutsOfChunk(deps.db, chunkId, [mode === 'first' ? 'READY' : 'UNKNOWN']);
    if (!rows.length) return null;
    const request = mode === 'resend' ? storedChunkRequest(deps, chunkId, rows) : null;
    transitionChunk(deps.db, chunkId, [chunk.state], 'SENDING', {
      at,
      action: mode === 'first' ? 'send' : 'resend',
      data: { rows: rows.length, ...(mode === 'resend' ? { persisted: request !== null } : {}) },
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
      { at, log: deps.log },
    );
    if (request) return { chunk, rows, request };
    // A first departure — or a resend of a chunk an older version sent, which stored no request: built from the
    // rows and today's profile (the best we have), and stored so every later resend repeats this one.
    const built = {
      batchTransactionId: chunk.batchTransactionId,
      transfers: rows.map((r) => requestFor(r, deps.profile())),
    };
    saveBatchRequest(deps.db, chunkId, built, at);
    return { chunk, rows, request: built };
  })();
  if (!claimed) return { kind: 'skipped' };
  const { rows, request } = claimed;
  // The resend grace is counted from here on the monotonic clock too (reconcile/resolve.ts `resendable`).
  noteDepartures(
    deps,
    rows.map((r) => r.id),
  );
  let result: BatchPayoutResult | null = null;
  let error: unknown = null;
  try {
    result = await client.createBatchPayout(request, { resend: mode === 'resend' });
  } catch (e) {
    error = e;
  }
  const c = result ? null : classify(error);
  const done = deps.now();
  deps.db.transaction(() => {
    const sent = new Map(request.transfers.map((t) => [t.transactionId.toUpperCase(), t]));
    const requestOf = (id: number) => sent.get(rows.find((r) => r.id === id)?.transactionId.toUpperCase() ?? '');
    const changes = result ? resultChanges(rows, result) : errorChanges(rows, c!, mode, error);
    transitionPayouts(deps.db, withPayeeHints(changes, requestOf), { at: done, schedule, log: deps.log });
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
  if (mode === 'first') {
    const ready = getPayout(deps.db, payoutId);
    const stop = await registerBeforeSending(deps, client, ready?.state === 'READY' ? [ready] : []);
    if (stop) return stop;
  }
  const at = deps.now();
  const claimed = deps.db.transaction(() => {
    const row = getPayout(deps.db, payoutId);
    if (!row) return null;
    if (mode === 'first') {
      const batch = getBatchRow(deps.db, row.batchId);
      if (!batch || !SENDABLE_BATCH_STATES.includes(batch.state) || row.state !== 'READY') return null;
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
      { at, log: deps.log },
    );
    if (!r.applied.length) return null;
    // A resend repeats the request this row last went out with under its current transactionId; a first
    // departure (or a row an older version sent, which stored none) is built now and stored.
    const stored = mode === 'resend' ? loadSingleRequest(deps.db, row.id, row.transactionId, row.chunkId) : null;
    const request: PayoutInput = stored ?? requestFor(row, deps.profile());
    if (!stored) saveSingleRequest(deps.db, row.id, request, at);
    return { row, request };
  })();
  if (!claimed) return { kind: 'skipped' };
  noteDepartures(deps, [payoutId]);
  let record: PayoutRecord | null = null;
  let error: unknown = null;
  try {
    record = await client.createPayout(claimed.request);
  } catch (e) {
    error = e;
  }
  const c = record ? null : classify(error);
  const done = deps.now();
  deps.db.transaction(() => {
    const requestOf = () => claimed.request;
    if (record) {
      const to = stateForEnkashStatus(record.status);
      transitionPayouts(
        deps.db,
        withPayeeHints(
          [{ id: payoutId, from: 'SENDING', to, action: 'result', set: fieldsFromRecord(record, to) }],
          requestOf,
        ),
        {
          at: done,
          schedule: scheduleFor(deps.timing),
          log: deps.log,
        },
      );
    } else {
      transitionPayouts(deps.db, withPayeeHints(errorChanges([claimed.row], c!, mode, error), requestOf), {
        at: done,
        schedule: scheduleFor(deps.timing),
        log: deps.log,
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
