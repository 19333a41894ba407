import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { ENKASH_FIELDS } from './enkash-fields';

// Module constants, not literals in the functions: a literal is a new RegExp object on every cell.
const PHONE_PUNCTUATION = /[\s\-().]/g;
const INDIAN_MOBILE = /^(?:\+91|0091|91(?=\d{10}$)|0(?=\d{10}$))?(\d{10})$/;
const SPACES = /\s+/g;
const PINCODE = /^[1-9]\d{5}$/;

/**
 * Email, phone and pincode: optional, but checked when present (enkash-api.md §5.1). Email is the rule book's;
 * phone and PIN code are normalised here and held to stricter Indian rules, whose results the rule book accepts.
 */
export type ContactCheck = { value: string | null; problems: Problem[] };

export function checkEmail(raw: string): ContactCheck {
  const value = raw.trim();
  if (ENKASH_FIELDS.email.pattern.test(value)) return { value, problems: [] };
  return {
    value: null,
    problems: [
      { code: 'email_invalid', severity: 'error', message: `Email ${quoteValue(value)} is not a valid address.` },
    ],
  };
}

/**
 * Indian phone numbers as people write them: "98765 43210", "+91-98765-43210", "0091 9876543210",
 * "09876543210", "919876543210". Stored as the bare 10 digits, which matches EnKash's documented pattern
 * `^((\+|00)(\d{1,3})[\s-]?)?(\d{10})$`.
 */
export function checkPhone(raw: string): ContactCheck {
  const compact = raw.trim().replace(PHONE_PUNCTUATION, '');
  const m = INDIAN_MOBILE.exec(compact);
  if (m) return { value: m[1] as string, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'phone_invalid',
        severity: 'error',
        message: `Phone ${quoteValue(raw.trim())} is not a 10-digit Indian number (optionally with +91).`,
      },
    ],
  };
}

/** Indian PIN code: 6 digits, not starting with 0 ("560 001" is accepted). */
export function checkPincode(raw: string): ContactCheck {
  const value = raw.replace(SPACES, '');
  if (PINCODE.test(value)) return { value, problems: [] };
  return {
    value: null,
    problems: [
      { code: 'pincode_invalid', severity: 'error', message: `PIN code ${quoteValue(raw.trim())} is not 6 digits.` },
    ],
  };
}
