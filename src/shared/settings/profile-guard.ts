import type { ApiProfile, Environment } from './api-profile';

/**
 * What a person must type before Production payouts can be sent somewhere else. Shared by the renderer (which
 * asks), main (which refuses without it) and the CLI (`profile set … --confirm PRODUCTION`).
 */
export const PRODUCTION_CONFIRMATION = 'PRODUCTION';

type Leaf = string | number | boolean | null;

/** A nested settings object as `{ 'paths.searchPayouts': '/api/…', 'modeLimits.IMPS.maxPaise': 20000000, … }`. */
export function flattenKeys(value: unknown, prefix = ''): Record<string, Leaf> {
  const out: Record<string, Leaf> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      Object.assign(out, flattenKeys(v, prefix ? `${prefix}.${k}` : k));
    }
    return out;
  }
  if (prefix) out[prefix] = (value ?? null) as Leaf;
  return out;
}

// The verification host gets the Production bearer token too, so redirecting it is guarded like the payout host.
const ALWAYS_GUARDED = new Set(['baseUrls.production', 'verification.baseUrls.production']);

export type GuardedChange = { key: string; from: Leaf; to: Leaf };

/**
 * The changes that redirect Production payouts: its base URL always (it is used the moment someone switches
 * to Production), and any path while Production is the environment (a path decides which call moves money).
 */
export function productionGuardedChanges(
  before: ApiProfile,
  after: ApiProfile,
  environment: Environment,
): GuardedChange[] {
  const a = flattenKeys(before);
  const b = flattenKeys(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys
    .filter((k) => ALWAYS_GUARDED.has(k) || (environment === 'production' && k.startsWith('paths.')))
    .filter((k) => a[k] !== b[k])
    .map((key) => ({ key, from: a[key] ?? null, to: b[key] ?? null }));
}
