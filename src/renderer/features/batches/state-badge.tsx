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
  REJECTED: 'bad',
  FAILED: 'bad',
  REVERSED: 'bad',
  CANCELLED: 'muted',
};

export function StateBadge(props: { state: string }) {
  return <span className={`badge badge-${TONES[props.state] ?? 'muted'}`}>{props.state}</span>;
}
