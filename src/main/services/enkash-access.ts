import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/domain/errors';
import {
  baseUrlFor,
  verificationBaseUrlFor,
  type EnkashProfile,
  type Environment,
} from '../../shared/settings/api-profile';
import { createEnkashClient, type EnkashClient } from '../enkash/client';
import type { EnkashLog } from '../enkash/redact';
import type { FetchLike } from '../enkash/transport';
import type { CredentialsProvider, LoginLockStore } from '../enkash/token-manager';
import { SANDBOX_DEMO } from '../sandbox/demo-credentials';
import { acquireFolderSandbox, type FolderSandbox, stillServing } from '../sandbox/folder-sandbox';
import type { SandboxHandle, SandboxOptions } from '../sandbox/index';
import type { Logger } from '../log';
import type { Vault } from '../settings/vault';

export type EnkashSession = { client: EnkashClient; environment: Environment; profile: EnkashProfile };

/**
 * Where the credentials come from: the app's vault (Settings), or — for the CLI — ONLY the process environment
 * (ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD), never argv. The Sandbox always
 * uses its built-in demo credentials.
 */
export type CredentialSource = { from: 'vault'; vault: Vault } | { from: 'env'; env: NodeJS.ProcessEnv };

/** Where and as whom to connect, read afresh for every session() so a Settings change is seen. */
export type SessionTarget = {
  environment: Environment;
  profile: EnkashProfile;
  /** Overrides the profile's base URL: the CLI's --base-url, which may name a Sandbox already on loopback. */
  baseUrl?: string;
  credentials: CredentialSource;
};

export type EnkashAccess = {
  /** The client for the target, built (and its token cache kept) until the target changes. */
  session(): Promise<EnkashSession>;
  /** Drop the cached client, e.g. after new credentials were saved, so the next call logs in afresh. */
  invalidate(): void;
  sandboxUrl(): string | null;
  sandbox(): SandboxHandle | null;
  /** Lets go of the data folder's Sandbox (it stops when nobody else in this process uses it). */
  stop(): Promise<void>;
};

export const CREDENTIAL_VARS = [
  'ENKASH_CLIENT_ID',
  'ENKASH_CLIENT_SECRET',
  'ENKASH_USERNAME',
  'ENKASH_PASSWORD',
] as const;

function credentialsMissing(source: CredentialSource, environment: Environment): string | null {
  if (source.from === 'vault') {
    return source.vault.status(environment).hasCredentials
      ? null
      : 'No EnKash credentials are saved for this environment; add them in Settings.';
  }
  const missing = CREDENTIAL_VARS.filter((name) => !source.env[name]?.trim());
  return missing.length ? `Set ${missing.join(', ')} in the environment.` : null;
}

/** Credentials read at login time, so nothing is copied into a longer-lived object. */
function credentialsProvider(source: CredentialSource, environment: Environment): CredentialsProvider {
  if (environment === 'sandbox') return async () => ({ ...SANDBOX_DEMO });
  if (source.from === 'vault') return async () => source.vault.read(environment);
  const { env } = source;
  return async () => ({
    clientId: env.ENKASH_CLIENT_ID!.trim(),
    clientSecret: env.ENKASH_CLIENT_SECRET!,
    username: env.ENKASH_USERNAME!.trim(),
    password: env.ENKASH_PASSWORD!,
  });
}

/**
 * The one place an EnKash session (client, token manager, transport) is built, for the app and the CLI alike.
 * Sandbox uses the data folder's one simulator (sandbox/folder-sandbox.ts): started here on first use or, when
 * another process already serves the folder, that one; its state persists there, so payouts survive a restart
 * like they would at EnKash. The other environments read credentials at login time and never hand them out.
 */
export function createEnkashAccess(deps: {
  dataDir: string;
  target: () => SessionTarget;
  log: Logger;
  /** Extra wire log (the CLI's --verbose); the client redacts secrets before it logs. */
  wireLog?: EnkashLog;
  sandboxOptions?: SandboxOptions;
  /** Tests observe the wire through this; the app uses Node's fetch. */
  fetch?: FetchLike;
}): EnkashAccess {
  let sandbox: FolderSandbox | null = null;
  let starting: Promise<FolderSandbox> | null = null;
  let cached: { key: string; session: EnkashSession } | null = null;

  const ensureSandbox = async (): Promise<string> => {
    // A folder Sandbox served by another process (the open app, `sandbox --data-dir`) can go away with it:
    // then this process takes the folder over, starting from the state that process left.
    if (sandbox && !stillServing(deps.dataDir, sandbox)) {
      deps.log.info('sandbox.gone', { url: sandbox.url });
      sandbox = null;
      starting = null;
    }
    if (sandbox) return sandbox.url;
    starting ??= acquireFolderSandbox(deps.dataDir, deps.sandboxOptions).then(
      (acquired) => {
        sandbox = acquired;
        deps.log.info(acquired.handle ? 'sandbox.started' : 'sandbox.shared', {
          url: acquired.url,
          ...(acquired.handle ? {} : { pid: acquired.pid }),
        });
        return acquired;
      },
      (error: unknown) => {
        starting = null;
        throw new AppError('enkash_unavailable', `The Sandbox simulator could not start: ${(error as Error).message}`);
      },
    );
    return (await starting).url;
  };

  const enkashLog: EnkashLog = (event, fields) => {
    deps.log.info(`enkash.${event}`, fields);
    deps.wireLog?.(event, fields);
  };

  return {
    async session() {
      const target = deps.target();
      const { environment } = target;
      let baseUrl: string;
      let profile = target.profile;
      if (environment === 'sandbox') {
        baseUrl = target.baseUrl ?? (await ensureSandbox());
        profile = { ...profile, fundSourceId: profile.fundSourceId || SANDBOX_DEMO.fundSourceId };
      } else {
        try {
          baseUrl = target.baseUrl ?? baseUrlFor(environment, profile);
        } catch (error) {
          throw new AppError('invalid_input', (error as Error).message);
        }
        const missing = credentialsMissing(target.credentials, environment);
        if (missing) throw new AppError('credentials_missing', missing);
      }
      const key = JSON.stringify([environment, baseUrl, profile, target.credentials.from]);
      if (cached?.key === key) return cached.session;
      const client = createEnkashClient({
        baseUrl,
        // Verification's own host when the profile names one; an explicit --base-url / target URL wins.
        verificationBaseUrl: target.baseUrl ? baseUrl : verificationBaseUrlFor(environment, profile, baseUrl),
        profile,
        credentials: credentialsProvider(target.credentials, environment),
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
    /** The simulator when this process runs it (tests read its ledger); null when another process serves it. */
    sandbox: () => sandbox?.handle ?? null,
    async stop() {
      const s = sandbox ?? (starting ? await starting.catch(() => null) : null);
      sandbox = null;
      starting = null;
      cached = null;
      await s?.release();
    },
  };
}

/**
 * The bad-login lock of one environment, in the data folder so that neither a rebuilt client nor a restart
 * (nor the next CLI run) forgets it. It holds a salted hash of the credentials (see token-manager), never one.
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
