import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

/**
 * A user-supplied transactionId, checked against the rule book (1–30 letters or digits; see enkash-fields.ts for
 * why). It is the idempotency key, so it must be unique.
 */
export const TRANSACTION_ID_PATTERN = ENKASH_FIELDS.transactionId.pattern;

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
        message: `Transaction ID ${quoteValue(value)} must be ${ENKASH_FIELDS.transactionId.hint} (no spaces or symbols).`,
      },
    ],
  };
}

/**
 * True exactly when TRANSACTION_ID_PATTERN (1–30 ASCII letters or digits) accepts text[start, end): the sheet's
 * plain rows test it in place (sheet/plain-rows.ts). `max` lets the beneficiary id (1–50, same characters) share it.
 */
export function isAsciiAlnum(text: string, start: number, end: number, max = ENKASH_FIELDS.transactionId.max): boolean {
  const n = end - start;
  if (n < 1 || n > max) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** Key under which two transaction ids count as the same: EnKash may compare case-insensitively, so we do too. */
export function transactionIdKey(value: string): string {
  return value.toUpperCase();
}
