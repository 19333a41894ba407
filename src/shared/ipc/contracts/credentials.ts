import { z } from 'zod';
import { ENVIRONMENTS } from '../../settings/api-profile';
import { command } from '../contract';

/** The EnKash credentials in the OS keychain: only their status ever reaches the renderer. */

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

export const credentialContracts = {
  getCredentialStatus: command('credentials:get-status', z.object({ environment }), credentialStatusSchema),
  setCredentials: command('credentials:set-credentials', credentialsInputSchema, credentialStatusSchema),
  clearCredentials: command(
    'credentials:clear-credentials',
    z.object({ environment: z.enum(['uat', 'production', 'custom']) }),
    credentialStatusSchema,
  ),
};
