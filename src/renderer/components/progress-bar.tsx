/**
 * A labelled progress bar. The progressbar role is what lets a screen reader announce the value (and what makes
 * an aria-label allowed on the element at all: axe refuses one on a plain div).
 */
export function ProgressBar(props: { label: string; percent: number }) {
  const percent = Math.max(0, Math.min(100, Math.round(props.percent)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuenow={percent}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
