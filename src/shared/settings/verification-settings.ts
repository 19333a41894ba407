import { z } from 'zod';

/** How long a bank-held name is trusted before the account is checked again (issue 12 point 3). */
export const DEFAULT_VERIFICATION_CACHE_DAYS = 90;

export const verificationPrefsSchema = z.object({
  cacheDays: z.number().int().min(1).max(3650).default(DEFAULT_VERIFICATION_CACHE_DAYS),
});
export type VerificationPrefs = z.infer<typeof verificationPrefsSchema>;

export const DEFAULT_VERIFICATION_PREFS: VerificationPrefs = { cacheDays: DEFAULT_VERIFICATION_CACHE_DAYS };

/** The cache age in days; a settings file written before the setting existed reads the default. */
// The index signature lets any settings object through, including one read from a file without the section.
export function verificationCacheDays(settings: {
  verification?: Partial<VerificationPrefs>;
  [key: string]: unknown;
}): number {
  const parsed = verificationPrefsSchema.safeParse(settings.verification ?? {});
  return parsed.success ? parsed.data.cacheDays : DEFAULT_VERIFICATION_CACHE_DAYS;
}
