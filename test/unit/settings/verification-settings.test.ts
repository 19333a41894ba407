import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/log';
import { createSettingsService } from '../../../src/main/settings/settings-service';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../src/shared/settings/settings';
import { verificationCacheDays } from '../../../src/shared/settings/verification-settings';

/** Issue 12 point 3: the verification cache age (days) is an app setting, default 90. */

describe('verificationCacheDays (setting)', () => {
  it('defaults to 90, also for a settings file written before the setting existed', () => {
    expect(verificationCacheDays(DEFAULT_SETTINGS)).toBe(90);
    const { verification: _dropped, ...old } = DEFAULT_SETTINGS;
    const read = settingsSchema.parse(old);
    expect(read.verification).toEqual({ cacheDays: 90 });
    expect(verificationCacheDays(old)).toBe(90);
  });

  it('reads a stored value and refuses nonsense', () => {
    expect(verificationCacheDays({ verification: { cacheDays: 30 } })).toBe(30);
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, verification: { cacheDays: 0 } }).success).toBe(false);
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, verification: { cacheDays: 1.5 } }).success).toBe(false);
    expect(verificationCacheDays({ verification: { cacheDays: -4 } })).toBe(90);
  });
});

describe('the settings service keeps the cache age like every other part', () => {
  it('a broken part elsewhere keeps the stored cache age; a file without one reads 90', () => {
    const read = (raw: unknown) =>
      createSettingsService({ read: () => raw, write: () => undefined }, createLogger(null)).get();
    const brokenUi = { ...DEFAULT_SETTINGS, ui: { pageSize: 'many' } };
    expect(read({ ...brokenUi, verification: { cacheDays: 30 } }).verification).toEqual({ cacheDays: 30 });
    const { verification: _old, ...older } = brokenUi;
    expect(read(older).verification).toEqual({ cacheDays: 90 });
    expect(read({ ...DEFAULT_SETTINGS, verification: { cacheDays: -1 } }).verification).toEqual({ cacheDays: 90 });
  });
});
