import { createLogger } from '../main/log';
import { createConfBackend } from '../main/settings/conf-backend';
import { createSettingsService } from '../main/settings/settings-service';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings/settings';
import { hasSettingsFile } from './data-folder-path';

/**
 * The data folder every command shares with the desktop app: --data-dir, else PAYOUT_DESK_DATA_DIR, else the
 * folder the app uses (data-folder-path.ts, which imports nothing heavy). Its settings.json is the app's settings
 * store (conf, the library electron-store is built on), so `profile set` here is what Settings → Advanced shows there.
 */
export { defaultDataDir, resolveDataDir, SETTINGS_FILE } from './data-folder-path';

/**
 * The stored settings, read without creating anything: a command that only reads (show, validate) must not
 * leave an empty data folder behind. Same lenient reading as the app (a broken part → its default).
 */
export function readStoredSettings(dataDir: string): Settings {
  if (!hasSettingsFile(dataDir)) return DEFAULT_SETTINGS;
  return createSettingsService(createConfBackend(dataDir), createLogger(null)).get();
}
