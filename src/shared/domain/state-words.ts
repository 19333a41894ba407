/**
 * How a payout or batch state reads to an accountant, on screens and in main's messages alike. Most payout
 * states are EnKash's own words and read as they are; these would not.
 */
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
