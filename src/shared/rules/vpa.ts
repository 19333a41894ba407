import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

/**
 * UPI VPA `handle@psp`, by the rule book: only what both of enkash-api.md's patterns allow, so a VPA that passes
 * here passes on either endpoint. VPAs are case-insensitive; we store lower-case.
 */
export type VpaCheck = { value: string | null; problems: Problem[] };

function isLowerAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * True exactly when `checkVpa(text)` accepts `text` as it is: already lower-case, and the rule book's pattern —
 * handle of `a-z 0-9 . _ -`, one "@", a PSP of 2–64 `a-z 0-9 .` starting and ending with a letter or digit, at
 * most 100 characters. One pass, for the clean row of a big sheet (issue 15); anything else takes checkVpa.
 * `start`/`end`: test text[start, end) in place (sheet/plain-rows.ts).
 */
export function isCleanVpa(text: string, start = 0, end = text.length): boolean {
  const n = end;
  if (end - start > ENKASH_FIELDS.vpa.max) return false;
  // The handle up to the first "@" (no indexOf: within a sheet's block it would run past the cell's end).
  let at = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 64) {
      at = i;
      break;
    }
    if (!isLowerAlnum(c) && c !== 46 && c !== 95 && c !== 45) return false;
  }
  if (at < start + 1) return false;
  const psp = n - at - 1;
  if (psp < 2 || psp > 64) return false;
  if (!isLowerAlnum(text.charCodeAt(at + 1)) || !isLowerAlnum(text.charCodeAt(n - 1))) return false;
  for (let i = at + 2; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (!isLowerAlnum(c) && c !== 46) return false;
  }
  return true;
}

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
