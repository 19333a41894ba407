import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

/**
 * UPI VPA `handle@psp`, by the rule book: only what both of enkash-api.md's patterns allow, so a VPA that passes
 * here passes on either endpoint. VPAs are case-insensitive; we store lower-case.
 */
export type VpaCheck = { value: string | null; problems: Problem[] };

export function checkVpa(raw: string): VpaCheck {
  const value = raw.trim().toLowerCase();
  if (ENKASH_FIELDS.vpa.pattern.test(value)) return { value, problems: [] };
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
