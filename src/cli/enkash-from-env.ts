import { AppError, isAppError, type AppErrorShape } from '../shared/ipc/errors';
import { createEnkashClient, type EnkashClient } from '../main/enkash/client';
import { KEY_DERIVATIONS, type KeyDerivation } from '../main/enkash/crypto';
import {
  baseUrlFor,
  DEFAULT_API_PROFILE,
  ENVIRONMENTS,
  type EnkashProfile,
  type Environment,
} from '../main/enkash/profile';
import type { FetchLike } from '../main/enkash/transport';
import { SANDBOX_DEMO } from '../main/sandbox/demo-credentials';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../main/sandbox/index';
import type { CliIo } from './command';

/**
 * An EnKash client for CLI commands. Credentials come ONLY from the environment (ENKASH_CLIENT_ID,
 * ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD) — never from argv, where they would sit in shell
 * history and `ps` output. The default environment is the built-in Sandbox, started in this process.
 */

/** Flags every EnKash-backed command accepts (besides its own). */
export const ENKASH_FLAGS = ['env', 'base-url', 'key-derivation', 'fund-source-id', 'data-dir', 'verbose'] as const;
export const ENKASH_USAGE =
  '[--env sandbox|uat|production|custom] [--base-url URL] [--key-derivation sha256-16|sha1-16|raw-16] [--fund-source-id ID]';

const CREDENTIAL_VARS = ['ENKASH_CLIENT_ID', 'ENKASH_CLIENT_SECRET', 'ENKASH_USERNAME', 'ENKASH_PASSWORD'] as const;

export type EnkashCliSession = {
  client: EnkashClient;
  environment: Environment;
  baseUrl: string;
  /** Stops the in-process Sandbox, if one was started. */
  close(): Promise<void>;
};

export type EnkashFromEnvDeps = {
  fetch?: FetchLike;
  sandboxOptions?: SandboxOptions;
  start?: (options: SandboxOptions) => Promise<SandboxHandle>;
};

/** A usage problem (exit 2), as opposed to an EnKash failure (exit 1). */
export class UsageError extends Error {}

function text(flag: string | true | undefined, name: string): string | undefined {
  if (flag === undefined) return undefined;
  if (flag === true || flag.trim() === '') throw new UsageError(`--${name} needs a value`);
  return flag.trim();
}

/** Builds the client from flags and environment; throws UsageError for bad flags or missing credentials. */
export async function enkashFromEnv(
  flags: Record<string, string | true>,
  io: Pick<CliIo, 'env' | 'err'>,
  deps: EnkashFromEnvDeps = {},
): Promise<EnkashCliSession> {
  const baseUrlFlag = text(flags['base-url'], 'base-url');
  const envFlag = text(flags.env, 'env') ?? (baseUrlFlag ? 'custom' : 'sandbox');
  if (!(ENVIRONMENTS as readonly string[]).includes(envFlag)) {
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}`);
  }
  const environment = envFlag as Environment;
  if (baseUrlFlag && environment === 'sandbox') throw new UsageError('--base-url cannot be used with --env sandbox');
  if (baseUrlFlag && !/^https?:\/\/[^\s/]+/i.test(baseUrlFlag))
    throw new UsageError('--base-url must be an http(s) URL');
  if (environment === 'custom' && !baseUrlFlag) throw new UsageError('--env custom needs --base-url URL');

  const derivationFlag = text(flags['key-derivation'], 'key-derivation');
  if (derivationFlag && !(KEY_DERIVATIONS as readonly string[]).includes(derivationFlag)) {
    throw new UsageError(`--key-derivation must be one of ${KEY_DERIVATIONS.join(', ')}`);
  }
  const fundSourceId = text(flags['fund-source-id'], 'fund-source-id') ?? io.env.ENKASH_FUND_SOURCE_ID?.trim();

  const profile: EnkashProfile = {
    ...DEFAULT_API_PROFILE,
    keyDerivation: (derivationFlag as KeyDerivation | undefined) ?? DEFAULT_API_PROFILE.keyDerivation,
    fundSourceId: fundSourceId || (environment === 'sandbox' ? SANDBOX_DEMO.fundSourceId : ''),
  };
  const log =
    flags.verbose === true
      ? (event: string, fields: Record<string, unknown>) => io.err(`[enkash] ${event} ${JSON.stringify(fields)}`)
      : undefined;

  if (environment === 'sandbox') {
    const handle = await (deps.start ?? startSandbox)({ port: 0, ...deps.sandboxOptions });
    const client = createEnkashClient({
      baseUrl: handle.url,
      profile,
      credentials: async () => ({ ...SANDBOX_DEMO }),
      fetch: deps.fetch,
      log,
    });
    return { client, environment, baseUrl: handle.url, close: () => handle.close() };
  }

  const missing = CREDENTIAL_VARS.filter((name) => !io.env[name]?.trim());
  if (missing.length) {
    throw new UsageError(`Set ${missing.join(', ')} in the environment (credentials are never taken from arguments).`);
  }
  const baseUrl = baseUrlFlag ?? baseUrlFor(environment, profile);
  const env = io.env;
  const client = createEnkashClient({
    baseUrl,
    profile,
    // Read at login time, so nothing is copied into a longer-lived object than needed.
    credentials: async () => ({
      clientId: env.ENKASH_CLIENT_ID!.trim(),
      clientSecret: env.ENKASH_CLIENT_SECRET!,
      username: env.ENKASH_USERNAME!.trim(),
      password: env.ENKASH_PASSWORD!,
    }),
    fetch: deps.fetch,
    log,
  });
  return { client, environment, baseUrl, close: async () => {} };
}

/** Reports a failure the way every EnKash command does, and returns its exit code (2 usage, 1 otherwise). */
export function reportFailure(error: unknown, io: CliIo, asJson: boolean, usage: string): number {
  if (error instanceof UsageError) {
    if (asJson) io.out(JSON.stringify({ error: { code: 'invalid_input', message: error.message } }));
    io.err(`${error.message}\nUsage: npm run cli -- ${usage}`);
    return 2;
  }
  const shape: AppErrorShape = isAppError(error)
    ? error.toShape()
    : new AppError('internal', error instanceof Error ? error.message : String(error)).toShape();
  if (asJson) io.out(JSON.stringify({ error: shape }));
  else {
    const extra = shape.details?.enkashMessage ? ` (EnKash: ${String(shape.details.enkashMessage)})` : '';
    io.err(`${shape.message}${extra} [${shape.code}]`);
  }
  return shape.code === 'invalid_input' ? 2 : 1;
}

/** Unknown flags are a usage error: a mistyped --env must not silently fall back to another environment. */
export function checkFlags(flags: Record<string, string | true>, own: readonly string[]): void {
  const unknown = Object.keys(flags).find((f) => !own.includes(f) && !(ENKASH_FLAGS as readonly string[]).includes(f));
  if (unknown) throw new UsageError(`Unknown option --${unknown}`);
}

/** Paise → "1,23,456.78" by string arithmetic (Indian digit grouping for the rupees). */
export function formatRupees(paise: number): string {
  const negative = paise < 0;
  const digits = String(Math.abs(paise)).padStart(3, '0');
  const rupees = new Intl.NumberFormat('en-IN').format(BigInt(digits.slice(0, -2)));
  return `${negative ? '-' : ''}₹${rupees}.${digits.slice(-2)}`;
}
