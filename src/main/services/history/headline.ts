import type { MoneyBucket, PayoutState } from '../../../shared/domain/payout-states';
import { MONEY_BUCKET_OF, MONEY_BUCKETS } from '../../../shared/domain/payout-states';
import type { Db } from '../../db/open';
import { all, engine, type Engine, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { payeeSearchOps } from './payee-index';
import { batchJoin, buildWhere, historyQuery, type Built } from './query';
import type { HistoryFilters, Totals } from './types';

/** The history headline: all matches, and the same matches split by what happened to the money. */
export type HistoryHeadline = { total: Totals; buckets: Record<MoneyBucket, Totals> };

/**
 * Count and amount per state of everything `filters` matches, one pass. `GROUP BY +p.state` keeps SQLite from
 * walking the state index just to group (a full-table walk under a selective filter); the filters choose the
 * plan exactly as for the plain total.
 */
export function buildHeadlineQuery(filters: HistoryFilters, engine: Engine = 'sqlite'): Built {
  const where = buildWhere(filters, { forTotal: true }, engine);
  const join = where.needsBatch ? batchJoin(engine) : '';
  return {
    sql: `SELECT p.state AS state, count(*) AS count, coalesce(sum(p.amount_paise), 0) AS "amountPaise"
      FROM payouts p ${join}
      ${where.clauses.length ? `WHERE ${where.clauses.join(' AND ')}` : ''}
      GROUP BY ${engine === 'sqlite' ? '+' : ''}p.state`,
    params: where.params,
    engine,
  };
}

/** Matches per money bucket; money stays integer paise (summed as bigint across states). */
export function* payoutHeadlineOps(filters: HistoryFilters): Ops<HistoryHeadline> {
  if (filters.payee?.trim()) yield* payeeSearchOps(filters.payee);
  const perState = yield* all<{ state: PayoutState; count: number; amountPaise: number }>(
    historyQuery(buildHeadlineQuery(filters, yield* engine())),
  );
  const sums = Object.fromEntries(MONEY_BUCKETS.map((b) => [b, { count: 0, paise: 0n }])) as Record<
    MoneyBucket,
    { count: number; paise: bigint }
  >;
  let count = 0;
  let paise = 0n;
  for (const r of perState) {
    // A state the map does not know cannot be stored (the CHECK constraint); counted as attention if it ever is.
    const bucket = sums[MONEY_BUCKET_OF[r.state] ?? 'attention'];
    bucket.count += r.count;
    bucket.paise += BigInt(r.amountPaise);
    count += r.count;
    paise += BigInt(r.amountPaise);
  }
  const buckets = Object.fromEntries(
    MONEY_BUCKETS.map((b) => [b, { count: sums[b].count, amountPaise: Number(sums[b].paise) }]),
  ) as Record<MoneyBucket, Totals>;
  return { total: { count, amountPaise: Number(paise) }, buckets };
}

export function payoutHeadline(db: Db, filters: HistoryFilters): HistoryHeadline {
  return runSqlite(db, payoutHeadlineOps(filters));
}
