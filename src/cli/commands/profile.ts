import { isAppError } from '../../shared/domain/errors';
import { apiProfileSchema } from '../../shared/settings/api-profile';
import { PRODUCTION_CONFIRMATION } from '../../shared/settings/profile-guard';
import { saveApiProfile } from '../../main/settings/profile-change';
import { flagText, ignoreConnectionFlags, parseArgs, UsageError, type CliCommand, type CliIo } from '../command';
import { openCliContext, readStoredSettings, resolveDataDir } from '../data-dir';
import { reportFailure } from '../enkash-from-env';
import { resolveDatabaseUrl } from '../database-url';
import { openPgStoreAt } from '../open-pg-store';
import { allowedText, NONE, parseKeyValue, profileKeys, valueAt, withValue } from '../profile-keys';

const USAGE = `profile show [--json] | profile set KEY VALUE [--confirm ${PRODUCTION_CONFIRMATION}] [--data-dir DIR]`;

function shownValue(v: unknown): string {
  if (v === null || v === undefined) return NONE;
  if (v === '') return '""';
  return String(v);
}

function show(io: CliIo, dataDir: string, asJson: boolean): number {
  const settings = readStoredSettings(dataDir);
  const keys = profileKeys();
  const flat = Object.fromEntries(keys.map((k) => [k.key, valueAt(settings.apiProfile, k.path) ?? null]));
  if (asJson) {
    io.out(JSON.stringify({ dataDir, environment: settings.environment, profile: flat }));
    return 0;
  }
  const width = Math.max(...keys.map((k) => k.key.length));
  for (const k of keys) io.out(`${k.key.padEnd(width)}  ${shownValue(flat[k.key])}`);
  io.err(`(environment: ${settings.environment}; data folder: ${dataDir})`);
  return 0;
}

async function set(
  io: CliIo,
  dataDir: string,
  key: string,
  raw: string,
  confirmation: string | undefined,
  asJson: boolean,
): Promise<number> {
  const keys = profileKeys();
  const k = keys.find((x) => x.key === key);
  if (!k) throw new UsageError(`Unknown profile key "${key}". Keys:\n  ${keys.map((x) => x.key).join('\n  ')}`);
  const parsed = parseKeyValue(k, raw);
  if (!parsed.ok) throw new UsageError(`${key} must be ${allowedText(k)}; got "${raw}".`);
  // Checked here too (not only in main's save), so a bad value names what is allowed and opens nothing.
  const current = readStoredSettings(dataDir).apiProfile;
  const next = withValue(current, k.path, parsed.value);
  const check = apiProfileSchema.safeParse(next);
  if (!check.success) {
    const issue = check.error.issues.find((i) => i.path.join('.') === key) ?? check.error.issues[0];
    throw new UsageError(`${key} must be ${issue?.message ?? 'valid'} (${allowedText(k)}); got "${raw}".`);
  }
  // The audit entry of a Production redirect goes to the journal's database: PostgreSQL when one is chosen.
  const url = resolveDatabaseUrl(undefined, io.env);
  const store = url
    ? await openPgStoreAt(url, (message) => io.err(`warning: PostgreSQL connection error: ${message}`))
    : undefined;
  let ctx;
  try {
    ctx = openCliContext(dataDir, { store });
  } catch (error) {
    await store?.close();
    throw error;
  }
  try {
    await saveApiProfile(ctx, check.data, { confirmation, source: 'cli' });
  } catch (error) {
    if (isAppError(error) && error.code === 'conflict' && error.details?.keys) {
      error.message = `${error.message} Pass --confirm ${PRODUCTION_CONFIRMATION} to change it.`;
    }
    throw error;
  } finally {
    await ctx.close();
  }
  const value = valueAt(check.data, k.path);
  if (asJson) io.out(JSON.stringify({ key, value }));
  else io.out(`${key} = ${shownValue(value)}`);
  return 0;
}

/** `profile show|set`: the API profile the app and every EnKash command use, in the data folder. */
export const profileCommand: CliCommand = {
  name: 'profile',
  summary: 'Show or change the API profile (paths, switches, limits …) stored in the data folder',
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json']);
    const asJson = flags.json === true;
    try {
      ignoreConnectionFlags(flags, io, 'profile');
      if (flags.env !== undefined)
        throw new UsageError(
          'The API profile is shared by every environment: --env does not apply (set baseUrls.uat, baseUrls.production … instead).',
        );
      const unknown = Object.keys(flags).find((f) => !['json', 'data-dir', 'confirm'].includes(f));
      if (unknown) throw new UsageError(`Unknown option --${unknown}`);
      const dataDir = resolveDataDir(flags, io.env);
      const [action, ...rest] = positionals;
      if (action === 'show') {
        if (rest.length) throw new UsageError(`Unexpected argument: ${rest[0]}`);
        if (flags.confirm !== undefined) throw new UsageError('--confirm goes with "profile set"');
        return show(io, dataDir, asJson);
      }
      if (action === 'set') {
        if (rest.length !== 2)
          throw new UsageError('Say "profile set KEY VALUE" (quote a value with spaces; "" for empty).');
        return await set(io, dataDir, rest[0]!, rest[1]!, flagText(flags.confirm, 'confirm'), asJson);
      }
      throw new UsageError('Say "profile show" or "profile set KEY VALUE".');
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    }
  },
};
