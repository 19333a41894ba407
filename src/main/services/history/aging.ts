import { AppError } from '../../../shared/domain/errors';
import { sql } from 'kysely';
import type { Db } from '../../db/open';
import { all, engine, get, q, type Ops, transaction } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { recordCheckOps } from '../../db/repos/payouts-repo';
import type { JournalDeps } from '../journal/deps';
import { IN_FLIGHT_STATES, type PayoutState } from '../journal/states';
import { reconcileRound, type TickReport } from '../reconcile/startup';
import { toHistoryRow } from './search';
import { batchJoin, HISTORY_COLUMNS } from './query';
import type { HistoryRow } from './types';

/**
 * The aging board: payouts still waiting for an outcome, by how long they have been out. Age counts from when
 * the row last left for EnKash (`sent_at`), or from staging if it never left. UNKNOWN rows are the ones that
 * matter most — only a search at EnKash may settle them — so they are listed with the others, oldest first.
 */

/** Rows a "check now" may ask EnKash about: in flight at the bank, or UNKNOWN (searched, never resent here). */
const CHECKABLE_STATES: readonly PayoutState[] = [...IN_FLIGHT_STATES, 'UNKNOWN'];
/** The board: what EnKash may still answer about, and CONFLICT rows waiting for a person. */
export const AGING_STATES: readonly PayoutState[] = [...CHECKABLE_STATES, 'CONFLICT'];

export type AgingBucketKey = 'under1h' | 'under1d' | 'under3d' | 'older';

export const AGING_BUCKETS: readonly { key: AgingBucketKey; label: string; maxAgeMs: number | null }[] = [
  { key: 'under1h', label: 'Under 1 hour', maxAgeMs: 3_600_000 },
  { key: 'under1d', label: '1 hour to 1 day', maxAgeMs: 86_400_000 },
  { key: 'under3d', label: '1 to 3 days', maxAgeMs: 3 * 86_400_000 },
  { key: 'older', label: 'Over 3 days', maxAgeMs: null },
];

export type AgingRow = HistoryRow & { since: string; ageMs: number };

export type AgingBucket = {
  key: AgingBucketKey;
  label: string;
  count: number;
  amountPaise: number;
  byState: Partial<Record<PayoutState, number>>;
  /** The oldest rows of the bucket, up to `rowsPerBucket`. */
  rows: AgingRow[];
};

export type AgingBoard = { asOf: string; buckets: AgingBucket[]; count: number; amountPaise: number };

const SINCE = 'coalesce(p.sent_at, p.created_at)';

/** Bucket bounds for `now`: a row belongs to the first bucket whose bound its start time is after. */
function bounds(now: Date): string[] {
  return AGING_BUCKETS.filter((b) => b.maxAgeMs !== null).map((b) =>
    new Date(now.getTime() - (b.maxAgeMs as number)).toISOString(),
  );
}

type AgingOptions = { now: Date; environment?: string; rowsPerBucket?: number; states?: readonly PayoutState[] };

/** PENDING/PROCESSING/UNKNOWN rows grouped by age (< 1 h, < 1 day, < 3 days, older), with counts and sums. */
export function* agingBoardOps(opts: AgingOptions): Ops<AgingBoard> {
  const states = opts.states ?? AGING_STATES;
  if (states.length === 0) throw new AppError('invalid_input', 'Pick at least one status.', { field: 'states' });
  const perBucket = Math.min(Math.max(opts.rowsPerBucket ?? 50, 0), 1000);
  const [h1, d1, d3] = bounds(opts.now);
  const since = sql.raw(SINCE);
  const join = sql.raw(batchJoin(yield* engine()));
  const where = [sql`p.state IN (${sql.join(states)})`];
  if (opts.environment) where.push(sql`b.environment = ${opts.environment}`);
  // Age < 1 h ⟺ sent after now − 1 h: strictly, so a row exactly one hour old is in the next bucket.
  const grouped = yield* all<{ bucket: AgingBucketKey; state: PayoutState; n: number; paise: number }>(
    q`SELECT CASE WHEN ${since} > ${h1} THEN 'under1h' WHEN ${since} > ${d1} THEN 'under1d'
         WHEN ${since} > ${d3} THEN 'under3d' ELSE 'older' END AS bucket,
       p.state, count(*) AS n, coalesce(sum(p.amount_paise), 0) AS paise
     FROM payouts p ${join} WHERE ${sql.join(where, sql` AND `)} GROUP BY bucket, p.state`,
  );
  const ranges: Record<AgingBucketKey, [string | null, string | null]> = {
    under1h: [h1 ?? null, null],
    under1d: [d1 ?? null, h1 ?? null],
    under3d: [d3 ?? null, d1 ?? null],
    older: [null, d3 ?? null],
  };
  const nowMs = opts.now.getTime();
  const buckets: AgingBucket[] = [];
  for (const def of AGING_BUCKETS) {
    const mine = grouped.filter((g) => g.bucket === def.key);
    const byState: Partial<Record<PayoutState, number>> = {};
    for (const g of mine) byState[g.state] = g.n;
    const [lo, hi] = ranges[def.key];
    const count = mine.reduce((s, g) => s + g.n, 0);
    let rows: AgingRow[] = [];
    if (perBucket > 0 && count > 0) {
      // The bucket's bounds as conditions only when it has them (PostgreSQL cannot type a bare `NULL IS NULL`).
      const inBucket = [...where];
      if (lo !== null) inBucket.push(sql`${since} > ${lo}`);
      if (hi !== null) inBucket.push(sql`${since} <= ${hi}`);
      const raw = yield* all<Parameters<typeof toHistoryRow>[0] & { since: string }>(
        q`SELECT ${sql.raw(HISTORY_COLUMNS)}, ${since} AS since FROM payouts p ${join}
         WHERE ${sql.join(inBucket, sql` AND `)} ORDER BY since, p.id LIMIT ${perBucket}`,
      );
      rows = raw.map((r) => ({
        ...toHistoryRow(r, false),
        since: r.since,
        ageMs: nowMs - new Date(r.since).getTime(),
      }));
    }
    buckets.push({
      key: def.key,
      label: def.label,
      count,
      amountPaise: mine.reduce((s, g) => s + g.paise, 0),
      byState,
      rows,
    });
  }
  return {
    asOf: opts.now.toISOString(),
    buckets,
    count: buckets.reduce((s, b) => s + b.count, 0),
    amountPaise: buckets.reduce((s, b) => s + b.amountPaise, 0),
  };
}

export function agingBoard(db: Db, opts: AgingOptions): AgingBoard {
  return runSqlite(db, agingBoardOps(opts));
}

/**
 * "Check now": makes the chosen waiting rows due at once and runs one reconciler round (Search Payouts at
 * EnKash for them and everything else due). Only rows still PENDING/PROCESSING/UNKNOWN in the current
 * environment are touched; an UNKNOWN row is only ever *searched* here — resending stays the reconciler's
 * decision under its grace-period rule.
 */
/** Makes the given checkable rows of `env` due at `nowIso`, in one transaction; returns how many it touched. */
function* scheduleNowOps(payoutIds: readonly number[], env: string, nowIso: string): Ops<number> {
  return yield* transaction(function* () {
    const join = sql.raw(batchJoin(yield* engine()));
    let scheduled = 0;
    for (const id of payoutIds) {
      const found = yield* get(
        q`SELECT p.id FROM payouts p ${join}
          WHERE p.id = ${id} AND b.environment = ${env} AND p.state IN (${sql.join(CHECKABLE_STATES)})`,
      );
      if (found === undefined) continue;
      yield* recordCheckOps(id, { nextCheckAt: nowIso });
      scheduled++;
    }
    return scheduled;
  });
}

export async function checkRowsNow(
  deps: JournalDeps,
  payoutIds: readonly number[],
): Promise<{ scheduled: number; report: TickReport }> {
  const nowIso = deps.now().toISOString();
  const env = deps.environment();
  const scheduled = await deps.store.run(scheduleNowOps(payoutIds, env, nowIso));
  const report = await reconcileRound(deps);
  return { scheduled, report };
}
