import { z } from 'zod';
import { apiProfileSchema, ENVIRONMENTS } from '../../settings/api-profile';
import { settingsSchema, uiPrefsSchema } from '../../settings/settings';
import { verificationPrefsSchema } from '../../settings/verification-settings';
import { command } from '../contract';

const environment = z.enum(ENVIRONMENTS);

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
  /** How many days a bank-held payee name is reused before the account is checked again (issue 12 point 3). */
  updateVerificationPrefs: command(
    'settings:update-verification',
    // Required here (the stored schema defaults it for old files): a request without it must not reset it to 90.
    verificationPrefsSchema.extend({ cacheDays: verificationPrefsSchema.shape.cacheDays.unwrap() }).strict(),
    settingsSchema,
  ),
};
