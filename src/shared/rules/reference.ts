import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

/**
 * The payout `reference` (your own invoice or voucher number). EnKash documents no format; the rule book allows
 * what invoice numbers usually contain, and the EnKash client reads the same rule, so a sheet that passes here is
 * never refused at staging.
 */
export const REFERENCE_PATTERN = ENKASH_FIELDS.reference.pattern;

export function checkReference(raw: string): { value: string | null; problems: Problem[] } {
  const value = raw.replace(/\s+/g, ' ').trim();
  if (REFERENCE_PATTERN.test(value)) return { value, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'reference_invalid',
        severity: 'error',
        message: `Reference ${quoteValue(value)} must be ${ENKASH_FIELDS.reference.hint} characters.`,
      },
    ],
  };
}
