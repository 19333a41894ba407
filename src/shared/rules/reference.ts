import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';
import { isSingleSpaced } from './remark';

// A module constant, not a literal in the function: a literal is a new RegExp object on every cell.
const SPACES = /\s+/g;
// Whitespace that collapsing would change: two in a row, or one that is not a plain space.
const UNEVEN_SPACE = /\s\s|[^\S ]/;

/**
 * The payout `reference` (your own invoice or voucher number). EnKash documents no format; the rule book allows
 * what invoice numbers usually contain, and the EnKash client reads the same rule, so a sheet that passes here is
 * never refused at staging.
 */
export const REFERENCE_PATTERN = ENKASH_FIELDS.reference.pattern;

/**
 * True exactly when `checkReference(text)` accepts `text` as it is: 1–50 of the rule book's characters with single
 * inner spaces. A character loop for the clean row of a big sheet (issue 15).
 */
export function isCleanReference(text: string, start = 0, end = text.length): boolean {
  return end > start && isSingleSpaced(text, ENKASH_FIELDS.reference.max, true, start, end);
}

export function checkReference(raw: string): { value: string | null; problems: Problem[] } {
  // Skip the replace on the usual single-spaced reference: it copies the string even when nothing changes.
  const value = (UNEVEN_SPACE.test(raw) ? raw.replace(SPACES, ' ') : raw).trim();
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
