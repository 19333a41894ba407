import { formatPaise } from '../../components/format';

export type Stack = { label: string; values: number[] };

/**
 * A small stacked bar chart in SVG (no chart library: a few rectangles are easier to keep inside the CSP and
 * to read in a screenshot). Values are paise; the axis shows the largest bar in rupees.
 */
export function BarChart(props: { stacks: Stack[]; colors: string[]; names: string[]; title: string }) {
  const width = 720;
  const height = 200;
  const pad = 24;
  const max = Math.max(1, ...props.stacks.map((s) => s.values.reduce((a, b) => a + b, 0)));
  const barW = Math.max(2, (width - pad * 2) / Math.max(1, props.stacks.length) - 4);
  return (
    <figure>
      <figcaption className="legend">
        <b>{props.title}</b>
        {props.names.map((n, i) => (
          <span key={n}>
            <i style={{ background: props.colors[i] }} />
            {n}
          </span>
        ))}
        <span className="muted">max {formatPaise(max)}</span>
      </figcaption>
      <svg className="chart" viewBox={`0 0 ${width} ${height + pad}`} role="img" aria-label={props.title}>
        {props.stacks.map((s, i) => {
          const x = pad + i * (barW + 4);
          let y = height;
          return (
            <g key={s.label}>
              {s.values.map((v, j) => {
                const h = (v / max) * (height - pad);
                y -= h;
                return <rect key={j} x={x} y={y} width={barW} height={h} fill={props.colors[j]} />;
              })}
              {(props.stacks.length <= 16 || i % Math.ceil(props.stacks.length / 16) === 0) && (
                <text x={x} y={height + 14}>
                  {s.label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={pad} x2={width - pad} y1={height} y2={height} stroke="#c5cdd8" />
      </svg>
    </figure>
  );
}
