import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { flagText } from './command';

/**
 * Where the data folder is, with nothing heavy imported: `validate` reads its settings only when a settings file
 * exists, and only then loads conf and electron-log (about 90 ms of start-up otherwise, issue 15). data-folder.ts
 * holds the reader and re-exports these for every other command.
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

export function hasSettingsFile(dataDir: string): boolean {
  return existsSync(join(dataDir, SETTINGS_FILE));
}
