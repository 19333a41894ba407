import type { JsonObject } from './exact-json';
import type { Dialect } from './types';

/**
 * The dialect's beneficiary contact field names (§5.1 names them only in prose). The validators read the
 * prefixed names; a `plain` server reads `email`, `phone`, `city`, `state` and ignores the prefixed ones, as a
 * server would ignore a field it does not know — so a client sending the wrong names loses them silently.
 */

const PAIRS = [
  ['beneficiaryEmail', 'email'],
  ['beneficiaryPhone', 'phone'],
  ['beneficiaryCity', 'city'],
  ['beneficiaryState', 'state'],
] as const;

/** A request object as the validators read it (prefixed names). */
export function contactFieldsIn(obj: JsonObject, dialect: Pick<Dialect, 'contactFields'>): JsonObject {
  if (dialect.contactFields === 'prefixed') return obj;
  const out: JsonObject = { ...obj };
  for (const [prefixed, plain] of PAIRS) {
    delete out[prefixed];
    if (obj[plain] !== undefined) out[prefixed] = obj[plain];
    delete out[plain];
  }
  return out;
}

/** An answer object with the dialect's names. */
export function contactFieldsOut(
  view: Record<string, unknown>,
  dialect: Pick<Dialect, 'contactFields'>,
): Record<string, unknown> {
  if (dialect.contactFields === 'prefixed') return view;
  const out: Record<string, unknown> = { ...view };
  for (const [prefixed, plain] of PAIRS) {
    if (out[prefixed] !== undefined) out[plain] = out[prefixed];
    delete out[prefixed];
  }
  return out;
}
