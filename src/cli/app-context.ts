import type { ContextOptions, MainContext } from '../main/context';
import type { FetchLike } from '../main/enkash/transport';
import { DEFAULT_TIMING, type JournalDeps, type JournalEvent, type JournalTiming } from '../main/services/journal/deps';
import type { ApiProfile, Environment } from '../shared/settings/api-profile';
import { verificationCacheDays } from '../shared/settings/verification-settings';
import { flagText, UsageError, type CliIo } from './command';
import { openCliContext, resolveDataDir } from './data-dir';
import { resolveDatabaseUrl } from './database-url';
import { cliProfile, type ConnectionTarget, parseConnectionFlags, verboseLog } from './enkash-from-env';
import { openPgStoreAt } from './open-pg-store';

export { defaultDataDir } from './data-dir';

/**
 * The app, headless: the same history (the data folder's SQLite file, or PostgreSQL with --database-url), settings file, EnKash session factory and services as the
 * desktop app. The data folder is --data-dir, else PAYOUT_DESK_DATA_DIR, else the folder the desktop app uses,
 * so a batch started in one can be reconciled from the other.
 *
 * EnKash: --env sandbox (default) uses the data folder's Sandbox — the same simulated EnKash, with the same
 * ledger, that the app and every other command on that folder see — or, for the journal commands, with
 * --base-url a simulator already running on loopback (`npm run cli -- sandbox`). Other environments take
 * credentials ONLY from ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD — never from
 * arguments.
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

export type CliApp = {
  ctx: MainContext;
  deps: JournalDeps;
  environment: Environment;
  close(): Promise<void>;
};

export type CliAppOptions = {
  emit?: (e: JournalEvent) => void;
  /** Tests watch the wire with it. */
  fetch?: FetchLike;
  /**
   * Whether `--env sandbox --base-url` may name a simulator already running on loopback (journal commands) or
   * is refused (the one-call commands, which use the data folder's Sandbox).
   */
  sandboxBaseUrl?: 'loopback' | 'refuse';
};

function ms(flag: string | true | undefined, name: string): number | undefined {
  const v = flagText(flag, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--${name} needs a whole number of milliseconds`);
  return Number(v);
}

/**
 * Opens the data folder with the session for the chosen environment, and the journal deps over it; the journal's
 * database is PostgreSQL when io.env holds PAYOUT_DESK_DATABASE_URL (database-choice.ts puts --database-url there).
 * Throws UsageError on bad flags before anything is opened, and a masked `db_error` when PostgreSQL cannot be used.
 */
export async function openCliApp(
  flags: Record<string, string | true>,
  io: CliIo,
  opts: CliAppOptions = {},
): Promise<CliApp> {
  const target = parseConnectionFlags(flags, io.env, { sandboxBaseUrl: opts.sandboxBaseUrl ?? 'loopback' });
  const { environment } = target;
  const timing: JournalTiming = { ...DEFAULT_TIMING };
  const grace = ms(flags['grace-ms'], 'grace-ms');
  if (grace !== undefined) timing.unknownGraceMs = grace;
  const poll = ms(flags['poll-ms'], 'poll-ms');
  if (poll !== undefined) {
    timing.unknownRecheckMs = poll;
    timing.pollDelaysMs = [poll];
  }

  const dataDir = resolveDataDir(flags, io.env);
  // PostgreSQL first: an unreachable server or a newer schema fails before the data folder is touched.
  const databaseUrl = resolveDatabaseUrl(undefined, io.env);
  const store = databaseUrl
    ? await openPgStoreAt(databaseUrl, (message) => io.err(`warning: PostgreSQL connection error: ${message}`))
    : undefined;
  let ctx: MainContext;
  try {
    ctx = openCliContext(dataDir, { store, ...enkashOptions(flags, io, target, opts) });
  } catch (error) {
    await store?.close();
    throw error;
  }
  try {
    // Fails now, not after staging, on a base URL the profile cannot give; starts the Sandbox if it is one.
    await ctx.enkash.session();
  } catch (error) {
    await ctx.close();
    throw error;
  }
  // The same profile (chunk size, limits, paths) for the client and the journal, from the app's settings.
  const profile: ApiProfile = cliProfile(ctx.settings.get().apiProfile, target);
  const deps: JournalDeps = {
    store: ctx.store,
    db: ctx.db,
    session: () => ctx.enkash.session(),
    environment: () => environment,
    profile: () => profile,
    now: ctx.now,
    log: ctx.log,
    emit: opts.emit,
    timing,
    verificationCacheDays: () => verificationCacheDays(ctx.settings.get()),
  };
  return { ctx, deps, environment, close: () => ctx.close() };
}

function enkashOptions(
  flags: Record<string, string | true>,
  io: CliIo,
  target: ConnectionTarget,
  opts: CliAppOptions,
): Pick<ContextOptions, 'enkashTarget' | 'enkashWireLog' | 'enkashFetch'> {
  const { environment } = target;
  return {
    enkashTarget: (settings) => ({
      environment,
      profile: cliProfile(settings.get().apiProfile, target),
      baseUrl: target.baseUrl,
      credentials: { from: 'env', env: io.env },
    }),
    enkashWireLog: verboseLog(flags, io),
    enkashFetch: opts.fetch,
  };
}
