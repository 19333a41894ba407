import { describe, expect, it } from 'vitest';
import {
  apiProfileSchema,
  DEFAULT_API_PROFILE,
  resolveSwitches,
  verificationBaseUrlFor,
  verificationConcurrency,
} from '../../../src/shared/settings/api-profile';
import { productionGuardedChanges } from '../../../src/shared/settings/profile-guard';
import { profileKeys } from '../../../src/cli/profile-keys';

/** The verification settings of the API profile (issue 12 point 1): defaults for old profiles, https, bounds. */

function storedBeforeVerification(): Record<string, unknown> {
  const { verification: _v, ...rest } = structuredClone(DEFAULT_API_PROFILE);
  const { pennyDrop: _p, ...paths } = rest.paths;
  const { verificationEnvelope: _e, ...switches } = rest.switches;
  return { ...rest, paths, switches };
}

describe('API profile: bank-account verification settings', () => {
  it('a profile stored before verification existed reads the defaults', () => {
    const read = apiProfileSchema.parse(storedBeforeVerification());
    expect(read.paths.pennyDrop).toBe('/api/v0/pennyDrop');
    expect(read.switches.verificationEnvelope).toBe('plain');
    expect(read.verification).toEqual({ baseUrls: { uat: '', production: '', custom: '' }, concurrency: 4 });
    expect(resolveSwitches({ ...DEFAULT_API_PROFILE, switches: {} }).verificationEnvelope).toBe('plain');
  });

  it('UAT and Production verification hosts must be https (the payout token goes there); Custom may be http', () => {
    const withUrls = (baseUrls: Record<string, string>) =>
      apiProfileSchema.safeParse({
        ...DEFAULT_API_PROFILE,
        verification: {
          ...DEFAULT_API_PROFILE.verification,
          baseUrls: { uat: '', production: '', custom: '', ...baseUrls },
        },
      }).success;
    expect(withUrls({ production: 'http://verify.example.com' })).toBe(false);
    expect(withUrls({ uat: 'http://verify.example.com' })).toBe(false);
    expect(withUrls({ production: 'https://verify.example.com' })).toBe(true);
    expect(withUrls({ custom: 'http://127.0.0.1:9000' })).toBe(true);
  });

  it('concurrency is 1 to 16', () => {
    const withConcurrency = (concurrency: number) =>
      apiProfileSchema.safeParse({
        ...DEFAULT_API_PROFILE,
        verification: { ...DEFAULT_API_PROFILE.verification, concurrency },
      }).success;
    expect([0, 1, 16, 17, 2.5].map(withConcurrency)).toEqual([false, true, true, false, false]);
    expect(verificationConcurrency(DEFAULT_API_PROFILE)).toBe(4);
    expect(verificationConcurrency({ verification: { concurrency: 99 } })).toBe(4);
  });

  it('the verification host: the payout host unless one is named (the Sandbox always its own)', () => {
    const named = { verification: { baseUrls: { uat: 'https://v.uat', production: '', custom: 'http://v.custom' } } };
    expect(verificationBaseUrlFor('uat', named, 'https://ekpayout-uat.enkash.in')).toBe('https://v.uat');
    expect(verificationBaseUrlFor('production', named, 'https://api.enkash.in')).toBe('https://api.enkash.in');
    expect(verificationBaseUrlFor('custom', named, 'http://relay')).toBe('http://v.custom');
    expect(verificationBaseUrlFor('sandbox', named, 'http://127.0.0.1:5555')).toBe('http://127.0.0.1:5555');
  });

  it('moving the Production verification host needs the PRODUCTION confirmation (the token goes there)', () => {
    const moved = structuredClone(DEFAULT_API_PROFILE);
    moved.verification.baseUrls.production = 'https://verify.example.com';
    expect(productionGuardedChanges(DEFAULT_API_PROFILE, moved, 'sandbox').map((c) => c.key)).toEqual([
      'verification.baseUrls.production',
    ]);
    const uat = structuredClone(DEFAULT_API_PROFILE);
    uat.verification.baseUrls.uat = 'https://verify.example.com';
    expect(productionGuardedChanges(DEFAULT_API_PROFILE, uat, 'sandbox')).toEqual([]);
  });

  it('the CLI `profile set` reaches every verification setting (keys come from the schema)', () => {
    const keys = profileKeys().map((k) => k.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'paths.pennyDrop',
        'switches.verificationEnvelope',
        'verification.baseUrls.uat',
        'verification.baseUrls.production',
        'verification.baseUrls.custom',
        'verification.concurrency',
      ]),
    );
  });
});
