import { z } from 'zod';

/**
 * The rule book: EnKash's field rules, written once. The sheet rules (src/shared/rules), the EnKash client's
 * request schemas (src/main/enkash/inputs.ts), the Sandbox (src/main/sandbox/validation.ts) and the schema's
 * CHECK on payouts.transaction_id all read these objects, so a value one of them accepts the others accept too.
 * Values are enkash-api.md's; where it says UNKNOWN the strictest of the values we used before is kept, and the
 * line says so. Patterns carry no `g`/`y` flag: they are shared, and a stateful `lastIndex` would leak between users.
 */

/** One text field: `pattern` decides; `min`/`max` (characters) are for messages, tests and the SQL CHECK. */
export type FieldRule = { readonly pattern: RegExp; readonly min: number; readonly max: number; readonly hint: string };

const rule = (pattern: RegExp, min: number, max: number, hint: string): FieldRule =>
  Object.freeze({ pattern, min, max, hint });

// UNKNOWN (§2.4, §15.13): the client's 1–30 letters/digits, stricter than the Sandbox's 1–40 with `_`/`-`.
// Migrations 001/006 CHECK exactly this (NOT GLOB '*[^A-Za-z0-9]*', length 1–30), so no migration is needed.
const TRANSACTION_ID = rule(/^[A-Za-z0-9]{1,30}$/, 1, 30, '1 to 30 letters or digits');

export const ENKASH_FIELDS = Object.freeze({
  transactionId: TRANSACTION_ID,
  // UNKNOWN: EnKash names no separate rule; it is minted like a transactionId, so the same object.
  batchTransactionId: TRANSACTION_ID,
  // Documented as alphanumeric; the length is UNKNOWN and every copy already used 50.
  beneficiaryId: rule(/^[A-Za-z0-9]{1,50}$/, 1, 50, '1 to 50 letters or digits'),
  // Documented (§5.1): ≤ 100 characters, letters and spaces only; the lookahead refuses a name of spaces only.
  name: rule(/^(?=.*[A-Za-z])[A-Za-z ]{1,100}$/, 1, 100, 'up to 100 letters and spaces'),
  // Documented (§2.4), case-insensitive; the sheet rules upper-case before storing.
  ifsc: rule(/^[A-Za-z]{4}0[A-Za-z0-9]{6}$/, 11, 11, 'an IFSC such as HDFC0001234'),
  // UNKNOWN for payees: 6–35 (the Sandbox's) is the strictest of 5–35 (sheet), 5–36 (client) and 6–35.
  accountNumber: rule(/^[A-Za-z0-9]{6,35}$/, 6, 35, '6 to 35 letters or digits'),
  // Documented (§5.10) for the whitelisted source account.
  sourceAccountNumber: rule(/^[A-Za-z0-9]{9,36}$/, 9, 36, '9 to 36 letters or digits'),
  // Two documented patterns (§5.1 create-beneficiary, §5.4 payout): only what both allow — handle of letters,
  // digits `.` `_` `-`; PSP of letters, digits and inner dots, 2–64. The total length is UNKNOWN: the
  // client's 100 is the strictest of 100, 200+64 (Sandbox) and 256+64 (sheet).
  vpa: rule(
    /^(?=.{1,100}$)[A-Za-z0-9._-]+@[A-Za-z0-9][A-Za-z0-9.]{0,62}[A-Za-z0-9]$/,
    4,
    100,
    'a UPI ID such as name@bank',
  ),
  // Charset documented (§5.4); the maximum is UNKNOWN (REJECT_TRF_RMK "too long"): the Sandbox's 50 is
  // stricter than the client's 100, so 50. Blank is allowed (the remark is optional).
  remark: rule(/^[A-Za-z0-9 ]{0,50}$/, 0, 50, 'up to 50 letters, digits and spaces'),
  // Undocumented: what invoice numbers contain — letters, digits, space, `/ - _ .` — up to 50 (one copy before).
  reference: rule(/^[A-Za-z0-9 _/.-]{1,50}$/, 1, 50, '1 to 50 letters, digits, spaces or / - _ .'),
  // Documented (§2.4).
  companyId: rule(/^CEK[A-Z0-9]{7}$/, 10, 10, 'CEK followed by 7 letters or digits'),
  // Documented (§5.1): ≤ 200 characters, RFC-5322 style — the sheet's practical subset is the strictest copy
  // (the client checked only the length, the Sandbox only `x@y.z`); no `..` anywhere.
  email: rule(
    /^(?=.{1,200}$)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/,
    3,
    200,
    'an email address such as name@example.com',
  ),
  // Documented pattern (§5.1); the sheet stores the bare 10 digits, which it accepts.
  phone: rule(/^((\+|00)(\d{1,3})[\s-]?)?(\d{10})$/, 10, 16, 'a 10-digit phone number, optionally with +91'),
  // Documented (§5.1): ≤ 6 characters, digits only (the sheet additionally wants a real 6-digit Indian PIN).
  pincode: rule(/^\d{1,6}$/, 1, 6, 'up to 6 digits'),
});

export type EnkashField = keyof typeof ENKASH_FIELDS;

/** True when `value` satisfies the field's rule. */
export function fieldAllows(field: EnkashField, value: string): boolean {
  return ENKASH_FIELDS[field].pattern.test(value);
}

/**
 * Amount bounds in paise. The minimum ₹1.00 is documented (§2.5); the maximum is UNKNOWN, and the client's
 * 10^13 paise (₹10,000 crore) is stricter than the sheet's 13 rupee digits and the Sandbox's 2^53, and keeps
 * every amount far inside exact-integer range. Per-mode limits live in the API profile (they are settings).
 */
export const ENKASH_AMOUNT = Object.freeze({ minPaise: 100, maxPaise: 10_000_000_000_000 });

export function amountAllowed(paise: number): boolean {
  return Number.isSafeInteger(paise) && paise >= ENKASH_AMOUNT.minPaise && paise <= ENKASH_AMOUNT.maxPaise;
}

/**
 * Free-text payee fields (§5.1 documents none of their lengths — UNKNOWN): the strictest earlier copies, the
 * Sandbox's 200 for the address and the client's 100 for city and state.
 */
export const ENKASH_TEXT_MAX = Object.freeze({ address: 200, city: 100, state: 100 });

/** Webhook events EnKash accepts (§5.11): the client sends them, the Sandbox checks them. */
export const WEBHOOK_EVENTS = [
  'PAYOUT_SUCCESS',
  'PAYOUT_PENDING',
  'PAYOUT_FAILED',
  'UTILITY_BILLPAY_SUCCESS',
  'UTILITY_BILLPAY_FAILED',
  'UTILITY_BILLPAY_PENDING',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const text = (field: EnkashField) => z.string().regex(ENKASH_FIELDS[field].pattern, ENKASH_FIELDS[field].hint);

/** The same rules as zod schemas, for request validation (the client) and IPC contracts. */
export const ENKASH_SCHEMAS = Object.freeze({
  transactionId: text('transactionId'),
  batchTransactionId: text('batchTransactionId'),
  beneficiaryId: text('beneficiaryId'),
  // Names are trimmed first, as the Sandbox and the sheet rules do.
  name: z.string().trim().regex(ENKASH_FIELDS.name.pattern, ENKASH_FIELDS.name.hint),
  ifsc: text('ifsc'),
  accountNumber: text('accountNumber'),
  sourceAccountNumber: text('sourceAccountNumber'),
  vpa: text('vpa'),
  remark: text('remark'),
  reference: text('reference'),
  companyId: text('companyId'),
  email: text('email'),
  phone: text('phone'),
  pincode: text('pincode'),
  amountPaise: z.number().int().min(ENKASH_AMOUNT.minPaise).max(ENKASH_AMOUNT.maxPaise),
  webhookEvent: z.enum(WEBHOOK_EVENTS),
});
