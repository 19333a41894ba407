/**
 * Words for accountants (issue 17 point 9): what the journal's audit actions mean, said as a person would.
 * The actions are the journal's own names (main/services/journal, reconcile); an action added later without
 * words here is still shown readably ("auto-pause" → "Auto pause"), never as a code with an arrow.
 */
const ACTION_WORDS: Record<string, string> = {
  stage: 'Taken from the sheet',
  edit: 'Details edited',
  exclude: 'Left out of the batch',
  confirm: 'Confirmed (batch total typed)',
  start: 'Sending started',
  result: 'EnKash answered',
  poll: 'Status checked with EnKash',
  search: 'Looked up at EnKash',
  unknown: 'No clear answer from EnKash yet: it will be looked up, never paid twice',
  startup: 'Checked again after the app restarted',
  'not-sent': 'Not sent: the request never reached EnKash',
  'no-amount': 'EnKash answered without an amount',
  'result-missing': 'EnKash’s answer did not mention this payout',
  'resend-refused': 'EnKash refused the resend',
  refused: 'Refused by EnKash',
  'payee-refused': 'EnKash refused to register the payee',
  conflict: 'EnKash holds a different payout under this ID',
  settle: 'Settled by a person',
  resubmit: 'Sent again after a fix',
  'retry-of': 'Retried as a new payout',
  cancel: 'Cancelled',
  pause: 'Paused',
  resume: 'Resumed',
  'auto-pause': 'Paused automatically',
  'all-sent': 'Every row sent',
  dropped: 'Dropped',
  deny: 'Refused',
};

/** The words for an audit action ("poll" → "Status checked with EnKash"). */
export function actionWords(action: unknown): string {
  const a = String(action ?? '');
  if (ACTION_WORDS[a]) return ACTION_WORDS[a];
  const plain = a.replace(/[-_]+/g, ' ').trim();
  return plain ? plain[0]!.toUpperCase() + plain.slice(1) : 'Recorded';
}
