import { join, resolve } from 'node:path';
import { openDatabase, type Db } from './db/open';
import { sqliteOnly, sqliteStore, type Store } from './db/store/store';
import { createEventBus, type EventBus } from './ipc/events';
import { createLogger, type Logger } from './log';
import { createSettingsService, type SettingsBackend, type SettingsService } from './settings/settings-service';
import { createVault, type SafeStorageLike, type Vault } from './settings/vault';
import { createEnkashAccess, type EnkashAccess, type SessionTarget } from './services/enkash-access';
import type { SandboxOptions } from './sandbox/index';
import type { EnkashLog } from './enkash/redact';
import type { FetchLike } from './enkash/transport';

/** Everything a service needs, injected, so Electron, the CLI and the tests build the same thing. */
export type MainContext = {
  dataDir: string;
  /** Files shipped with the app (sheet templates). */
  resourcesDir: string;
  /**
   * The data folder's SQLite connection for code not yet ported to storage work; on PostgreSQL `sqliteOnly(store)`,
   * which refuses any use by name.
   */
  db: Db;
  /** The journal's database on whichever engine holds it (issue 13): new and ported code runs through it. */
  store: Store;
  settings: SettingsService;
  vault: Vault;
  log: Logger;
  events: EventBus;
  /** EnKash clients for the current environment (starts the Sandbox simulator on demand). */
  enkash: EnkashAccess;
  now: () => Date;
  appVersion: string;
  platform: string;
  /** URL of the in-process Sandbox simulator when it is running. */
  sandboxUrl: () => string | null;
  close: () => Promise<void>;
};

export type ContextOptions = {
  dataDir: string;
  /** Defaults to ./resources of the working directory (source checkout, CLI, tests). */
  resourcesDir?: string;
  settingsBackend: SettingsBackend;
  safeStorage: SafeStorageLike;
  appVersion: string;
  nativeBinding?: string;
  /**
   * The journal's database when it is not the data folder's SQLite file (the CLI's --database-url). The context
   * then opens no SQLite file, and owns the store: close() closes it.
   */
  store?: Store;
  now?: () => Date;
  /** Log sink for tests; lines also go to <dataDir>/logs/app.log unless `logToFile` is false. */
  logSink?: (line: string) => void;
  logToFile?: boolean;
  /** Options for the in-process Sandbox simulator (tests set latency, faults, clock). */
  sandboxOptions?: SandboxOptions;
  /** Replaces Node's fetch for EnKash calls (tests watch the wire with it). */
  enkashFetch?: FetchLike;
  /**
   * Where EnKash calls go and as whom. Default: the environment and profile in Settings with the vault's
   * credentials (the app); the CLI passes its flags and ENKASH_* variables. The same factory builds both.
   */
  enkashTarget?: (settings: SettingsService) => SessionTarget;
  /** A second wire log beside the app log (the CLI's --verbose on stderr). */
  enkashWireLog?: EnkashLog;
};

export const DB_FILE = 'payout-desk.sqlite';

export function createMainContext(options: ContextOptions): MainContext {
  const log = createLogger(
    options.logToFile === false ? null : join(options.dataDir, 'logs', 'app.log'),
    options.logSink,
  );
  const ownDb = options.store
    ? null
    : openDatabase({ file: join(options.dataDir, DB_FILE), nativeBinding: options.nativeBinding });
  const store = options.store ?? sqliteStore(ownDb!);
  const db = ownDb ?? sqliteOnly(store);
  const settings = createSettingsService(options.settingsBackend, log);
  const vault = createVault({
    file: join(options.dataDir, 'credentials.json'),
    safeStorage: options.safeStorage,
    now: options.now,
  });
  const target = options.enkashTarget;
  const enkash = createEnkashAccess({
    dataDir: options.dataDir,
    target: target
      ? () => target(settings)
      : () => {
          const { environment, apiProfile } = settings.get();
          return { environment, profile: apiProfile, credentials: { from: 'vault', vault } };
        },
    log,
    wireLog: options.enkashWireLog,
    sandboxOptions: options.sandboxOptions,
    fetch: options.enkashFetch,
  });
  // A changed environment or profile must never reuse a client (and its token) built for another one; other
  // changes (a sheet import saving its column mapping) keep it. session() already keys its cache on
  // environment + base URL + profile; this drops it early only when one of those changed.
  let clientKey = JSON.stringify([settings.get().environment, settings.get().apiProfile]);
  settings.onChange((s) => {
    const next = JSON.stringify([s.environment, s.apiProfile]);
    if (next !== clientKey) enkash.invalidate();
    clientKey = next;
  });
  return {
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir ?? resolve('resources'),
    db,
    store,
    settings,
    vault,
    log,
    events: createEventBus(),
    enkash,
    now: options.now ?? (() => new Date()),
    appVersion: options.appVersion,
    platform: process.platform,
    sandboxUrl: () => enkash.sandboxUrl(),
    close: async () => {
      await enkash.stop();
      await store.close();
      ownDb?.close();
    },
  };
}
