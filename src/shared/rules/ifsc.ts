import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';
import { ifscExists } from './ifsc-data';

/** 4 letters, a zero, 6 letters or digits (the rule book's, enkash-api.md §2.4); values are upper-cased first. */
export const IFSC_PATTERN = ENKASH_FIELDS.ifsc.pattern;
// A module constant, not a literal in the function: a literal is a new RegExp object on every cell.
const SPACES = /\s+/g;
const ANY_SPACE = /\s/;

/** Trims, removes inner spaces and upper-cases: " sbin 0001234" → "SBIN0001234". */
export function normaliseIfsc(raw: string): string {
  // Tested first: the replace copies the string even when there is no space to remove.
  return (ANY_SPACE.test(raw) ? raw.replace(SPACES, '') : raw).toUpperCase();
}

export type IfscCheck = { value: string | null; problems: Problem[] };

/**
 * True when `text` is already a well-formed upper-case IFSC (`checkIfsc` would keep it unchanged and go on to the
 * dataset look-up): 4 letters A–Z, the digit zero, 6 letters A–Z or digits. No regex, for the clean row.
 * `start`/`end`: test text[start, end) in place (sheet/plain-rows.ts).
 */
export function isCleanIfsc(text: string, start = 0, end = text.length): boolean {
  if (end - start !== 11 || text.charCodeAt(start + 4) !== 48) return false;
  for (let i = 0; i < 11; i++) {
    if (i === 4) continue;
    const c = text.charCodeAt(start + i);
    const letter = c >= 65 && c <= 90;
    if (!letter && (i < 4 || c < 48 || c > 57)) return false;
  }
  return true;
}

/**
 * Checks a non-blank IFSC. Malformed → `ifsc_invalid` (error); well-formed but not in the offline dataset →
 * `ifsc_unknown` (warning only: the dataset may lag behind newly opened branches).
 */
export function checkIfsc(raw: string, exists: (ifsc: string) => boolean = ifscExists): IfscCheck {
  const value = normaliseIfsc(raw);
  if (!IFSC_PATTERN.test(value)) {
    // The classic typo: the letter O instead of the zero in position 5.
    const hint =
      value.length === 11 && /^[A-Z]{4}O[A-Z0-9]{6}$/.test(value)
        ? ' The 5th character must be the digit zero, not the letter O.'
        : ' An IFSC is 4 letters, a zero, then 6 letters or digits (e.g. SBIN0001234).';
    return {
      value: null,
      problems: [
        { code: 'ifsc_invalid', severity: 'error', message: `IFSC ${quoteValue(raw.trim())} is not valid.${hint}` },
      ],
    };
  }
  if (!exists(value)) {
    return {
      value,
      problems: [
        {
          code: 'ifsc_unknown',
          severity: 'warning',
          message: `IFSC ${value} is not in the offline IFSC list; check it with the payee (new branches may be missing).`,
        },
      ],
    };
  }
  return { value, problems: [] };
}
