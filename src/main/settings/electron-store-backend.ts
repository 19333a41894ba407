import ElectronStore from 'electron-store';
import type { Settings } from '../../shared/settings/settings';
import type { SettingsBackend } from './settings-service';

/** electron-store in the app: same file name and folder as the CLI's conf backend. */
export function createElectronStoreBackend(dataDir: string): SettingsBackend {
  const store = new ElectronStore<Record<string, unknown>>({ name: 'settings', cwd: dataDir });
  return {
    read: () => store.store,
    write: (value: Settings) => {
      store.store = value as unknown as Record<string, unknown>;
    },
  };
}
