import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';

/**
 * UPI VPA `handle@psp`. enkash-api.md gives two patterns (payout: `^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+$`;
 * beneficiary: letters, digits, `.`, `-`, `_`, `@`, with `-` only before `@`). We accept only what both allow,
 * so a VPA that passes here passes on either endpoint. VPAs are case-insensitive; we store lower-case.
 */
const VPA_PATTERN = /^[a-z0-9._-]{1,256}@[a-z0-9.]{2,64}$/;

export type VpaCheck = { value: string | null; problems: Problem[] };

export function checkVpa(raw: string): VpaCheck {
  const value = raw.trim().toLowerCase();
  if (VPA_PATTERN.test(value) && !value.endsWith('.') && !value.includes('@.')) return { value, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'vpa_invalid',
        severity: 'error',
        message: `UPI ID ${quoteValue(raw.trim())} is not valid: expected handle@bank, e.g. ravi.kumar@okhdfcbank.`,
      },
    ],
  };
}
