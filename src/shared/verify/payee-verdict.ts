/**
 * The one vocabulary for payee verification, used by the name matcher, the import grid, pre-flight and the CLI.
 * The first three come from comparing names; the other three say why there is no comparison.
 */
export const PAYEE_VERDICTS = ['match', 'partial', 'mismatch', 'failed', 'skipped', 'unverified'] as const;

export type PayeeVerdict = (typeof PAYEE_VERDICTS)[number];

/** The verdicts a name comparison can give (the rest are set by the verification flow). */
export type NameVerdict = Extract<PayeeVerdict, 'match' | 'partial' | 'mismatch'>;

export type PayeeVerdictInfo = { label: string; explanation: string };

/** Short grid label and a one-line explanation an accountant reads in a tooltip or report. */
export const PAYEE_VERDICT_INFO: Record<PayeeVerdict, PayeeVerdictInfo> = {
  match: { label: 'Match', explanation: 'The name the bank holds for this account is the payee name in the sheet.' },
  partial: {
    label: 'Partial match',
    explanation: 'The bank name is close to the sheet name but not the same (a word missing or spelt differently).',
  },
  mismatch: {
    label: 'Mismatch',
    explanation: 'The bank holds a different name for this account: it may belong to someone else.',
  },
  failed: { label: 'Not verified', explanation: 'The bank could not verify this account, so no name was returned.' },
  skipped: { label: 'Skipped', explanation: 'A UPI payment: there is no bank account to check.' },
  unverified: { label: 'Not checked', explanation: 'This payee has not been checked yet.' },
};

export function isPayeeVerdict(value: unknown): value is PayeeVerdict {
  return typeof value === 'string' && (PAYEE_VERDICTS as readonly string[]).includes(value);
}
