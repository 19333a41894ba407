import type { Environment } from '../../../shared/settings/api-profile';
import { getChunk, markChunkLanded } from '../../db/repos/batches-repo';
import { duePayouts, payoutsOfChunk, type PayoutRow, recordCheck } from '../../db/repos/payouts-repo';
import type { EnkashClient } from '../../enkash/client';
import { type JournalDeps, scheduleFor } from '../journal/deps';
import { recordNotOurs, samePayout } from '../journal/adopt';
import { stateForEnkashStatus } from '../journal/states';
import { type PayoutChange, transitionPayouts } from '../journal/transition';
import { fieldsFromRecord, sendChunk, sendSingle } from '../submission/send';
import { runLimited, searchRows, type SearchVerdict } from './search';

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

export type ResolveStats = { considered: number; found: number; notFound: number; unanswered: number; resent: number };

/** Applies search verdicts to UNKNOWN rows; returns the rows still unresolved and not found. */
export function applyVerdicts(
  deps: JournalDeps,
  rows: PayoutRow[],
  verdicts: Map<number, SearchVerdict>,
  stats: ResolveStats,
): void {
  const at = deps.now();
  const iso = at.toISOString();
  const recheck = new Date(at.getTime() + deps.timing.unknownRecheckMs).toISOString();
  deps.db.transaction(() => {
    const changes: PayoutChange[] = [];
    for (const row of rows) {
      const v = verdicts.get(row.id) ?? { kind: 'unanswered' };
      const sameness = v.kind === 'found' ? samePayout(row, v.record) : null;
      if (v.kind === 'found' && sameness && sameness.kind !== 'same') {
        stats.unanswered++;
        recordNotOurs(deps.db, row, v.record, sameness, { at, nextCheckAt: recheck, log: deps.log });
      } else if (v.kind === 'found') {
        stats.found++;
        const to = stateForEnkashStatus(v.record.status);
        changes.push({ id: row.id, from: 'UNKNOWN', to, action: 'search', set: fieldsFromRecord(v.record, to) });
        if (row.chunkId !== null && row.lastRoute === 'batch') markChunkLanded(deps.db, row.chunkId);
      } else if (v.kind === 'not-found') {
        stats.notFound++;
        recordCheck(deps.db, row.id, { searchedAt: iso, nextCheckAt: recheck, countCheck: true });
      } else {
        stats.unanswered++;
        recordCheck(deps.db, row.id, { nextCheckAt: recheck, countCheck: true });
      }
    }
    transitionPayouts(deps.db, changes, { at, schedule: scheduleFor(deps.timing) });
  })();
}

const startups = new WeakMap<JournalDeps['db'], number>();

/**
 * Start-up time of this process on `db`. The grace is counted from the later of the last departure and this:
 * the machine may have been off (or its clock set forward) for hours, and "sent long ago" must not pass for
 * "searched long after sending" before EnKash has been asked in this run.
 */
export function noteStartup(db: JournalDeps['db'], at: Date): void {
  startups.set(db, at.getTime());
}

/** Rows not found by a search made at least the grace period after their last departure (and start-up). */
function resendable(deps: JournalDeps, row: PayoutRow): boolean {
  if (row.state !== 'UNKNOWN' || !row.searchedAt || !row.sentAt) return false;
  if (row.attempts > deps.timing.maxAutoResends) return false;
  const since = Math.max(new Date(row.sentAt).getTime(), startups.get(deps.db) ?? 0);
  return new Date(row.searchedAt).getTime() - since >= deps.timing.unknownGraceMs;
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
    const chunk = getChunk(deps.db, chunkId);
    const unresolved = payoutsOfChunk(deps.db, chunkId, ['UNKNOWN', 'SENDING']);
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
  const due = duePayouts(deps.db, env, ['UNKNOWN'], opts.all ? END_OF_TIME : now.toISOString(), {
    nullIsDue: true,
    limit: 20_000,
  });
  const stats: ResolveStats = { considered: due.length, found: 0, notFound: 0, unanswered: 0, resent: 0 };
  if (!due.length) return stats;
  const verdicts = await searchRows(deps, client, due);
  applyVerdicts(deps, due, verdicts, stats);
  const fresh = duePayouts(deps.db, env, ['UNKNOWN'], END_OF_TIME, { nullIsDue: true, limit: 20_000 }).filter((r) =>
    resendable(deps, r),
  );
  if (fresh.length) await resend(deps, client, fresh, stats);
  if (stats.resent || stats.found) deps.log.info('reconcile.unknown', { ...stats });
  return stats;
}
