import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MainContext } from '../main/context';
import { createEnkashClient } from '../main/enkash/client';
import { type ApiProfile, baseUrlFor, type Environment } from '../main/enkash/profile';
import type { FetchLike } from '../main/enkash/transport';
import { startSandbox, type SandboxHandle } from '../main/sandbox/index';
import { DEFAULT_TIMING, type JournalDeps, type JournalEvent, type JournalTiming } from '../main/services/journal/deps';
import { flagText, UsageError, type CliIo } from './command';
import { openCliContext, resolveDataDir } from './data-dir';
import { cliProfile, credentialsFor, parseConnectionFlags, verboseLog } from './enkash-from-env';

export { defaultDataDir } from './data-dir';

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

export type CliApp = {
  ctx: MainContext;
  deps: JournalDeps;
  environment: Environment;
  close(): Promise<void>;
};

function ms(flag: string | true | undefined, name: string): number | undefined {
  const v = flagText(flag, name);
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
  const target = parseConnectionFlags(flags, io.env, { sandboxBaseUrl: 'loopback' });
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
  const ctx = openCliContext(dataDir);
  // The same profile (chunk size, limits, paths) for the client and the journal, from the app's settings.
  const profile: ApiProfile = cliProfile(ctx.settings.get().apiProfile, target);

  let sandbox: SandboxHandle | null = null;
  let url = target.baseUrl;
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
  const client = createEnkashClient({
    baseUrl: url,
    profile,
    credentials: credentialsFor(environment, io.env),
    fetch: opts.fetch,
    log: verboseLog(flags, io),
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
