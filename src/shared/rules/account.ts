import type { Problem } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

// Module constants, not literals in the functions: a literal is a new RegExp object on every cell.
const SPACES = /\s+/g;
const ANY_SPACE = /\s/;
const USUAL_DIGITS = /^\d{9,18}$/;

/**
 * Bank account numbers. The rule book's length and characters decide validity (6–35 letters/digits; see
 * enkash-fields.ts); Indian banks issue 9–18 digits, so anything else valid is allowed but flagged. Spaces are
 * removed ("1234 5678 9012" is how people copy them from passbooks).
 * Messages never echo the account number (PII in logs and CLI output).
 */
export type AccountCheck = { value: string | null; problems: Problem[] };

export function normaliseAccount(raw: string): string {
  // Tested first: the replace copies the string even when there is no space to remove.
  return (ANY_SPACE.test(raw) ? raw.replace(SPACES, '') : raw).toUpperCase();
}

/**
 * True exactly when `checkAccount(text)` accepts `text` as it is with no warning: 9–18 ASCII digits, the usual
 * Indian account. A character loop for the clean row of a big sheet (issue 15); anything else takes checkAccount.
 * `start`/`end`: test text[start, end) in place (the sheet's plain rows, sheet/plain-rows.ts), no substring.
 */
export function isCleanAccount(text: string, start = 0, end = text.length): boolean {
  const n = end - start;
  if (n < 9 || n > 18) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function checkAccount(raw: string): AccountCheck {
  const value = normaliseAccount(raw);
  const { pattern, min, max } = ENKASH_FIELDS.accountNumber;
  if (!pattern.test(value)) {
    const why = /[^A-Z0-9]/.test(value)
      ? 'it may contain only letters and digits (no dashes, dots or slashes)'
      : `it has ${value.length} characters; it must have ${min} to ${max}`;
    return {
      value: null,
      problems: [{ code: 'account_invalid', severity: 'error', message: `Account number is not valid: ${why}.` }],
    };
  }
  if (!USUAL_DIGITS.test(value)) {
    const why = /\D/.test(value) ? 'it contains letters' : `it has ${value.length} digits`;
    return {
      value,
      problems: [
        {
          code: 'account_unusual',
          severity: 'warning',
          message: `Account number looks unusual (${why}; Indian bank accounts usually have 9 to 18 digits). Check it.`,
        },
      ],
    };
  }
  return { value, problems: [] };
}
