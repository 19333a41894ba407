import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { DAY_MS, istDateOf } from '../../../shared/domain/ist';
import { OUTCOME_STATES } from '../../../shared/domain/payout-states';
import { errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { DateInput } from '../../components/date-input';
import { formatPaise } from '../../components/format';
import { Alert, Card, Field, Spinner } from '../../components/ui';
import { BalanceLine, OutcomeChart, type BalanceCheck, type OutcomePeriod } from './dashboard-charts';

type Totals = { count: number; amountPaise: number };

const istToday = () => istDateOf(Date.now());
const daysAgo = (n: number) => istDateOf(Date.now() - n * DAY_MS);

/** Paid amounts per IST day or week, outcomes, modes and the balance trend, all from SQLite. */
export function DashboardTab() {
  const [range, setRange] = useState({ from: daysAgo(29), to: istToday(), granularity: 'day' as 'day' | 'week' });
  // The last chart stays up while another range loads.
  const data = useCommandQuery('dashboard', range, { placeholderData: keepPreviousData });
  const d = data.data as
    | {
        series: OutcomePeriod[];
        outcomes?: Record<string, Totals>;
        byMode?: Record<string, Record<string, Totals>>;
        balanceLine?: BalanceCheck[];
      }
    | undefined;
  return (
    <div className="stack">
      <Card title="Dashboard">
        <div className="filters">
          <Field label="From">
            {(id) => <DateInput id={id} value={range.from} onChange={(from) => setRange((r) => ({ ...r, from }))} />}
          </Field>
          <Field label="To">
            {(id) => <DateInput id={id} value={range.to} onChange={(to) => setRange((r) => ({ ...r, to }))} />}
          </Field>
          <Field label="Per">
            {(id) => (
              <select
                id={id}
                value={range.granularity}
                onChange={(e) => setRange({ ...range, granularity: e.target.value as 'day' | 'week' })}
              >
                <option value="day">day</option>
                <option value="week">week</option>
              </select>
            )}
          </Field>
        </div>
        {data.isFetching && <Spinner />}
        {data.error && <Alert tone="error">{errorMessage(data.error)}</Alert>}
        {d && (
          <div data-testid="dashboard">
            <OutcomeChart title={`Amount by outcome per ${range.granularity} (IST)`} series={d.series} />
            <table className="data compact">
              <thead>
                <tr>
                  <th>Mode</th>
                  {OUTCOME_STATES.map((o) => (
                    <th key={o} className="num">
                      {o}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Object.entries(d.byMode ?? {}).map(([mode, t]) => (
                  <tr key={mode}>
                    <td>{mode}</td>
                    {OUTCOME_STATES.map((o) => (
                      <td key={o} className="num">
                        {t[o]?.count ?? 0} · {formatPaise(t[o]?.amountPaise ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <td>
                    <b>All</b>
                  </td>
                  {OUTCOME_STATES.map((o) => (
                    <td key={o} className="num">
                      <b>
                        {d.outcomes?.[o]?.count ?? 0} · {formatPaise(d.outcomes?.[o]?.amountPaise ?? 0)}
                      </b>
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
            <BalanceLine checks={d.balanceLine ?? []} />
          </div>
        )}
      </Card>
    </div>
  );
}
