import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/ipc/errors';
import type { Environment } from '../../shared/settings/api-profile';
import { createEnkashClient, type EnkashClient } from '../enkash/client';
import type { FetchLike } from '../enkash/transport';
import type { LoginLockStore } from '../enkash/token-manager';
import { baseUrlFor, type EnkashProfile } from '../enkash/profile';
import { SANDBOX_DEMO } from '../sandbox/demo-credentials';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../sandbox/index';
import type { Logger } from '../log';
import type { SettingsService } from '../settings/settings-service';
import type { Vault } from '../settings/vault';

export type EnkashSession = { client: EnkashClient; environment: Environment; profile: EnkashProfile };

export type EnkashAccess = {
  /** The client for the environment in Settings, built (and its token cache kept) until settings change. */
  session(): Promise<EnkashSession>;
  /** Drop the cached client, e.g. after new credentials were saved, so the next call logs in afresh. */
  invalidate(): void;
  sandboxUrl(): string | null;
  sandbox(): SandboxHandle | null;
  stop(): Promise<void>;
};

/**
 * Builds EnKash clients for the current environment. Sandbox starts the built-in simulator in this process on
 * first use (its state persists in the data folder, so payouts survive a restart like they would at EnKash);
 * the other environments read credentials from the vault at login time and never hand them out.
 */
export function createEnkashAccess(deps: {
  dataDir: string;
  settings: SettingsService;
  vault: Vault;
  log: Logger;
  sandboxOptions?: SandboxOptions;
  /** Tests observe the wire through this; the app uses Node's fetch. */
  fetch?: FetchLike;
}): EnkashAccess {
  let sandbox: SandboxHandle | null = null;
  let starting: Promise<SandboxHandle> | null = null;
  let cached: { key: string; session: EnkashSession } | null = null;

  const ensureSandbox = (): Promise<SandboxHandle> => {
    if (sandbox) return Promise.resolve(sandbox);
    const dir = join(deps.dataDir, 'sandbox');
    mkdirSync(dir, { recursive: true });
    starting ??= startSandbox({ stateFile: join(dir, 'state.json'), ...deps.sandboxOptions }).then(
      (handle) => {
        sandbox = handle;
        deps.log.info('sandbox.started', { url: handle.url });
        return handle;
      },
      (error: unknown) => {
        starting = null;
        throw new AppError('enkash_unavailable', `The Sandbox simulator could not start: ${(error as Error).message}`);
      },
    );
    return starting;
  };

  const enkashLog = (event: string, fields?: Record<string, unknown>) => deps.log.info(`enkash.${event}`, fields);

  return {
    async session() {
      const { environment, apiProfile } = deps.settings.get();
      let baseUrl: string;
      let profile: EnkashProfile = apiProfile;
      if (environment === 'sandbox') {
        baseUrl = (await ensureSandbox()).url;
        profile = { ...apiProfile, fundSourceId: apiProfile.fundSourceId || SANDBOX_DEMO.fundSourceId };
      } else {
        try {
          baseUrl = baseUrlFor(environment, apiProfile);
        } catch (error) {
          throw new AppError('invalid_input', (error as Error).message);
        }
        if (!deps.vault.status(environment).hasCredentials) {
          throw new AppError(
            'credentials_missing',
            'No EnKash credentials are saved for this environment; add them in Settings.',
          );
        }
      }
      const key = JSON.stringify([environment, baseUrl, profile]);
      if (cached?.key === key) return cached.session;
      const credentials =
        environment === 'sandbox' ? async () => ({ ...SANDBOX_DEMO }) : async () => deps.vault.read(environment);
      const client = createEnkashClient({
        baseUrl,
        profile,
        credentials,
        log: enkashLog,
        fetch: deps.fetch,
        loginLock: fileLoginLock(deps.dataDir, environment),
      });
      cached = { key, session: { client, environment, profile } };
      return cached.session;
    },
    invalidate() {
      cached = null;
    },
    sandboxUrl: () => sandbox?.url ?? null,
    sandbox: () => sandbox,
    async stop() {
      const s = sandbox ?? (starting ? await starting.catch(() => null) : null);
      sandbox = null;
      starting = null;
      await s?.close();
    },
  };
}

/**
 * The bad-login lock of one environment, in the data folder so that neither a rebuilt client nor a restart
 * forgets it. It holds a salted hash of the credentials (see token-manager), never a credential.
 */
export function fileLoginLock(dataDir: string, environment: Environment): LoginLockStore {
  const dir = join(dataDir, 'login-lock');
  const file = join(dir, `${environment}.lock`);
  return {
    read() {
      try {
        return readFileSync(file, 'utf8').trim() || null;
      } catch {
        return null;
      }
    },
    write(value) {
      if (value === null) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, value, { mode: 0o600 });
    },
  };
}
