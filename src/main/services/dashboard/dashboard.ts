import { AppError } from '../../../shared/domain/errors';
import { TRANSFER_MODES, type TransferMode } from '../../../shared/domain/payout';
import { OUTCOME_STATES } from '../../../shared/domain/payout-states';
import { sql } from 'kysely';
import type { Db } from '../../db/open';
import { all, engine, q, type Engine, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { sqlInList } from '../../db/sql-in';
import { addDays, IST_OFFSET_MINUTES, istRange, istWeekStart, SQL_IST } from '../../../shared/domain/ist';
import type { Totals } from '../history/types';

/**
 * Dashboard figures: outcomes per IST day or week (Monday-start), by mode, and the balance trend from recorded
 * balance checks. Every sum is an integer sum of paise done in SQL; periods are IST calendar days, so a
 * payout that succeeded at 00:10 IST on the 2nd (18:40 UTC on the 1st) counts on the 2nd, as the accountant
 * expects. Outcomes are dated by when they became final (`final_at`): a reversal counts on the day of the
 * reversal.
 */

export type Granularity = 'day' | 'week';
export type Outcome = (typeof OUTCOME_STATES)[number];

export type DashboardQuery = {
  /** IST day, inclusive. */
  from: string;
  /** IST day, inclusive. */
  to: string;
  granularity: Granularity;
  /** Strongly advised: Sandbox and Production money should not be added up. Balance needs it. */
  environment?: string;
};

export type OutcomeTotals = Record<Outcome, Totals>;

export type DashboardPeriod = {
  /** YYYY-MM-DD: the IST day, or the Monday starting the IST week. */
  period: string;
  outcomes: OutcomeTotals;
  /** Paid (SUCCESS) per mode. */
  paidByMode: Record<TransferMode, Totals>;
};

export type BalancePoint = {
  period: string;
  /** The last balance recorded in the period, and when. */
  lastPaise: number;
  lastAt: string;
  minPaise: number;
  maxPaise: number;
  checks: number;
};

/** One recorded balance check: a point of the balance line. */
export type BalanceCheckPoint = { at: string; balancePaise: number };

export type Dashboard = {
  from: string;
  to: string;
  granularity: Granularity;
  environment: string | null;
  /** Every period of the range, empty ones included (a chart needs the gaps). */
  series: DashboardPeriod[];
  outcomes: OutcomeTotals;
  byMode: Record<TransferMode, OutcomeTotals>;
  /** Periods with at least one balance check (empty without an environment). */
  balance: BalancePoint[];
  /** Every balance check in the range, oldest first (the most recent BALANCE_LINE_MAX of them). */
  balanceLine: BalanceCheckPoint[];
};

const MAX_DAYS = 3 * 366;

function zero(): Totals {
  return { count: 0, amountPaise: 0 };
}
function zeroOutcomes(): OutcomeTotals {
  return { SUCCESS: zero(), FAILED: zero(), REVERSED: zero() };
}
function zeroModes<T>(make: () => T): Record<TransferMode, T> {
  return Object.fromEntries(TRANSFER_MODES.map((m) => [m, make()])) as Record<TransferMode, T>;
}

/** The SQL expression for a UTC ISO column's IST period, on either engine. */
export function periodSql(column: string, granularity: Granularity, on: Engine = 'sqlite'): string {
  if (on === 'pg') {
    // The instant as IST wall-clock time; date_trunc('week') lands on the Monday that starts the ISO week.
    const ist = `((${column})::timestamptz AT TIME ZONE 'UTC' + interval '${IST_OFFSET_MINUTES} minutes')`;
    return granularity === 'day'
      ? `to_char(${ist}, 'YYYY-MM-DD')`
      : `to_char(date_trunc('week', ${ist}), 'YYYY-MM-DD')`;
  }
  // 'weekday 1' moves forward to the next Monday (or stays on one); going back 6 days first lands on the
  // Monday that starts the week.
  return granularity === 'day' ? `date(${column}, ${SQL_IST})` : `date(${column}, ${SQL_IST}, '-6 days', 'weekday 1')`;
}

function periodsOf(from: string, to: string, granularity: Granularity): string[] {
  const out: string[] = [];
  let p = granularity === 'day' ? from : istWeekStart(from);
  const step = granularity === 'day' ? 1 : 7;
  while (p <= to) {
    out.push(p);
    p = addDays(p, step);
  }
  return out;
}

/** Dashboard figures for IST days `from` … `to`, on either engine. */
export function* dashboardOps(dq: DashboardQuery): Ops<Dashboard> {
  if (dq.granularity !== 'day' && dq.granularity !== 'week') {
    throw new AppError('invalid_input', 'Granularity is day or week.', { field: 'granularity' });
  }
  const range = istRange(dq.from, dq.to);
  const start = range.start as string;
  const end = range.end as string;
  if (Date.parse(end) - Date.parse(start) > MAX_DAYS * 86_400_000) {
    throw new AppError('invalid_input', 'Pick a range of at most three years.', { field: 'to' });
  }
  const on = yield* engine();
  const env = dq.environment?.trim() || null;
  const envJoin = sql.raw(env ? `${on === 'sqlite' ? 'CROSS JOIN' : 'JOIN'} batches b ON b.id = p.batch_id` : '');
  const envWhere = env ? sql`AND b.environment = ${env}` : sql``;
  const period = sql.raw(periodSql('p.final_at', dq.granularity, on));
  // The date range drives (payouts_final); `+state` stops SQLite from walking every SUCCESS row ever instead
  // (PostgreSQL has no unary + for text, nor the need).
  const state = sql.raw(on === 'sqlite' ? '+p.state' : 'p.state');
  const groups = yield* all<{ period: string; state: Outcome; mode: TransferMode; count: number; amountPaise: number }>(
    q`SELECT ${period} AS period, p.state, p.mode, count(*) AS count, sum(p.amount_paise) AS "amountPaise"
       FROM payouts p ${envJoin}
       WHERE p.final_at >= ${start} AND p.final_at < ${end} AND ${state} IN (${sql.raw(sqlInList(OUTCOME_STATES))}) ${envWhere}
       GROUP BY period, p.state, p.mode`,
  );

  const series = new Map<string, DashboardPeriod>();
  for (const p of periodsOf(dq.from, dq.to, dq.granularity)) {
    series.set(p, { period: p, outcomes: zeroOutcomes(), paidByMode: zeroModes(zero) });
  }
  const outcomes = zeroOutcomes();
  const byMode = zeroModes(zeroOutcomes);
  const add = (t: Totals, g: Totals) => {
    t.count += g.count;
    t.amountPaise += g.amountPaise;
  };
  for (const g of groups) {
    if (!OUTCOME_STATES.includes(g.state)) continue;
    const s = series.get(g.period);
    if (s) {
      add(s.outcomes[g.state], g);
      if (g.state === 'SUCCESS' && s.paidByMode[g.mode]) add(s.paidByMode[g.mode], g);
    }
    add(outcomes[g.state], g);
    if (byMode[g.mode]) add(byMode[g.mode][g.state], g);
  }

  const balance = env ? yield* balanceTrendOps(env, start, end, dq.granularity) : [];
  const line = env ? yield* balanceLineOps(env, start, end) : [];
  return {
    from: dq.from,
    to: dq.to,
    granularity: dq.granularity,
    environment: env,
    series: [...series.values()],
    outcomes,
    byMode,
    balance,
    balanceLine: line,
  };
}

export function dashboard(db: Db, dq: DashboardQuery): Dashboard {
  return runSqlite(db, dashboardOps(dq));
}

/** More points than this are no longer readable as a line on one panel; the newest ones matter most. */
export const BALANCE_LINE_MAX = 1_000;

/** The balance over time: each recorded Get Balance in [start, end), oldest first. */
function* balanceLineOps(environment: string, start: string, end: string): Ops<BalanceCheckPoint[]> {
  const rows = yield* all<BalanceCheckPoint>(
    q`SELECT checked_at AS at, balance_paise AS "balancePaise" FROM balance_checks
       WHERE environment = ${environment} AND checked_at >= ${start} AND checked_at < ${end}
       ORDER BY checked_at DESC, id DESC LIMIT ${BALANCE_LINE_MAX}`,
  );
  return rows.reverse();
}

/** The balance per period from `balance_checks` (every Get Balance the app made): last, min, max. */
function* balanceTrendOps(
  environment: string,
  start: string,
  end: string,
  granularity: Granularity,
): Ops<BalancePoint[]> {
  const period = sql.raw(periodSql('checked_at', granularity, yield* engine()));
  // Quoted names throughout: the outer query reads the inner one's aliases, and PostgreSQL folds unquoted ones.
  return yield* all<BalancePoint>(
    q`SELECT period, balance_paise AS "lastPaise", checked_at AS "lastAt", "minPaise", "maxPaise", checks FROM (
         SELECT ${period} AS period, balance_paise, checked_at,
           row_number() OVER (PARTITION BY ${period} ORDER BY checked_at DESC, id DESC) AS rn,
           min(balance_paise) OVER (PARTITION BY ${period}) AS "minPaise",
           max(balance_paise) OVER (PARTITION BY ${period}) AS "maxPaise",
           count(*) OVER (PARTITION BY ${period}) AS checks
         FROM balance_checks
         WHERE environment = ${environment} AND checked_at >= ${start} AND checked_at < ${end}) AS per_period
       WHERE rn = 1 ORDER BY period`,
  );
}
