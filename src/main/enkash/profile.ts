/**
 * The API profile schema and defaults live in src/shared/settings/api-profile.ts so Settings can show and
 * validate them in the renderer; this module adds what only main needs.
 */
export * from '../../shared/settings/api-profile';
import {
  apiSwitchesSchema,
  DEFAULT_API_SWITCHES,
  type ApiProfile,
  type ApiSwitches,
  type Environment,
} from '../../shared/settings/api-profile';

/** Resolves the base URL for an environment; Sandbox's comes from the running simulator. */
export function baseUrlFor(env: Environment, profile: Pick<ApiProfile, 'baseUrls'>, sandboxUrl?: string): string {
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

/** The API profile as the EnKash client takes it (stored profiles always carry their switches). */
export type EnkashProfile = Omit<ApiProfile, 'switches'> & { switches?: Partial<ApiSwitches> };

/** The switches in force for `profile`: its own values where valid, defaults elsewhere. */
export function resolveSwitches(profile: EnkashProfile): ApiSwitches {
  const merged = { ...DEFAULT_API_SWITCHES, ...(profile.switches ?? {}) };
  const parsed = apiSwitchesSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_API_SWITCHES;
}
