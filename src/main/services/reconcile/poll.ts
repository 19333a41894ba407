import { duePayoutsOps, type PayoutRow, recordCheckOps } from '../../db/repos/payouts-repo';
import { type Ops, transaction } from '../../db/store/ops';
import type { EnkashClient } from '../../enkash/client';
import { type JournalDeps, scheduleFor } from '../journal/deps';
import { adoptedView, conflictChange, samePayout } from '../journal/adopt';
import { IN_FLIGHT_STATES, nextStateFor, stateForEnkashStatus } from '../journal/states';
import { type PayoutChange, transitionPayoutsOps } from '../journal/transition';
import { fieldsFromRecord, statusFlag } from '../journal/send';
import { END_OF_TIME, type RoundOptions } from './resolve';
import { searchRows, type SearchVerdict } from './search';

/**
 * Status tracking after EnKash accepted a payout: PENDING/PROCESSING are asked about with a growing delay
 * (the profile's poll delays; the last repeats), SUCCESS is asked about every few hours for three days in case
 * the bank reverses it. UTRs and failure reasons are recorded as they appear.
 */

export type PollStats = { checked: number; changed: number; unanswered: number };

function nextCheck(deps: JournalDeps, row: PayoutRow, at: Date): string | null {
  const t = at.getTime();
  if (row.state === 'SUCCESS') {
    const since = new Date(row.finalAt ?? row.updatedAt).getTime();
    return t - since >= deps.timing.reversalWatchMs
      ? null
      : new Date(t + deps.timing.reversalCheckEveryMs).toISOString();
  }
  const delays = deps.timing.pollDelaysMs;
  const delay = delays[Math.min(row.checks + 1, delays.length - 1)] ?? 60_000;
  return new Date(t + delay).toISOString();
}

/** One round over due PENDING/PROCESSING/SUCCESS rows (`all`: every watched row, e.g. `reconcile` in the CLI). */
export async function pollOnce(deps: JournalDeps, client: EnkashClient, opts: RoundOptions = {}): Promise<PollStats> {
  const env = opts.environment ?? deps.environment();
  const now = opts.all ? END_OF_TIME : deps.now().toISOString();
  const rows = await deps.store.run(
    (function* () {
      return [
        ...(yield* duePayoutsOps(env, IN_FLIGHT_STATES, now, { nullIsDue: true })),
        ...(yield* duePayoutsOps(env, ['SUCCESS'], now, { nullIsDue: false })),
      ];
    })(),
  );
  const stats: PollStats = { checked: rows.length, changed: 0, unanswered: 0 };
  if (!rows.length) return stats;
  const verdicts = await searchRows(deps, client, rows);
  const at = deps.now();
  const applied = await deps.store.run(applyPollOps(deps, rows, verdicts, at));
  stats.changed = applied.changed;
  stats.unanswered = applied.unanswered;
  if (stats.changed) deps.log.info('reconcile.poll', { ...stats });
  return stats;
}

/**
 * What one poll round's answers change, in one transaction (re-runnable whole: PostgreSQL may retry it, so it
 * counts into its own result, never into the caller's stats).
 */
function applyPollOps(
  deps: JournalDeps,
  rows: readonly PayoutRow[],
  verdicts: Map<number, SearchVerdict>,
  at: Date,
): Ops<{ changed: number; unanswered: number }> {
  return transaction(function* () {
    let unanswered = 0;
    const changes: PayoutChange[] = [];
    for (const row of rows) {
      const v = verdicts.get(row.id);
      const sameness = v?.kind === 'found' ? samePayout(adoptedView(row), v.record) : null;
      if (v?.kind === 'found' && sameness && sameness.kind === 'different') {
        // EnKash now shows another payout under this id: never let it move ours (to SUCCESS or anywhere) — a
        // person looks at both sides (CONFLICT). A record without an amount on a row already accepted as ours
        // still only moves it along the state machine, as before.
        changes.push(conflictChange(row, v.record, sameness.fields));
        deps.log.error('journal.found_not_ours', { payoutId: row.id, fields: sameness.fields });
      } else if (v?.kind === 'found') {
        const observed = stateForEnkashStatus(v.record.status);
        const to = nextStateFor(row.state, observed);
        if (to) {
          changes.push({ id: row.id, from: row.state, to, action: 'poll', set: fieldsFromRecord(v.record, to) });
          continue;
        }
        yield* recordCheckOps(row.id, {
          nextCheckAt: nextCheck(deps, row, at),
          countCheck: true,
          enkashStatus: v.record.status,
          utr: v.record.utr,
          ...statusFlag(v.record.status),
        });
      } else {
        if (v?.kind !== 'not-found') unanswered++;
        yield* recordCheckOps(row.id, { nextCheckAt: nextCheck(deps, row, at), countCheck: true });
      }
    }
    const result = yield* transitionPayoutsOps(changes, { at, schedule: scheduleFor(deps.timing), log: deps.log });
    return { changed: result.applied.length, unanswered };
  });
}
