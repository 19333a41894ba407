import type { Problem } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';
import { describeRemovedNotes, removeRoleNotes } from './name-notes';

/** EnKash: beneficiary name ≤ 100 characters, letters and spaces only (the rule book, enkash-api.md §5.1). */
export const NAME_MAX = ENKASH_FIELDS.name.max;
// Only the charset, so the message can name length and characters separately; the rule book decides validity.
const NAME_CHARSET = /^[A-Za-z ]+$/;
// Module constants, not literals in the functions: a literal is a new RegExp object on every cell.
const SPACES = /\s+/g;
// Whitespace that collapsing would change: two in a row, or one that is not a plain space.
const UNEVEN_SPACE = /\s\s|[^\S ]/;

export type NameCheck = { value: string | null; problems: Problem[] };

/**
 * True exactly when `checkName(text)` accepts `text` as it is (value === text, no problem): 1–100 ASCII letters
 * with single spaces between words. One pass over the characters, for the clean row of a big sheet (issue 15);
 * anything else takes checkName, which says what is wrong. `start`/`end`: text[start, end) in place (plain-rows.ts).
 */
export function isCleanName(text: string, start = 0, end = text.length): boolean {
  const n = end - start;
  if (n <= 0 || n > NAME_MAX) return false;
  // Starting as if after a space refuses a leading space; the end refuses a trailing one.
  let afterSpace = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) afterSpace = false;
    else if (text.charCodeAt(i) === 0x20 && !afterSpace) afterSpace = true;
    else return false;
  }
  return !afterSpace;
}

/** Collapses runs of whitespace to one space and trims. */
export function normaliseName(raw: string): string {
  // Most names already have single spaces: skip the replace, which copies the string even when nothing changes.
  return (UNEVEN_SPACE.test(raw) ? raw.replace(SPACES, ' ') : raw).trim();
}

/** Checks a payee name; the message says what is wrong and, when possible, what a clean-up would produce. */
export function checkName(raw: string): NameCheck {
  const value = normaliseName(raw);
  if (value === '') {
    return { value: null, problems: [{ code: 'name_invalid', severity: 'error', message: 'Name is blank.' }] };
  }
  if (ENKASH_FIELDS.name.pattern.test(value)) return { value, problems: [] };
  const reasons: string[] = [];
  if (value.length > NAME_MAX) reasons.push(`it has ${value.length} characters (max ${NAME_MAX})`);
  if (!NAME_CHARSET.test(value)) reasons.push('it may contain only letters and spaces');
  const suggestion = suggestNameCleanup(value);
  const tail = suggestion ? ` Suggested: "${suggestion.cleaned}".` : '';
  return {
    value: null,
    problems: [
      { code: 'name_invalid', severity: 'error', message: `Name is not valid: ${reasons.join(' and ')}.${tail}` },
    ],
  };
}

export type NameCleanup = { cleaned: string; changes: string[] };

/**
 * The one-click clean-up for `name_invalid`: returns the proposed name and a plain list of what it changes, or
 * null when nothing sensible is left. Accents are dropped (é → e), "&" becomes "and", "M/s." becomes "Ms",
 * apostrophes vanish (D'Souza → DSouza), other punctuation and digits become spaces, and a name over 100
 * characters is cut at a word boundary. The user sees and confirms the result; nothing is applied silently.
 * Bracketed role notes go whole first ("Suresh Patel (Driver)" → "Suresh Patel", see name-notes.ts).
 */
export function suggestNameCleanup(raw: string): NameCleanup | null {
  const original = normaliseName(raw);
  const changes: string[] = [];
  let s = original;
  // Role notes go first and whole, so the punctuation step below cannot glue "(Driver)" into the name.
  const notes = removeRoleNotes(s);
  if (notes.removed.length > 0) {
    s = notes.name;
    changes.push(describeRemovedNotes(notes.removed));
  }
  const folded = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (folded !== s) {
    changes.push('removed accents');
    s = folded;
  }
  if (/\bm\/s\.?(?=\s|$)/i.test(s)) {
    s = s.replace(/\bm\/s\.?(?=\s|$)/gi, 'Ms');
    changes.push('"M/s" → "Ms"');
  }
  if (s.includes('&')) {
    s = s.replace(/\s*&\s*/g, ' and ');
    changes.push('"&" → "and"');
  }
  if (/['’`]/.test(s)) {
    s = s.replace(/['’`]/g, '');
    changes.push('removed apostrophes');
  }
  if (/\d/.test(s)) changes.push('removed digits');
  const removed = new Set(s.replace(/[A-Za-z\s\d]/g, ''));
  if (removed.size > 0) changes.push(`replaced ${[...removed].map((c) => `"${c}"`).join(' ')} with spaces`);
  s = normaliseName(s.replace(/[^A-Za-z]/g, ' '));
  if (s.length > NAME_MAX) {
    const cut = s.slice(0, NAME_MAX + 1);
    const lastSpace = cut.lastIndexOf(' ');
    s = (lastSpace > 0 ? cut.slice(0, lastSpace) : s.slice(0, NAME_MAX)).trim();
    changes.push(`shortened to ${s.length} characters`);
  }
  if (s === '' || s === original) return null;
  return { cleaned: s, changes };
}
