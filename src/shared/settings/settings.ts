import { z } from 'zod';
import { SHEET_KINDS } from '../domain/payout';
import { FIELD_KEYS } from '../sheet/fields';
import { apiProfileSchema, DEFAULT_API_PROFILE, ENVIRONMENTS } from './api-profile';
import { DEFAULT_VERIFICATION_PREFS, verificationPrefsSchema } from './verification-settings';

/** Bumped when the stored shape changes; main migrates older files forward on open. */
export const SETTINGS_VERSION = 1;

export const uiPrefsSchema = z.object({
  /** Column mapping remembered per header layout (key = normalised header list): field → column index. */
  mappings: z.record(
    z.string().max(4000),
    z.object({
      kind: z.enum(SHEET_KINDS),
      mapping: z.partialRecord(z.enum(FIELD_KEYS), z.number().int().min(0).max(20_000)),
    }),
  ),
  /** Rows per page in history views. */
  pageSize: z.number().int().min(10).max(500),
});

/**
 * Where the journal lives (issue 14 point 4): "This computer" (the local environments, the default) or a team's
 * Desk Server at `serverUrl`. A connection mode, not an environment: the server's rows carry the server's
 * environment. Only the address is kept here, never a token or a password (main holds the session in memory).
 */
export const CONNECTION_MODES = ['local', 'team'] as const;
const connectionSchema = z.object({
  mode: z.enum(CONNECTION_MODES),
  serverUrl: z.string().max(300).optional(),
});
export type Connection = z.infer<typeof connectionSchema>;
const DEFAULT_CONNECTION: Connection = { mode: 'local' };

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  environment: z.enum(ENVIRONMENTS),
  apiProfile: apiProfileSchema,
  ui: uiPrefsSchema,
  /** Payee verification (cache age); a file written before it existed reads the defaults. */
  verification: verificationPrefsSchema.default(DEFAULT_VERIFICATION_PREFS),
  /** This computer or a Team server; a file written before it existed reads "This computer". */
  connection: connectionSchema.default(DEFAULT_CONNECTION),
});

export type Settings = z.infer<typeof settingsSchema>;
export type UiPrefs = z.infer<typeof uiPrefsSchema>;

/** First-run settings: the built-in Sandbox, so a new user can try everything with no EnKash account. */
export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  environment: 'sandbox',
  apiProfile: DEFAULT_API_PROFILE,
  ui: { mappings: {}, pageSize: 50 },
  verification: DEFAULT_VERIFICATION_PREFS,
  connection: DEFAULT_CONNECTION,
};
