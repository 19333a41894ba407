import { SANDBOX_DEMO } from '../../../src/main/sandbox/demo-credentials';
import { DEFAULT_API_PROFILE, type ApiProfile } from '../../../src/shared/settings/api-profile';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../src/shared/settings/settings';

/**
 * The API profile a user would save in Settings for each Sandbox preset. The strict one is typed out here from
 * "what EnKash told us" — never read from the Sandbox's own tables, or the tests would agree by construction.
 * Both go through the settings schema, exactly as the settings store saves them.
 */

export type Preset = 'default' | 'strict';

export const SOURCE_ACCOUNT = '50100012345678';

const STRICT_SETTINGS_EDIT: Partial<ApiProfile> = {
  keyDerivation: 'sha1-16',
  batchChunkSize: 50,
  paths: {
    ...DEFAULT_API_PROFILE.paths,
    searchBeneficiary: '/api/v0/beneficiary-detail/list',
    deleteBeneficiary: '/api/v0/beneficiary-detail/remove',
    searchPayouts: '/api/v0/payout-transaction/fetch',
    sourceAccountDetails: '/api/v0/bankDetail',
    getWebhook: '/api/v0/webhook-data/fetch',
  },
  switches: {
    ...DEFAULT_API_PROFILE.switches,
    searchPaging: 'body',
    searchOffsetUnit: 'page',
    statementAmountUnit: 'paise',
    beneficiaryContactFields: 'plain',
    searchPayoutsShape: 'transaction-list',
    verificationEnvelope: 'encrypted',
  },
};

/** The saved profile for `preset` (with the Sandbox's fund source and source account filled in, as a user would). */
export function presetProfile(preset: Preset): ApiProfile {
  const apiProfile: ApiProfile = {
    ...DEFAULT_API_PROFILE,
    fundSourceId: SANDBOX_DEMO.fundSourceId,
    debitAccountNumber: SOURCE_ACCOUNT,
    requestTimeoutMs: 10_000,
    ...(preset === 'strict' ? STRICT_SETTINGS_EDIT : {}),
  };
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, apiProfile }).apiProfile;
}
