import type { Environment } from '../../../shared/settings/api-profile';
import { getChunkOps, markChunkLandedOps } from '../../db/repos/batches-repo';
import { duePayoutsOps, payoutsOfChunkOps, type PayoutRow, recordCheckOps } from '../../db/repos/payouts-repo';
import { type Ops, transaction } from '../../db/store/ops';
import { storeIdentity } from '../../db/store/store';
import type { EnkashClient } from '../../enkash/client';
import { departedAt, type JournalDeps, monotonicNow, scheduleFor } from '../journal/deps';
import {
  conflictChange,
  NO_AMOUNT_FLAG,
  recordNoAmountOps,
  SETTLED_BY_PERSON_FLAG,
  samePayout,
} from '../journal/adopt';
import { stateForEnkashStatus, UNRESOLVED_STATES } from '../journal/states';
import { type PayoutChange, type PayoutFields, transitionPayoutsOps } from '../journal/transition';
import { type ResolveStats, startupOf } from '../journal/recovery';
import { fieldsFromRecord, sendChunk, sendSingle } from '../journal/send';
import { runLimited } from '../journal/run-limited';
import { searchRows, type SearchVerdict } from './search';

/**
 * Settling UNKNOWN rows — the heart of "no payout twice, no outcome lost":
 *   1. Search Payouts. Found → the row takes EnKash's status (and its chunk is known to have landed).
 *   2. Not found → remember when. Only when a search made at least `unknownGraceMs` after the row's last send
 *      still does not find it is the row resent — the *identical* request with the same ids:
 *      - a chunk that EnKash never saw (no row found, no 409) is re-posted whole with its batchTransactionId;
 *      - otherwise each row goes alone on the single call with its own transactionId.
 *   3. A 409 on the resend proves the first attempt landed → UNKNOWN again, searched next round.
 * A row is resent at most `maxAutoResends` times, then left UNKNOWN for a person (it stays in every count).
 */

/** An ISO time after every schedule: "due" for every row. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/**
 * `environment`: whose rows this round looks at — the environment of the client it was given. Never read afresh
 * from Settings inside a round: a Sandbox row searched on the Production client would come back "not found".
 */
export type RoundOptions = { all?: boolean; environment?: Environment };

/**
 * Applies search verdicts to UNKNOWN rows, in one transaction. Re-runnable whole (PostgreSQL may retry it), so it
 * counts into its own tally, which the caller adds to its stats once the work committed.
 */
export function applyVerdictsOps(
  deps: JournalDeps,
  rows: readonly PayoutRow[],
  verdicts: Map<number, SearchVerdict>,
): Ops<Pick<ResolveStats, 'found' | 'notFound' | 'unanswered'>> {
  const at = deps.now();
  const iso = at.toISOString();
  const recheck = new Date(at.getTime() + deps.timing.unknownRecheckMs).toISOString();
  return transaction(function* () {
    const tally = { found: 0, notFound: 0, unanswered: 0 };
    const changes: PayoutChange[] = [];
    for (const row of rows) {
      const v = verdicts.get(row.id) ?? { kind: 'unanswered' };
      const sameness = v.kind === 'found' ? samePayout(row, v.record) : null;
      if (v.kind === 'found' && sameness?.kind === 'different') {
        // EnKash holds another payout under our id: a person decides (journal/settle.ts); never adopted, never resent.
        tally.found++;
        changes.push(conflictChange(row, v.record, sameness.fields));
        deps.log.error('journal.found_not_ours', { payoutId: row.id, fields: sameness.fields });
      } else if (v.kind === 'found' && sameness?.kind === 'no-amount') {
        tally.unanswered++;
        yield* recordNoAmountOps(row, v.record, { at, nextCheckAt: recheck, log: deps.log });
      } else if (v.kind === 'found') {
        tally.found++;
        const to = stateForEnkashStatus(v.record.status);
        // An earlier amount-less answer no longer applies once a full record proves the row ours.
        const fields: PayoutFields = fieldsFromRecord(v.record, to);
        const set = row.flag === NO_AMOUNT_FLAG && fields.flag === undefined ? { ...fields, flag: null } : fields;
        changes.push({ id: row.id, from: 'UNKNOWN', to, action: 'search', set });
        if (row.chunkId !== null && row.lastRoute === 'batch') yield* markChunkLandedOps(row.chunkId);
      } else if (v.kind === 'not-found') {
        tally.notFound++;
        // Never move searched_at backwards: a person's "not paid" (journal/settle.ts) may have set it ahead so the
        // row is due for its resend, and a later "not found" agrees with them rather than restarting the wait.
        const searchedAt = row.searchedAt && row.searchedAt > iso ? row.searchedAt : iso;
        yield* recordCheckOps(row.id, { searchedAt, nextCheckAt: recheck, countCheck: true });
      } else {
        tally.unanswered++;
        yield* recordCheckOps(row.id, { nextCheckAt: recheck, countCheck: true });
      }
    }
    yield* transitionPayoutsOps(changes, { at, schedule: scheduleFor(deps.timing), log: deps.log });
    return tally;
  });
}

/** Applies search verdicts to UNKNOWN rows (on deps.store), adding what it did to `stats`. */
export async function applyVerdicts(
  deps: JournalDeps,
  rows: PayoutRow[],
  verdicts: Map<number, SearchVerdict>,
  stats: ResolveStats,
): Promise<void> {
  const tally = await deps.store.run(applyVerdictsOps(deps, rows, verdicts));
  stats.found += tally.found;
  stats.notFound += tally.notFound;
  stats.unanswered += tally.unanswered;
}

/**
 * Per row, on the monotonic clock: when this run first saw it, and when it first saw its current "not found"
 * (searched_at). `resendable` runs right after every search round, so a new searched_at is seen as it is made.
 */
const sightings = new WeakMap<object, Map<number, { first: number; searchedAt: string; at: number }>>();

/**
 * Rows not found by a search made at least the grace period after their last departure (and start-up) — on the
 * wall clock (which survives a restart) and, within this run, on the monotonic clock too, so a wall clock set
 * forward by hours cannot pass for a grace that has not elapsed. A row this run neither sent nor started with
 * waits a full grace from when it was first seen.
 */
function resendable(deps: JournalDeps, row: PayoutRow): boolean {
  if (row.state !== 'UNKNOWN' || !row.searchedAt || !row.sentAt) return false;
  const mono = monotonicNow(deps);
  const key = storeIdentity(deps.store);
  let seen = sightings.get(key);
  if (!seen) sightings.set(key, (seen = new Map()));
  let s = seen.get(row.id);
  if (!s) seen.set(row.id, (s = { first: mono, searchedAt: row.searchedAt, at: mono }));
  else if (s.searchedAt !== row.searchedAt) Object.assign(s, { searchedAt: row.searchedAt, at: mono });
  if (row.attempts > deps.timing.maxAutoResends) return false;
  const startup = startupOf(deps.store);
  const since = Math.max(new Date(row.sentAt).getTime(), startup.wallMs ?? 0);
  if (new Date(row.searchedAt).getTime() - since < deps.timing.unknownGraceMs) return false;
  // A person's "not paid" (journal/settle.ts) puts searched_at ahead of now: they asked EnKash, nothing to wait for.
  if (row.flag === SETTLED_BY_PERSON_FLAG && row.searchedAt > deps.now().toISOString()) return true;
  const marks = [departedAt(deps.store, row.id), startup.monotonic].filter((t) => t !== undefined);
  const departed = marks.length ? Math.max(...marks) : s.first;
  return s.at - departed >= deps.timing.unknownGraceMs;
}

/** Resends what may be resent; chunk re-posts only for chunks EnKash has shown no sign of having seen. */
async function resend(
  deps: JournalDeps,
  client: EnkashClient,
  candidates: PayoutRow[],
  stats: ResolveStats,
): Promise<void> {
  const single = async (row: PayoutRow) => {
    const out = await sendSingle(deps, client, row.id, 'resend');
    if (out.kind !== 'skipped') stats.resent++;
  };
  const tasks: (() => Promise<void>)[] = [];
  const byChunk = new Map<number, PayoutRow[]>();
  for (const row of candidates) {
    if (row.lastRoute === 'batch' && row.chunkId !== null)
      byChunk.set(row.chunkId, [...(byChunk.get(row.chunkId) ?? []), row]);
    else tasks.push(() => single(row));
  }
  for (const [chunkId, rows] of byChunk) {
    const { chunk, unresolved } = await deps.store.run(
      (function* () {
        return { chunk: yield* getChunkOps(chunkId), unresolved: yield* payoutsOfChunkOps(chunkId, UNRESOLVED_STATES) };
      })(),
    );
    const whole = chunk && chunk.state === 'UNKNOWN' && !chunk.landed && unresolved.length === rows.length;
    if (whole) {
      tasks.push(async () => {
        const out = await sendChunk(deps, client, chunkId, 'resend');
        if (out.kind !== 'skipped') stats.resent += out.rows;
      });
    } else {
      for (const row of rows) tasks.push(() => single(row));
    }
  }
  await runLimited(tasks, deps.timing.concurrency);
}

/**
 * One round over the UNKNOWN rows of the current environment that are due (`all`: every one, as at start-up):
 * search, settle what was found, resend what may be resent.
 */
export async function resolveUnknownOnce(
  deps: JournalDeps,
  client: EnkashClient,
  opts: RoundOptions = {},
): Promise<ResolveStats> {
  const now = deps.now();
  const env = opts.environment ?? deps.environment();
  const due = await deps.store.run(
    duePayoutsOps(env, ['UNKNOWN'], opts.all ? END_OF_TIME : now.toISOString(), { nullIsDue: true, limit: 20_000 }),
  );
  const stats: ResolveStats = { considered: due.length, found: 0, notFound: 0, unanswered: 0, resent: 0 };
  if (!due.length) return stats;
  const verdicts = await searchRows(deps, client, due);
  await applyVerdicts(deps, due, verdicts, stats);
  const unknown = await deps.store.run(
    duePayoutsOps(env, ['UNKNOWN'], END_OF_TIME, { nullIsDue: true, limit: 20_000 }),
  );
  const fresh = unknown.filter((r) => resendable(deps, r));
  if (fresh.length) await resend(deps, client, fresh, stats);
  if (stats.resent || stats.found) deps.log.info('reconcile.unknown', { ...stats });
  return stats;
}
