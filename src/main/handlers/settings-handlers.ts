import { AppError } from '../../shared/domain/errors';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { saveApiProfile } from '../settings/profile-change';
import { DEFAULT_API_PROFILE } from '../../shared/settings/api-profile';

type SettingsHandlers = Pick<
  HandlerMap,
  | 'getAppInfo'
  | 'getSettings'
  | 'setEnvironment'
  | 'updateApiProfile'
  | 'resetApiProfile'
  | 'updateUiPrefs'
  | 'updateVerificationPrefs'
  | 'getCredentialStatus'
  | 'setCredentials'
  | 'clearCredentials'
>;

export function createSettingsHandlers(ctx: MainContext): SettingsHandlers {
  const changed = () => ctx.events.emit('settingsChanged', { environment: ctx.settings.get().environment });
  return {
    getAppInfo: () => ({
      version: ctx.appVersion,
      environment: ctx.settings.get().environment,
      dataDir: ctx.dataDir,
      platform: ctx.platform,
      sandboxUrl: ctx.sandboxUrl(),
    }),
    getSettings: () => ctx.settings.get(),
    setEnvironment: ({ environment, confirmProduction }) => {
      // Production moves real money: the UI must have asked, by name, before we switch.
      if (environment === 'production' && !confirmProduction) {
        throw new AppError('conflict', 'Switching to Production sends real money; confirm the switch first.');
      }
      if (environment === 'custom' && !ctx.settings.get().apiProfile.baseUrls.custom) {
        throw new AppError('invalid_input', 'Set a base URL for the Custom environment first (Settings → Advanced).');
      }
      const next = ctx.settings.setEnvironment(environment);
      ctx.log.info('settings.environment', { environment });
      changed();
      return next;
    },
    // Both go through saveApiProfile: a reset can redirect Production as much as an edit can.
    updateApiProfile: async ({ confirmation, ...profile }) => {
      const next = await saveApiProfile(ctx, profile, { confirmation, source: 'app' });
      changed();
      return next;
    },
    resetApiProfile: async (input) => {
      const next = await saveApiProfile(ctx, DEFAULT_API_PROFILE, {
        confirmation: input?.confirmation,
        source: 'app',
      });
      changed();
      return next;
    },
    updateUiPrefs: (ui) => ctx.settings.updateUi(ui),
    updateVerificationPrefs: (prefs) => {
      const next = ctx.settings.updateVerification(prefs);
      ctx.log.info('settings.verification', { cacheDays: prefs.cacheDays });
      return next;
    },
    getCredentialStatus: ({ environment }) => ctx.vault.status(environment),
    setCredentials: ({ environment, ...credentials }) => {
      const status = ctx.vault.set(environment, credentials);
      // New credentials get a fresh client: no cached token, and any earlier login lock lifted.
      ctx.enkash.invalidate();
      ctx.log.info('credentials.saved', { environment });
      return status;
    },
    clearCredentials: ({ environment }) => {
      ctx.enkash.invalidate();
      return ctx.vault.clear(environment);
    },
  };
}
