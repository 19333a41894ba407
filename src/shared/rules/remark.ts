import type { Problem } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

/**
 * Transfer remark: letters, digits and spaces, up to the rule book's maximum (50; EnKash's is undocumented,
 * `REJECT_TRF_RMK` = "missing or too long"). Banks commonly cut narrations at 30, so over 30 is a warning.
 */
export const REMARK_SOFT_MAX = 30;
// Module constants, not literals in the function: a literal is a new RegExp object on every cell.
const SPACES = /\s+/g;
// Whitespace that collapsing would change: two in a row, or one that is not a plain space.
const UNEVEN_SPACE = /\s\s|[^\S ]/;
const REMARK_CHARSET = /^[A-Za-z0-9 ]*$/;

export type RemarkCheck = { value: string | null; problems: Problem[] };

/**
 * True exactly when `checkRemark(text)` accepts `text` as it is with no warning: at most 30 ASCII letters, digits
 * and single inner spaces. A character loop for the clean row of a big sheet (issue 15).
 */
export function isCleanRemark(text: string, start = 0, end = text.length): boolean {
  return isSingleSpaced(text, REMARK_SOFT_MAX, false, start, end);
}

/**
 * `text` is 0..`max` characters of ASCII letters, digits and single spaces (none at the ends) — plus ` _ / . -`
 * when `referenceChars` — so collapsing spaces and trimming would not change it. Shared with reference.ts.
 * `start`/`end`: test text[start, end) in place (the sheet's plain rows, sheet/plain-rows.ts).
 */
export function isSingleSpaced(
  text: string,
  max: number,
  referenceChars: boolean,
  start = 0,
  end = text.length,
): boolean {
  const n = end - start;
  if (n > max) return false;
  let afterSpace = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    if ((lower >= 0x61 && lower <= 0x7a) || (c >= 48 && c <= 57)) afterSpace = false;
    else if (c === 32 && !afterSpace) afterSpace = true;
    else if (referenceChars && (c === 95 || c === 47 || c === 46 || c === 45)) afterSpace = false;
    else return false;
  }
  return n === 0 || !afterSpace;
}

export function checkRemark(raw: string): RemarkCheck {
  // Skip the replace on the usual single-spaced remark: it copies the string even when nothing changes.
  const value = (UNEVEN_SPACE.test(raw) ? raw.replace(SPACES, ' ') : raw).trim();
  if (!REMARK_CHARSET.test(value)) {
    const bad = [...new Set(value.replace(/[A-Za-z0-9 ]/g, ''))]
      .slice(0, 5)
      .map((c) => `"${c}"`)
      .join(' ');
    return {
      value: null,
      problems: [
        {
          code: 'remark_invalid',
          severity: 'error',
          message: `Remark may contain only letters, digits and spaces; remove ${bad}.`,
        },
      ],
    };
  }
  const { max } = ENKASH_FIELDS.remark;
  if (value.length > max) {
    return {
      value: null,
      problems: [
        {
          code: 'remark_invalid',
          severity: 'error',
          message: `Remark has ${value.length} characters; EnKash takes at most ${max}. Shorten it.`,
        },
      ],
    };
  }
  if (value.length > REMARK_SOFT_MAX) {
    return {
      value,
      problems: [
        {
          code: 'remark_long',
          severity: 'warning',
          message: `Remark has ${value.length} characters; banks often cut it at ${REMARK_SOFT_MAX}.`,
        },
      ],
    };
  }
  return { value, problems: [] };
}

/** Proposed remark with the disallowed characters replaced by spaces (for a one-click fix). */
export function suggestRemarkCleanup(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
