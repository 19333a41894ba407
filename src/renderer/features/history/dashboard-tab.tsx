import { useState } from 'react';
import { DAY_MS, istDateOf } from '../../../shared/domain/ist';
import { OUTCOME_STATES } from '../../../shared/domain/payout-states';
import { call } from '../../api/client';
import { useAsync } from '../../api/use-async';
import { formatPaise } from '../../components/format';
import { Alert, Card, Field, Spinner } from '../../components/ui';
import { BarChart } from './bar-chart';

type Totals = { count: number; amountPaise: number };
type Period = { period: string; outcomes?: Record<string, Totals> };
type Balance = { period: string; lastPaise: number };

const istToday = () => istDateOf(Date.now());
const daysAgo = (n: number) => istDateOf(Date.now() - n * DAY_MS);
const COLORS = ['#1f9d55', '#d64545', '#e8a33d'];

/** Paid amounts per IST day or week, outcomes, modes and the balance trend, all from SQLite. */
export function DashboardTab() {
  const [range, setRange] = useState({ from: daysAgo(29), to: istToday(), granularity: 'day' as 'day' | 'week' });
  const data = useAsync(() => call('dashboard', range), [range.from, range.to, range.granularity]);
  const d = data.data as
    | {
        series: Period[];
        outcomes?: Record<string, Totals>;
        byMode?: Record<string, Record<string, Totals>>;
        balance: Balance[];
      }
    | undefined;
  return (
    <div className="stack">
      <Card title="Dashboard">
        <div className="filters">
          <Field label="From">
            {(id) => (
              <input
                id={id}
                type="date"
                value={range.from}
                onChange={(e) => setRange({ ...range, from: e.target.value })}
              />
            )}
          </Field>
          <Field label="To">
            {(id) => (
              <input
                id={id}
                type="date"
                value={range.to}
                onChange={(e) => setRange({ ...range, to: e.target.value })}
              />
            )}
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
        {data.loading && <Spinner />}
        {data.error && <Alert tone="error">{data.error}</Alert>}
        {d && (
          <div data-testid="dashboard">
            <BarChart
              title="Amount by outcome (IST)"
              names={[...OUTCOME_STATES]}
              colors={COLORS}
              stacks={d.series.map((p) => ({
                label: p.period,
                values: OUTCOME_STATES.map((o) => p.outcomes?.[o]?.amountPaise ?? 0),
              }))}
            />
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
            {d.balance.length > 0 && (
              <BarChart
                title="Balance (last check of each period)"
                names={['balance']}
                colors={['#1f5eff']}
                stacks={d.balance.map((b) => ({ label: b.period, values: [b.lastPaise] }))}
              />
            )}
          </div>
        )}
      </Card>
    </div>
  );
}
