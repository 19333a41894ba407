import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';

/**
 * A user-supplied transactionId. EnKash's allowed length and characters are undocumented (enkash-api.md §15.13),
 * so we accept only the safe set: 1–30 letters or digits. It is the idempotency key, so it must be unique.
 */
export const TRANSACTION_ID_PATTERN = /^[A-Za-z0-9]{1,30}$/;

export type TransactionIdCheck = { value: string | null; problems: Problem[] };

export function checkTransactionId(raw: string): TransactionIdCheck {
  const value = raw.trim();
  if (TRANSACTION_ID_PATTERN.test(value)) return { value, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'transaction_id_invalid',
        severity: 'error',
        message: `Transaction ID ${quoteValue(value)} must be 1 to 30 letters or digits (no spaces or symbols).`,
      },
    ],
  };
}

/** Key under which two transaction ids count as the same: EnKash may compare case-insensitively, so we do too. */
export function transactionIdKey(value: string): string {
  return value.toUpperCase();
}
