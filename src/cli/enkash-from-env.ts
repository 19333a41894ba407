import { formatPaise } from '../shared/format/rupees';
import { KEY_DERIVATIONS, type KeyDerivation } from '../main/enkash/crypto';
import { type ApiProfile, ENVIRONMENTS, type Environment } from '../shared/settings/api-profile';
import { SANDBOX_DEMO } from '../main/sandbox/demo-credentials';
import { CREDENTIAL_VARS } from '../main/services/enkash-access';
import { flagText, UsageError, type CliIo } from './command';

export { UsageError } from './command';
export { reportFailure } from './report';

/**
 * The connection flags of the EnKash-backed CLI commands and their one failure report. The session itself is
 * built by the app's factory (src/main/services/enkash-access.ts, through openCliApp): credentials come ONLY
 * from the environment (ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD) — never from
 * argv, where they would sit in shell history and `ps` output. The API profile (paths, switches, key
 * derivation, limits …) is the one stored in the data folder, as in the app.
 */

/** Flags every EnKash-backed command accepts (besides its own). */
export const ENKASH_FLAGS = ['env', 'base-url', 'key-derivation', 'fund-source-id', 'data-dir', 'verbose'] as const;
export const ENKASH_USAGE =
  '[--env sandbox|uat|production|custom] [--base-url URL] [--key-derivation sha256-16|sha1-16|raw-16] [--fund-source-id ID] [--data-dir DIR]';

/** Where a command connects, from its flags; shared by the one-call commands and the journal commands. */
export type ConnectionTarget = {
  environment: Environment;
  baseUrl?: string;
  derivation?: KeyDerivation;
  fundSourceId?: string;
};

/** The environment `--env` names (without it: custom when --base-url is given, else the Sandbox). */
export function environmentFromFlags(flags: Record<string, string | true>): Environment {
  const envName = flagText(flags.env, 'env') ?? (flagText(flags['base-url'], 'base-url') ? 'custom' : 'sandbox');
  if (!(ENVIRONMENTS as readonly string[]).includes(envName))
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}`);
  return envName as Environment;
}

/**
 * Validates the connection flags (UsageError on any problem, before anything is opened). `sandboxBaseUrl`:
 * whether `--env sandbox --base-url` may name a simulator already running on loopback (journal commands) or
 * is refused (one-call commands use the data folder's Sandbox).
 */
export function parseConnectionFlags(
  flags: Record<string, string | true>,
  env: NodeJS.ProcessEnv,
  opts: { sandboxBaseUrl: 'loopback' | 'refuse' },
): ConnectionTarget {
  const baseUrl = flagText(flags['base-url'], 'base-url');
  const environment = environmentFromFlags(flags);
  if (baseUrl && environment === 'sandbox' && opts.sandboxBaseUrl === 'refuse')
    throw new UsageError('--base-url cannot be used with --env sandbox');
  if (baseUrl && !/^https?:\/\/[^\s/]+/i.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
  // The demo credentials open only the local simulator; never send them anywhere else.
  if (environment === 'sandbox' && baseUrl && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/i.test(baseUrl)) {
    throw new UsageError('--env sandbox with --base-url must point at a simulator on 127.0.0.1');
  }
  // Real credentials (and in Production real money) must not travel in clear or to a plain-http redirect.
  if ((environment === 'production' || environment === 'uat') && baseUrl && !/^https:\/\//i.test(baseUrl)) {
    throw new UsageError(`--env ${environment} needs an https:// --base-url; ${baseUrl} is refused.`);
  }
  if (environment === 'custom' && !baseUrl) throw new UsageError('--env custom needs --base-url URL');
  const derivation = flagText(flags['key-derivation'], 'key-derivation');
  if (derivation && !(KEY_DERIVATIONS as readonly string[]).includes(derivation)) {
    throw new UsageError(`--key-derivation must be one of ${KEY_DERIVATIONS.join(', ')}`);
  }
  if (environment !== 'sandbox') {
    const missing = CREDENTIAL_VARS.filter((name) => !env[name]?.trim());
    if (missing.length)
      throw new UsageError(
        `Set ${missing.join(', ')} in the environment (credentials are never taken from arguments).`,
      );
  }
  const fundSourceId = flagText(flags['fund-source-id'], 'fund-source-id') ?? env.ENKASH_FUND_SOURCE_ID?.trim();
  return { environment, baseUrl, derivation: derivation as KeyDerivation | undefined, fundSourceId };
}

/** The stored profile with this run's overrides (flags win; Sandbox falls back to the demo fund source). */
export function cliProfile(stored: ApiProfile, target: ConnectionTarget): ApiProfile {
  return {
    ...stored,
    keyDerivation: target.derivation ?? stored.keyDerivation,
    fundSourceId:
      target.fundSourceId || stored.fundSourceId || (target.environment === 'sandbox' ? SANDBOX_DEMO.fundSourceId : ''),
  };
}

/** The `--verbose` wire log on stderr (the client redacts secrets before it logs). */
export function verboseLog(flags: Record<string, string | true>, io: Pick<CliIo, 'err'>) {
  return flags.verbose === true
    ? (event: string, fields: Record<string, unknown>) => io.err(`[enkash] ${event} ${JSON.stringify(fields)}`)
    : undefined;
}

/** Unknown flags are a usage error: a mistyped --env must not silently fall back to another environment. */
export function checkFlags(flags: Record<string, string | true>, own: readonly string[]): void {
  const unknown = Object.keys(flags).find((f) => !own.includes(f) && !(ENKASH_FLAGS as readonly string[]).includes(f));
  if (unknown) throw new UsageError(`Unknown option --${unknown}`);
}

/** Paise → "₹1,23,456.78": the app's one rupee formatter (src/shared/format/rupees.ts), kept under this name. */
export const formatRupees = (paise: number): string => formatPaise(paise);
