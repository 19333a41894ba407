import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';

/**
 * The payout `reference` (your own invoice or voucher number). EnKash documents no format, so we allow what
 * invoice numbers usually contain — letters, digits, space, `/ - _ .` — up to 50 characters, and the EnKash client
 * enforces the same pattern, so a sheet that passes here is never refused at staging.
 */
export const REFERENCE_PATTERN = /^[A-Za-z0-9 _/.-]{1,50}$/;

export function checkReference(raw: string): { value: string | null; problems: Problem[] } {
  const value = raw.replace(/\s+/g, ' ').trim();
  if (REFERENCE_PATTERN.test(value)) return { value, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'reference_invalid',
        severity: 'error',
        message: `Reference ${quoteValue(value)} must be 1 to 50 letters, digits, spaces or / - _ . characters.`,
      },
    ],
  };
}
