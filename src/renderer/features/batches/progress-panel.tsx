import type { BatchProgressView } from '../../../shared/ipc/contracts/batches';
import { formatPaise } from '../../components/format';
import { focusWhenLost } from '../../components/focus-when-lost';
import { BatchOutcomeBadge, failureText, outcomeOf } from './batch-outcome-badge';
import { ProgressBar } from '../../components/progress-bar';

function eta(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);

/**
 * Where a batch stands, from SQLite: the same numbers after a reload, a crash or on another screen. "Sent to
 * EnKash" and "Settled" are two bars on purpose: every request having left says nothing about anyone being paid.
 */
export function ProgressPanel(props: { progress: BatchProgressView }) {
  const p = props.progress;
  const view = outcomeOf(p);
  const sentPct = percent(view.sentRows, view.countedRows);
  const settledPct = percent(view.settledRows, view.countedRows);
  const failures = failureText(view.failures);
  const inFlight = (p.byState.PENDING ?? 0) + (p.byState.PROCESSING ?? 0);
  return (
    <div className="batch-progress" data-testid="batch-progress" ref={focusWhenLost} tabIndex={-1}>
      <p>
        <BatchOutcomeBadge view={view} />
      </p>
      <p className="progress-label" data-testid="sent-to-enkash">
        <b data-testid="progress-pct">{sentPct}%</b> Sent to EnKash: {view.sentRows} of {view.countedRows}
        {p.remaining > 0 ? ` · ${p.remaining} not sent yet` : ''}
      </p>
      <ProgressBar label="Sent to EnKash" percent={sentPct} />
      <p className="progress-label" data-testid="settled">
        <b>{settledPct}%</b> Settled: {view.settledRows} of {view.countedRows} · {p.succeeded} paid
        {failures ? ` · ${failures}` : ''}
        {inFlight > 0 ? ` · ${inFlight} waiting for the bank` : ''}
      </p>
      <ProgressBar label="Settled" percent={settledPct} />
      <p className="progress-numbers">
        {p.unknown > 0 ? `${p.unknown} awaiting confirmation from EnKash · ` : ''}
        {p.conflict > 0 ? `${p.conflict} in conflict (needs a person) · ` : ''}
        {p.cancelled ? `${p.cancelled} cancelled` : ''}
      </p>
      <p className="muted">
        {formatPaise(p.amountSentPaise)} sent of {formatPaise(p.totalPaise)} · {formatPaise(p.amountSucceededPaise)}{' '}
        credited {eta(p.etaMs) && `· ${eta(p.etaMs)}`}
      </p>
      {p.lastError && <p className="field-error">{p.lastError}</p>}
    </div>
  );
}
