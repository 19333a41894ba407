import Conf from 'conf';
import type { Settings } from '../../shared/settings/settings';
import type { SettingsBackend } from './settings-service';

/** The same file electron-store writes (it is built on conf), for the CLI and tests where Electron is absent. */
export function createConfBackend(dataDir: string): SettingsBackend {
  let conf: Conf<Record<string, unknown>> | null = null;
  const open = () => {
    conf ??= new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: 'settings',
      projectName: 'enkash-payout-desk',
      projectVersion: '0.1.0',
    });
    return conf;
  };
  return {
    read: () => {
      try {
        return open().store;
      } catch {
        return undefined; // unreadable JSON: defaults, and the next save rewrites the file
      }
    },
    write: (value: Settings) => {
      open().store = value as unknown as Record<string, unknown>;
    },
  };
}
