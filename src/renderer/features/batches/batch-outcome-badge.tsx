import {
  batchOutcome,
  type BatchFailureCounts,
  type BatchOutcome,
  type BatchOutcomeView,
} from '../../../shared/domain/batch-outcome';
import type { BatchProgressView } from '../../../shared/ipc/contracts/batches';
import { ENVIRONMENT_LABELS } from '../shell/environment-badge';

const TONES: Record<BatchOutcome, string> = {
  notSent: 'muted',
  inProgress: 'info',
  needsAttention: 'warn',
  completed: 'ok',
  completedWithFailures: 'bad',
  cancelled: 'muted',
};

/** The one derivation both the batches list and the batch detail use (shared/domain/batch-outcome.ts). */
export function outcomeOf(progress: Pick<BatchProgressView, 'state' | 'byState'>): BatchOutcomeView {
  return batchOutcome(progress.state, progress.byState);
}

/** "Sandbox", "Production" … for a batch's stored environment code (kept as it is if unknown). */
export function environmentName(environment: string): string {
  return (ENVIRONMENT_LABELS as Record<string, string>)[environment] ?? environment;
}

/** "1 rejected · 2 failed", or '' when nothing failed. */
export function failureText(f: BatchFailureCounts): string {
  return [
    f.rejected ? `${f.rejected} rejected` : '',
    f.failed ? `${f.failed} failed` : '',
    f.reversed ? `${f.reversed} reversed` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function BatchOutcomeBadge(props: { view: BatchOutcomeView }) {
  return (
    <span
      className={`badge badge-${TONES[props.view.outcome]}`}
      data-testid="batch-outcome"
      data-outcome={props.view.outcome}
    >
      {props.view.label}
    </span>
  );
}
