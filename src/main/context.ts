import { join } from 'node:path';
import type { Environment } from '../shared/settings/api-profile';
import { openDatabase, type Db } from './db/open';
import { createEventBus, type EventBus } from './ipc/events';
import { createLogger, type Logger } from './log';
import { createSettingsService, type SettingsBackend, type SettingsService } from './settings/settings-service';
import { createVault, type SafeStorageLike, type Vault } from './settings/vault';

/** Everything a service needs, injected, so Electron, the CLI and the tests build the same thing. */
export type MainContext = {
  dataDir: string;
  db: Db;
  settings: SettingsService;
  vault: Vault;
  log: Logger;
  events: EventBus;
  now: () => Date;
  appVersion: string;
  platform: string;
  /** URL of the in-process Sandbox simulator when it is running. */
  sandboxUrl: () => string | null;
  close: () => Promise<void>;
};

export type ContextOptions = {
  dataDir: string;
  settingsBackend: SettingsBackend;
  safeStorage: SafeStorageLike;
  appVersion: string;
  nativeBinding?: string;
  now?: () => Date;
  /** Log sink for tests; lines also go to <dataDir>/logs/app.log unless `logToFile` is false. */
  logSink?: (line: string) => void;
  logToFile?: boolean;
};

export const DB_FILE = 'payout-desk.sqlite';

export function createMainContext(options: ContextOptions): MainContext {
  const log = createLogger(
    options.logToFile === false ? null : join(options.dataDir, 'logs', 'app.log'),
    options.logSink,
  );
  const db = openDatabase({ file: join(options.dataDir, DB_FILE), nativeBinding: options.nativeBinding });
  const closers: Array<() => Promise<void> | void> = [
    () => {
      db.close();
    },
  ];
  return {
    dataDir: options.dataDir,
    db,
    settings: createSettingsService(options.settingsBackend, log),
    vault: createVault({ file: join(options.dataDir, 'credentials.json'), safeStorage: options.safeStorage, now: options.now }),
    log,
    events: createEventBus(),
    now: options.now ?? (() => new Date()),
    appVersion: options.appVersion,
    platform: process.platform,
    sandboxUrl: () => null,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}

/** Environments whose credentials come from the vault (Sandbox has built-in demo ones). */
export function needsCredentials(env: Environment): env is Exclude<Environment, 'sandbox'> {
  return env !== 'sandbox';
}
