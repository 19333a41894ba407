import { stateLabel } from '../../../shared/domain/state-words';

const TONES: Record<string, string> = {
  SUCCESS: 'ok',
  SENT: 'ok',
  PENDING: 'info',
  PROCESSING: 'info',
  SENDING: 'info',
  CONFIRMED: 'info',
  READY: 'muted',
  DRAFT: 'muted',
  PAUSED: 'warn',
  UNKNOWN: 'warn',
  // EnKash holds a different payout under our id: never paid in our books until a person decides.
  CONFLICT: 'bad',
  REJECTED: 'bad',
  FAILED: 'bad',
  REVERSED: 'bad',
  CANCELLED: 'muted',
};

export function StateBadge(props: { state: string }) {
  return (
    <span className={`badge badge-${TONES[props.state] ?? 'muted'}`} data-state={props.state}>
      {stateLabel(props.state)}
    </span>
  );
}
