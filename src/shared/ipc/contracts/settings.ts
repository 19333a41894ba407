import { z } from 'zod';
import { apiProfileSchema, ENVIRONMENTS } from '../../settings/api-profile';
import { settingsSchema, uiPrefsSchema } from '../../settings/settings';
import { command } from '../contract';

const environment = z.enum(ENVIRONMENTS);

/** What the renderer may know about stored credentials: never the secret, password or token. */
export const credentialStatusSchema = z.object({
  environment,
  hasCredentials: z.boolean(),
  clientIdMasked: z.string().nullable(),
  usernameMasked: z.string().nullable(),
  lastVerifiedAt: z.string().nullable(),
  /** Why credentials cannot be stored on this machine, when they cannot. */
  unavailableReason: z.string().nullable(),
});
export type CredentialStatus = z.infer<typeof credentialStatusSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const credentialsInputSchema = z.object({
  environment: z.enum(['uat', 'production', 'custom']),
  clientId: text(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  clientSecret: text(256),
  username: text(200),
  password: z.string().min(1).max(256),
});

/** The typed Production confirmation (see shared/settings/profile-guard.ts); main checks it, not the form. */
const confirmation = z.string().max(40).optional();

export const settingsContracts = {
  getSettings: command('settings:get-settings', z.undefined(), settingsSchema),
  setEnvironment: command(
    'settings:set-environment',
    z.object({ environment, confirmProduction: z.boolean().optional() }),
    settingsSchema,
  ),
  updateApiProfile: command('settings:update-profile', apiProfileSchema.extend({ confirmation }), settingsSchema),
  resetApiProfile: command('settings:reset-profile', z.object({ confirmation }).optional(), settingsSchema),
  updateUiPrefs: command('settings:update-ui', uiPrefsSchema.partial(), settingsSchema),
  getCredentialStatus: command('credentials:get-status', z.object({ environment }), credentialStatusSchema),
  setCredentials: command('credentials:set-credentials', credentialsInputSchema, credentialStatusSchema),
  clearCredentials: command(
    'credentials:clear-credentials',
    z.object({ environment: z.enum(['uat', 'production', 'custom']) }),
    credentialStatusSchema,
  ),
};
