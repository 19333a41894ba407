import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createMainContext, type MainContext } from '../main/context';
import { createEnkashClient } from '../main/enkash/client';
import { KEY_DERIVATIONS, type KeyDerivation } from '../main/enkash/crypto';
import { type ApiProfile, baseUrlFor, ENVIRONMENTS, type Environment } from '../main/enkash/profile';
import type { FetchLike } from '../main/enkash/transport';
import { SANDBOX_DEMO } from '../main/sandbox/demo-credentials';
import { startSandbox, type SandboxHandle } from '../main/sandbox/index';
import { DEFAULT_TIMING, type JournalDeps, type JournalEvent, type JournalTiming } from '../main/services/journal/deps';
import { createConfBackend } from '../main/settings/conf-backend';
import type { SafeStorageLike } from '../main/settings/vault';
import type { CliIo } from './command';
import { UsageError } from './enkash-from-env';

/**
 * The app, headless: the same SQLite history, settings file and journal services as the desktop app, for the
 * `submit` and `reconcile` commands. The data folder is --data-dir, else PAYOUT_DESK_DATA_DIR, else the folder
 * the desktop app uses, so a batch started in one can be reconciled from the other.
 *
 * EnKash: --env sandbox (default) starts the built-in simulator with its state kept in the data folder (so a
 * later `reconcile` talks to the same simulated EnKash), or with --base-url talks to a simulator already
 * running on loopback (`npm run cli -- sandbox`). Other environments take credentials ONLY from ENKASH_CLIENT_ID,
 * ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD — never from arguments.
 */

export const APP_FLAGS = [
  'env',
  'base-url',
  'data-dir',
  'key-derivation',
  'fund-source-id',
  'verbose',
  'grace-ms',
  'poll-ms',
] as const;

const PRODUCT_NAME = 'EnKash Payout Desk';
const CREDENTIAL_VARS = ['ENKASH_CLIENT_ID', 'ENKASH_CLIENT_SECRET', 'ENKASH_USERNAME', 'ENKASH_PASSWORD'] as const;

/** Where Electron keeps `userData` for this app on each platform (app.getPath('userData')). */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

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

export type CliApp = {
  ctx: MainContext;
  deps: JournalDeps;
  environment: Environment;
  close(): Promise<void>;
};

function text(flag: string | true | undefined, name: string): string | undefined {
  if (flag === undefined) return undefined;
  if (flag === true || flag.trim() === '') throw new UsageError(`--${name} needs a value`);
  return flag.trim();
}

function ms(flag: string | true | undefined, name: string): number | undefined {
  const v = text(flag, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--${name} needs a whole number of milliseconds`);
  return Number(v);
}

/** Opens the data folder and builds the journal deps for the chosen environment. Throws UsageError on bad flags. */
export async function openCliApp(
  flags: Record<string, string | true>,
  io: CliIo,
  opts: { emit?: (e: JournalEvent) => void; fetch?: FetchLike } = {},
): Promise<CliApp> {
  const baseUrl = text(flags['base-url'], 'base-url');
  const envName = text(flags.env, 'env') ?? (baseUrl ? 'custom' : 'sandbox');
  if (!(ENVIRONMENTS as readonly string[]).includes(envName))
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}`);
  const environment = envName as Environment;
  if (baseUrl && !/^https?:\/\/[^\s/]+/i.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
  // The demo credentials open only the local simulator; never send them anywhere else.
  if (environment === 'sandbox' && baseUrl && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/i.test(baseUrl)) {
    throw new UsageError('--env sandbox with --base-url must point at a simulator on 127.0.0.1');
  }
  if (environment === 'custom' && !baseUrl) throw new UsageError('--env custom needs --base-url URL');
  const derivation = text(flags['key-derivation'], 'key-derivation');
  if (derivation && !(KEY_DERIVATIONS as readonly string[]).includes(derivation)) {
    throw new UsageError(`--key-derivation must be one of ${KEY_DERIVATIONS.join(', ')}`);
  }
  if (environment !== 'sandbox') {
    const missing = CREDENTIAL_VARS.filter((name) => !io.env[name]?.trim());
    if (missing.length)
      throw new UsageError(
        `Set ${missing.join(', ')} in the environment (credentials are never taken from arguments).`,
      );
  }
  const timing: JournalTiming = { ...DEFAULT_TIMING };
  const grace = ms(flags['grace-ms'], 'grace-ms');
  if (grace !== undefined) timing.unknownGraceMs = grace;
  const poll = ms(flags['poll-ms'], 'poll-ms');
  if (poll !== undefined) {
    timing.unknownRecheckMs = poll;
    timing.pollDelaysMs = [poll];
  }

  const dataDir =
    text(flags['data-dir'], 'data-dir') ?? (io.env.PAYOUT_DESK_DATA_DIR?.trim() || defaultDataDir(io.env));
  const ctx = createMainContext({
    dataDir,
    settingsBackend: createConfBackend(dataDir),
    safeStorage: NO_KEYCHAIN,
    appVersion: 'cli',
  });
  const settingsProfile = ctx.settings.get().apiProfile;
  const fundSourceId = text(flags['fund-source-id'], 'fund-source-id') ?? io.env.ENKASH_FUND_SOURCE_ID?.trim();
  // The same profile (chunk size, limits, paths) for the client and the journal, from the app's settings.
  const profile: ApiProfile = {
    ...settingsProfile,
    keyDerivation: (derivation as KeyDerivation | undefined) ?? settingsProfile.keyDerivation,
    fundSourceId:
      fundSourceId || settingsProfile.fundSourceId || (environment === 'sandbox' ? SANDBOX_DEMO.fundSourceId : ''),
  };

  let sandbox: SandboxHandle | null = null;
  let url = baseUrl;
  try {
    if (environment === 'sandbox' && !url) {
      mkdirSync(join(dataDir, 'sandbox'), { recursive: true });
      sandbox = await startSandbox({ stateFile: join(dataDir, 'sandbox', 'state.json') });
      url = sandbox.url;
    }
    url ??= baseUrlFor(environment, profile);
  } catch (error) {
    await ctx.close();
    throw error;
  }
  const env = io.env;
  const log =
    flags.verbose === true
      ? (event: string, fields: Record<string, unknown>) => io.err(`[enkash] ${event} ${JSON.stringify(fields)}`)
      : undefined;
  const client = createEnkashClient({
    baseUrl: url,
    profile,
    credentials:
      environment === 'sandbox'
        ? async () => ({ ...SANDBOX_DEMO })
        : async () => ({
            clientId: env.ENKASH_CLIENT_ID!.trim(),
            clientSecret: env.ENKASH_CLIENT_SECRET!,
            username: env.ENKASH_USERNAME!.trim(),
            password: env.ENKASH_PASSWORD!,
          }),
    fetch: opts.fetch,
    log,
  });
  const deps: JournalDeps = {
    db: ctx.db,
    session: async () => ({ client, environment, profile }),
    environment: () => environment,
    profile: () => profile,
    now: ctx.now,
    log: ctx.log,
    emit: opts.emit,
    timing,
  };
  return {
    ctx,
    deps,
    environment,
    async close() {
      await sandbox?.close();
      await ctx.close();
    },
  };
}
