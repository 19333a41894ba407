/** Dashboard figures (issue 6 §3): outcomes per IST day/week, by mode, and the balance trend, on either engine. */
export { dashboard, dashboardOps, periodSql, BALANCE_LINE_MAX } from './dashboard';
export type {
  Dashboard,
  DashboardQuery,
  DashboardPeriod,
  BalancePoint,
  BalanceCheckPoint,
  Granularity,
  Outcome,
  OutcomeTotals,
} from './dashboard';
