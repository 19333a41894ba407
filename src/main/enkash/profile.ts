/**
 * The API profile schema and defaults live in src/shared/settings/api-profile.ts so Settings can show and
 * validate them in the renderer; this module adds what only main needs.
 */
import { z } from 'zod';
export * from '../../shared/settings/api-profile';
import type { ApiProfile, Environment } from '../../shared/settings/api-profile';

/** Resolves the base URL for an environment; Sandbox's comes from the running simulator. */
export function baseUrlFor(env: Environment, profile: ApiProfile, sandboxUrl?: string): string {
  switch (env) {
    case 'sandbox':
      if (!sandboxUrl) throw new Error('The Sandbox simulator is not running');
      return sandboxUrl;
    case 'uat':
      return profile.baseUrls.uat;
    case 'production':
      return profile.baseUrls.production;
    case 'custom':
      if (!profile.baseUrls.custom) throw new Error('No base URL is set for the Custom environment');
      return profile.baseUrls.custom;
  }
}

/**
 * Switches for wire details the docs leave open (enkash-api.md §15), each with the default we believe most
 * likely. They ride on the profile as an optional `switches` member so a stored profile without them stays
 * valid; {@link resolveSwitches} fills in the defaults.
 */
export const apiSwitchesSchema = z.object({
  /** Search calls: `offset`/`limit` as query parameters (like EnKash's settlement search) or in the body. */
  searchPaging: z.enum(['query', 'body']),
  /** What `offset` counts: items (like EnKash's settlement search) or zero-based pages of `limit` items. */
  searchOffsetUnit: z.enum(['items', 'page']),
  /** Statement `transactionAmount` is typed integer in the docs: whole rupees or paise is unknown (§5.9). */
  statementAmountUnit: z.enum(['rupees', 'paise']),
  /** Beneficiary email/phone/city/state field names are undocumented: `beneficiaryEmail` … or `email` …. */
  beneficiaryContactFields: z.enum(['prefixed', 'plain']),
});

export type ApiSwitches = z.infer<typeof apiSwitchesSchema>;

export const DEFAULT_API_SWITCHES: ApiSwitches = {
  searchPaging: 'query',
  searchOffsetUnit: 'items',
  statementAmountUnit: 'rupees',
  beneficiaryContactFields: 'prefixed',
};

/** The API profile as the EnKash client takes it: the shared profile plus optional switches. */
export type EnkashProfile = ApiProfile & { switches?: Partial<ApiSwitches> };

/** The switches in force for `profile`: its own values where valid, defaults elsewhere. */
export function resolveSwitches(profile: EnkashProfile): ApiSwitches {
  const merged = { ...DEFAULT_API_SWITCHES, ...(profile.switches ?? {}) };
  const parsed = apiSwitchesSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_API_SWITCHES;
}
