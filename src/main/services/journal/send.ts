import { AppError, isAppError } from '../../../shared/domain/errors';
import { getPayoutOps, payoutsOfChunkOps } from '../../db/repos/payouts-repo';
import { type Ops, transaction } from '../../db/store/ops';
import type { EnkashClient } from '../../enkash/client';
import type { BatchPayoutResult, PayoutRecord } from '../../enkash/payout-outputs';
import { type JournalDeps, noteDepartures, scheduleFor } from './deps';
import { stateForEnkashStatus } from './states';
import { transitionChunkOps, transitionPayoutsOps } from './transition';
import { type ChunkClaim, claimChunkDepartureOps, claimSingleDepartureOps } from './send-claim';
import {
  classify,
  errorChanges,
  fieldsFromRecord,
  outcomeOf,
  resultChanges,
  type SendMode,
  type SendOutcome,
} from './send-answers';
import { registerBeforeSending } from './payee-registration';
import { journalOwnerId } from './lease';
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

export type SendOptions = {
  /** Who departs (the engine: the chunk lease it claimed under); default the journal lease this process holds. */
  ownerId?: string;
};

const ownerOf = (deps: JournalDeps, opts: SendOptions): string | null => opts.ownerId ?? journalOwnerId(deps.store);

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
  opts: SendOptions = {},
): Promise<SendOutcome> {
  const flight = await departChunk(deps, client, chunkId, mode, opts);
  return 'answer' in flight ? (await recordChunk(deps, flight)).outcome : flight;
}

/** A chunk's request that has left (its SENDING committed first); `answer` settles when EnKash answers, never rejects. */
export type ChunkFlight = {
  chunkId: number;
  mode: SendMode;
  claimed: ChunkClaim;
  answer: Promise<{ result: BatchPayoutResult | null; error: unknown }>;
};

/**
 * Steps 1 and 2 of a departure: commits SENDING (unless `opts.claimed` already did) and sends, without waiting for
 * the answer — so the engine can send its next claimed chunk the moment this one's answer arrives, and record this
 * one while that one is in the air (issue 13 point 5). A stop before anything left comes back as its outcome.
 */
export async function departChunk(
  deps: JournalDeps,
  client: EnkashClient,
  chunkId: number,
  mode: SendMode,
  opts: SendOptions & { claimed?: ChunkClaim } = {},
): Promise<ChunkFlight | SendOutcome> {
  let claimed = opts.claimed ?? null;
  if (!claimed) {
    // Payee routing `registered`: the payees exist at EnKash before any payout names them (a resend repeats its
    // stored request, whose payees were registered before it first left).
    // Only that routing reads the chunk's rows here; the others read them once, in the claim below.
    if (mode === 'first' && payeeRoutingOf(deps.profile()) === 'registered') {
      const ready = await deps.store.run(payoutsOfChunkOps(chunkId, ['READY']));
      const stop = await registerBeforeSending(deps, client, ready);
      if (stop) return stop;
    }
    const at = deps.now();
    claimed = await deps.store.run(
      claimChunkDepartureOps(chunkId, mode, {
        at,
        profile: deps.profile(),
        log: deps.log,
        ownerId: ownerOf(deps, opts),
      }),
    );
  }
  if (!claimed) return { kind: 'skipped' };
  if (claimed.storedMismatch) deps.log.warn('journal.stored_request_mismatch', { chunkId, ...claimed.storedMismatch });
  // The resend grace is counted from here on the monotonic clock too (reconcile/resolve.ts `resendable`).
  noteDepartures(
    deps,
    claimed.rows.map((r) => r.id),
  );
  const answer = client.createBatchPayout(claimed.request, { resend: mode === 'resend' }).then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  );
  return { chunkId, mode, claimed, answer };
}

/**
 * Step 3: commits what the chunk's answer proves, in one transaction. `next`: the engine's next departure, claimed
 * inside that transaction so the two commit as one (issue 13 point 5: a commit is much of a chunk's cost). Run only
 * after an answer that is not "not sent" (after that the engine backs off instead). Write-ahead still holds: its
 * SENDING commits before its request leaves. It runs in its own savepoint: a failure there never costs this chunk's
 * recorded answer.
 */
export async function recordChunk<T>(
  deps: JournalDeps,
  flight: ChunkFlight,
  next?: () => Ops<T | null>,
): Promise<{ outcome: SendOutcome; next: T | null }> {
  const { chunkId, mode } = flight;
  const { rows, request } = flight.claimed;
  const { result, error } = await flight.answer;
  const schedule = scheduleFor(deps.timing);
  const c = result ? null : classify(error);
  const done = deps.now();
  const sent = new Map(request.transfers.map((t) => [t.transactionId.toUpperCase(), t]));
  const requestOf = (id: number) => sent.get(rows.find((r) => r.id === id)?.transactionId.toUpperCase() ?? '');
  const changes = withPayeeHints(result ? resultChanges(rows, result) : errorChanges(rows, c!, mode, error), requestOf);
  const landed = result !== null || (c?.kind === 'unknown' && c.duplicate);
  const refusedFirst = c?.kind === 'refused' && mode === 'first';
  const chunkTo = result || refusedFirst ? 'SENT' : c?.kind === 'not-sent' && mode === 'first' ? 'READY' : 'UNKNOWN';
  const chainedNext = c?.kind === 'not-sent' ? undefined : next;
  const claimedNext = await deps.store.run(
    transaction(function* () {
      yield* transitionPayoutsOps(changes, { at: done, schedule, log: deps.log });
      yield* transitionChunkOps(chunkId, ['SENDING'], chunkTo, {
        at: done,
        action: result ? 'result' : (c?.kind ?? 'result'),
        landed,
      });
      return chainedNext ? yield* chained(deps, chainedNext) : null;
    }),
  );
  if (error)
    deps.log.warn('journal.chunk_error', {
      chunkId,
      mode,
      outcome: c?.kind,
      code: isAppError(error) ? error.code : 'internal',
    });
  return { outcome: outcomeOf(c, rows.length, error), next: claimedNext };
}

/** Whether a chunk's answer proves its request never left (connection refused, login refused, …): `classify`'s call. */
export async function answeredNotSent(flight: ChunkFlight): Promise<boolean> {
  const { result, error } = await flight.answer;
  return result === null && classify(error).kind === 'not-sent';
}

/**
 * A chunk claimed ahead (SENDING committed) that the engine decided not to send after all, because the request
 * before it was provably not sent: recorded as exactly that — it never left, so its rows go back to READY (and
 * its chunk with them) through the ordinary "not sent" path, and the engine's backing off or pausing covers it.
 */
export async function withdrawChunk(deps: JournalDeps, chunkId: number, claimed: ChunkClaim): Promise<void> {
  const never = new AppError('enkash_unavailable', 'Held back, never sent: the request before it was not sent.');
  await recordChunk(deps, { chunkId, mode: 'first', claimed, answer: Promise.resolve({ result: null, error: never }) });
}

/** The engine's next departure claimed on its own (while a chunk is in the air), as `next` would in a recording. */
export function claimAhead<T>(deps: JournalDeps, next: () => Ops<T | null>): Promise<T | null> {
  return deps.store.run(chained(deps, next));
}

/** Thrown by a `next` that found nothing to send after all: its savepoint rolls back, and nothing is logged. */
export class ChainDeclined extends Error {}

/**
 * The next departure in a savepoint of the recording transaction: a failure rolls back only what it wrote (its lease,
 * its SENDING) and the engine claims again the ordinary way, which reports the failure if it persists.
 */
function* chained<T>(deps: JournalDeps, next: () => Ops<T | null>): Ops<T | null> {
  try {
    return yield* transaction(next);
  } catch (error) {
    if (!(error instanceof ChainDeclined)) {
      deps.log.warn('journal.chained_claim_failed', { code: (error as { code?: unknown } | null)?.code ?? 'internal' });
    }
    return null;
  }
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
  opts: SendOptions = {},
): Promise<SendOutcome> {
  if (mode === 'first') {
    const ready = await deps.store.run(getPayoutOps(payoutId));
    const stop = await registerBeforeSending(deps, client, ready?.state === 'READY' ? [ready] : []);
    if (stop) return stop;
  }
  const at = deps.now();
  const claimed = await deps.store.run(
    claimSingleDepartureOps(payoutId, mode, {
      at,
      profile: deps.profile(),
      log: deps.log,
      ownerId: ownerOf(deps, opts),
    }),
  );
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
  const requestOf = () => claimed.request;
  const to = record ? stateForEnkashStatus(record.status) : null;
  const changes =
    record && to
      ? [{ id: payoutId, from: 'SENDING' as const, to, action: 'result', set: fieldsFromRecord(record, to) }]
      : errorChanges([claimed.row], c!, mode, error);
  await deps.store.run(
    transitionPayoutsOps(withPayeeHints(changes, requestOf), {
      at: done,
      schedule: scheduleFor(deps.timing),
      log: deps.log,
    }),
  );
  if (error)
    deps.log.warn('journal.single_error', {
      payoutId,
      mode,
      outcome: c?.kind,
      code: isAppError(error) ? error.code : 'internal',
    });
  return outcomeOf(c, 1, error);
}
