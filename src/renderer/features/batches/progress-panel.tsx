import type { BatchProgressView } from '../../../shared/ipc/contracts/batches';
import { formatPaise } from '../../components/format';

function eta(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}

/** Where a batch stands, from SQLite: the same numbers after a reload, a crash or on another screen. */
export function ProgressPanel(props: { progress: BatchProgressView }) {
  const p = props.progress;
  const settled = p.rowCount - p.remaining - p.unknown;
  const pct = p.rowCount ? Math.round((settled / p.rowCount) * 100) : 0;
  return (
    <div className="batch-progress" data-testid="batch-progress">
      <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="progress-numbers">
        <b data-testid="progress-pct">{pct}%</b> · {p.sent} sent · {p.accepted} accepted · {p.succeeded} succeeded ·{' '}
        {p.rejected} rejected · {p.failed} failed · {p.unknown} awaiting confirmation ·{' '}
        {p.conflict > 0 ? `${p.conflict} in conflict (needs a person) · ` : ''}
        {p.remaining} not sent
        {p.cancelled ? ` · ${p.cancelled} cancelled` : ''}
      </p>
      <p className="muted">
        {formatPaise(p.amountSentPaise)} sent of {formatPaise(p.totalPaise)} · {formatPaise(p.amountSucceededPaise)}{' '}
        credited {eta(p.etaMs) && `· ${eta(p.etaMs)}`}
      </p>
      {p.lastError && <p className="field-error">{p.lastError}</p>}
    </div>
  );
}
