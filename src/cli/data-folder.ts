import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../main/log';
import { createConfBackend } from '../main/settings/conf-backend';
import { createSettingsService } from '../main/settings/settings-service';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings/settings';
import { flagText } from './command';

/**
 * The data folder every command shares with the desktop app: --data-dir, else PAYOUT_DESK_DATA_DIR, else the
 * folder the app uses. Its settings.json is the app's settings store (conf, the library electron-store is
 * built on), so `profile set` here is what Settings → Advanced shows there.
 */

const PRODUCT_NAME = 'EnKash Payout Desk';
/** conf's file name for configName "settings" (see src/main/settings/conf-backend.ts). */
export const SETTINGS_FILE = 'settings.json';

/** Where Electron keeps `userData` for this app on each platform (app.getPath('userData')). */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

export function resolveDataDir(flags: Record<string, string | true>, env: NodeJS.ProcessEnv): string {
  return flagText(flags['data-dir'], 'data-dir') ?? (env.PAYOUT_DESK_DATA_DIR?.trim() || defaultDataDir(env));
}

/**
 * The stored settings, read without creating anything: a command that only reads (show, validate) must not
 * leave an empty data folder behind. Same lenient reading as the app (a broken part → its default).
 */
export function readStoredSettings(dataDir: string): Settings {
  if (!existsSync(join(dataDir, SETTINGS_FILE))) return DEFAULT_SETTINGS;
  return createSettingsService(createConfBackend(dataDir), createLogger(null)).get();
}
