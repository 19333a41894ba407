import { randomBytes } from 'node:crypto';
import { ENKASH_FIELDS } from '../../../shared/rules/enkash-fields';

/**
 * Our idempotency keys. EnKash's allowed characters and length are undocumented (enkash-api.md §2.4), so ids
 * are upper-case letters and digits, 23 characters: a 2-letter kind, 9 characters of millisecond time (sorts
 * by creation, helps support read them) and 12 characters (60 bits) of randomness — so two installations
 * sharing one EnKash account do not collide either. Uniqueness inside this database is also enforced by a
 * UNIQUE index (case-insensitive), and a collision there is simply minted again.
 */

// Crockford base32: no I, L, O, U, so an id read aloud or retyped from a printout is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const PAYOUT_ID_PREFIX = 'PD';
export const BATCH_ID_PREFIX = 'PB';

function base32(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

export type RandomSource = (size: number) => Uint8Array;

/** A new id: `prefix` + time + randomness; always matches /^[A-Z0-9]{23}$/. */
export function mintId(prefix: string, now: Date, random: RandomSource = randomBytes): string {
  const bytes = random(12);
  let tail = '';
  for (let i = 0; i < 12; i++) tail += ALPHABET[(bytes[i] ?? 0) & 31];
  return `${prefix}${base32(Math.max(0, now.getTime()), 9)}${tail}`;
}

/** What EnKash (and our schema) accept as a transactionId/batchTransactionId: the rule book's. */
export const ID_PATTERN = ENKASH_FIELDS.transactionId.pattern;
