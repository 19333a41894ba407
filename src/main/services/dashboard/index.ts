/** Dashboard figures (issue 6 §3): outcomes per IST day/week, by mode, and the balance trend. SQLite only. */
export { dashboard, balanceTrend, periodSql } from './dashboard';
export type {
  Dashboard,
  DashboardQuery,
  DashboardPeriod,
  BalancePoint,
  Granularity,
  Outcome,
  OutcomeTotals,
} from './dashboard';
