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

/** Words for states whose code alone would not tell the user what to do. */
const LABELS: Record<string, string> = {
  CONFLICT: 'Conflict — needs a person',
  // Batch-only states, in words: "SENT" read as "done" although rows may still wait for the bank (issue 17
  // point 5); what the rows add up to is the batch's outcome label beside it (batch-outcome-badge.tsx).
  SENT: 'All sent',
  CONFIRMED: 'Confirmed',
  PAUSED: 'Paused',
};

export function stateLabel(state: string): string {
  return LABELS[state] ?? state;
}

export function StateBadge(props: { state: string }) {
  return (
    <span className={`badge badge-${TONES[props.state] ?? 'muted'}`} data-state={props.state}>
      {stateLabel(props.state)}
    </span>
  );
}
