import { type ContextOptions, createMainContext, type MainContext } from '../main/context';
import { createConfBackend } from '../main/settings/conf-backend';
import type { SafeStorageLike } from '../main/settings/vault';

export { defaultDataDir, readStoredSettings, resolveDataDir, SETTINGS_FILE } from './data-folder';

/** The CLI stores no credentials: the vault is present but refuses, so nothing is written to disk. */
const NO_KEYCHAIN: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no keychain in the CLI');
  },
  decryptString: () => {
    throw new Error('no keychain in the CLI');
  },
};

/**
 * The app's main context on a data folder (SQLite history, settings store, audit log, the folder's Sandbox),
 * without Electron. `enkash` says where EnKash calls go (see openCliApp); by default the stored Settings. With
 * `store` (PostgreSQL, --database-url) the journal lives there and no SQLite file is opened.
 */
export function openCliContext(
  dataDir: string,
  enkash: Pick<ContextOptions, 'enkashTarget' | 'enkashWireLog' | 'enkashFetch' | 'store'> = {},
): MainContext {
  return createMainContext({
    dataDir,
    settingsBackend: createConfBackend(dataDir),
    safeStorage: NO_KEYCHAIN,
    appVersion: 'cli',
    ...enkash,
  });
}
