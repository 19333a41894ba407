import { useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { OUTCOME_STATES } from '../../../shared/domain/payout-states';
import { formatIstForScreen, formatPaise } from '../../components/format';
import { axisRupees, periodLabel, periodTick, timeTick } from './chart-format';

type Totals = { count: number; amountPaise: number };
export type OutcomePeriod = { period: string; outcomes?: Record<string, Totals> };
export type BalanceCheck = { at: string; balancePaise: number };

const COLOR_VARS = {
  SUCCESS: '--chart-paid',
  FAILED: '--chart-failed',
  REVERSED: '--chart-reversed',
  balance: '--chart-balance',
  grid: '--chart-grid',
  axis: '--chart-axis',
} as const;
type ChartColors = Record<keyof typeof COLOR_VARS, string>;

function readColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  return Object.fromEntries(
    Object.entries(COLOR_VARS).map(([k, v]) => [k, css.getPropertyValue(v).trim() || 'currentColor']),
  ) as ChartColors;
}

/**
 * The chart colours come from the stylesheet's variables (light or dark, following the OS) and are re-read when
 * the OS switches: SVG presentation attributes and the legend swatches need real colours, not `var()`.
 */
function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readColors);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setColors(readColors());
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return colors;
}

const LABELS: Record<string, string> = { SUCCESS: 'Paid', FAILED: 'Failed', REVERSED: 'Reversed' };

function OutcomeTooltip(props: TooltipContentProps) {
  if (!props.active || !props.payload?.length) return null;
  const row = props.payload[0]?.payload as { period: string; outcomes?: Record<string, Totals> };
  return (
    <div className="chart-tooltip">
      <b>{periodLabel(row.period)}</b>
      {OUTCOME_STATES.map((o) => (
        <div key={o}>
          {LABELS[o]}: {formatPaise(row.outcomes?.[o]?.amountPaise ?? 0)} ({row.outcomes?.[o]?.count ?? 0})
        </div>
      ))}
    </div>
  );
}

/** Paid, failed and reversed amounts per IST day or week, stacked; one period is shown as plain figures. */
export function OutcomeChart(props: { series: OutcomePeriod[]; title: string }) {
  const colors = useChartColors();
  // One flat number per bar: recharts reads plain keys, and the tooltip still has the counts in `outcomes`.
  const data = props.series.map((p) => ({
    ...Object.fromEntries(OUTCOME_STATES.map((o) => [o, p.outcomes?.[o]?.amountPaise ?? 0])),
    period: p.period,
    outcomes: p.outcomes ?? {},
  }));
  if (data.length === 1) {
    const only = data[0]!;
    return (
      <figure className="chart-figure" data-testid="outcome-chart">
        <figcaption className="chart-title">
          {props.title} — {periodLabel(only.period)}
        </figcaption>
        <dl className="kv single-values" data-testid="outcome-single">
          {OUTCOME_STATES.map((o) => (
            <div key={o} className="single-value">
              <dt>{LABELS[o]}</dt>
              <dd>
                {formatPaise(only.outcomes[o]?.amountPaise ?? 0)} ({only.outcomes[o]?.count ?? 0})
              </dd>
            </div>
          ))}
        </dl>
      </figure>
    );
  }
  return (
    <figure className="chart-figure" data-testid="outcome-chart">
      <figcaption className="chart-title">{props.title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 12 }} title={props.title}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis
            dataKey="period"
            tickFormatter={periodTick}
            stroke={colors.axis}
            tick={{ fill: colors.axis }}
            minTickGap={12}
          />
          <YAxis
            tickFormatter={axisRupees}
            allowDecimals={false}
            stroke={colors.axis}
            tick={{ fill: colors.axis }}
            width={96}
          />
          <Tooltip content={OutcomeTooltip} cursor={{ fill: colors.grid }} />
          <Legend itemSorter={null} formatter={(v: string) => <span className="chart-legend-text">{v}</span>} />
          {OUTCOME_STATES.map((o) => (
            <Bar key={o} dataKey={o} name={LABELS[o]} stackId="outcomes" fill={colors[o]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function BalanceTooltip(props: TooltipContentProps) {
  if (!props.active || !props.payload?.length) return null;
  const point = props.payload[0]?.payload as { at: string; balancePaise: number };
  return (
    <div className="chart-tooltip">
      <b>{formatIstForScreen(point.at)}</b>
      <div>Balance: {formatPaise(point.balancePaise)}</div>
    </div>
  );
}

const TWO_DAYS_MS = 2 * 86_400_000;

/** The EnKash balance over time, one point per recorded balance check; a single check is shown as a figure. */
export function BalanceLine(props: { checks: BalanceCheck[] }) {
  const colors = useChartColors();
  const title = 'Balance over time (each recorded balance check)';
  if (props.checks.length === 0) {
    return (
      <figure className="chart-figure" data-testid="balance-line">
        <figcaption className="chart-title">{title}</figcaption>
        <p className="muted">No balance was checked in this range.</p>
      </figure>
    );
  }
  const last = props.checks.at(-1)!;
  if (props.checks.length === 1) {
    return (
      <figure className="chart-figure" data-testid="balance-line">
        <figcaption className="chart-title">{title}</figcaption>
        <p className="single-balance" data-testid="balance-single">
          <span className="big-number">{formatPaise(last.balancePaise)}</span>{' '}
          <span className="muted">checked {formatIstForScreen(last.at)}</span>
        </p>
      </figure>
    );
  }
  const data = props.checks.map((c) => ({ ...c, t: Date.parse(c.at) }));
  const short = data.at(-1)!.t - data[0]!.t < TWO_DAYS_MS;
  return (
    <figure className="chart-figure" data-testid="balance-line">
      <figcaption className="chart-title">
        {title} — last {formatPaise(last.balancePaise)} at {formatIstForScreen(last.at)}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 12 }} title={title}>
          <CartesianGrid stroke={colors.grid} vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => timeTick(ms, short)}
            stroke={colors.axis}
            tick={{ fill: colors.axis }}
            minTickGap={16}
          />
          <YAxis
            tickFormatter={axisRupees}
            allowDecimals={false}
            domain={['auto', 'auto']}
            stroke={colors.axis}
            tick={{ fill: colors.axis }}
            width={110}
          />
          <Tooltip content={BalanceTooltip} />
          <Line
            dataKey="balancePaise"
            name="Balance"
            stroke={colors.balance}
            strokeWidth={2}
            dot={{ r: 3, fill: colors.balance }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
