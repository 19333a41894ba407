import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/domain/errors';
import { DB_FILE } from '../main/context';
import { openDatabase } from '../main/db/open';
import { sqliteStore, type Store } from '../main/db/store/store';
import { ignoreConnectionFlags, onlyOptions, parseArgs, type CliCommand, type CliIo } from './command';
import { resolveDataDir } from './data-dir';
import { resolveDatabaseUrl } from './database-url';
import { reportFailure } from './enkash-from-env';
import { openPgStoreAt } from './open-pg-store';

/** The journal's database for an offline command, and how to let go of it when the command ends. */
export type HistoryStore = { store: Store; dataDir: string; close(): Promise<void> };

/** The data folder's SQLite file, refused when it does not exist: reading history must not create one. */
function existingHistoryFile(flags: Record<string, string | true>, io: CliIo): { file: string; dataDir: string } {
  const dataDir = resolveDataDir(flags, io.env);
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file))
    throw new AppError('not_found', `No Payout Desk history in ${dataDir} (looked for ${DB_FILE}).`, { dataDir });
  return { file, dataDir };
}

/**
 * The history database an offline command reads (and the few that write: settle, the remembered Tally ledgers):
 * PostgreSQL when io.env holds PAYOUT_DESK_DATABASE_URL (database-choice.ts puts --database-url there), else the
 * data folder's SQLite file (--data-dir, else PAYOUT_DESK_DATA_DIR, else the app's). On SQLite a folder without
 * the file is refused, never given an empty database by mistake. On PostgreSQL nothing in the data folder is read
 * or created; the database is migrated like every other command's (a newer schema is refused, open-pg-store.ts).
 */
export async function openHistoryStore(flags: Record<string, string | true>, io: CliIo): Promise<HistoryStore> {
  const url = resolveDatabaseUrl(undefined, io.env);
  if (url !== undefined) {
    const store = await openPgStoreAt(url, (message) => io.err(`warning: PostgreSQL connection error: ${message}`));
    return { store, dataDir: resolveDataDir(flags, io.env), close: () => store.close() };
  }
  const { file, dataDir } = existingHistoryFile(flags, io);
  const db = openDatabase({ file });
  return {
    store: sqliteStore(db),
    dataDir,
    close: async () => {
      db.close();
    },
  };
}

export type OfflineStoreContext = {
  flags: Record<string, string | true>;
  io: CliIo;
  asJson: boolean;
  /** Opens the journal's database once (after the flags are checked); closed when the command ends. */
  store: () => Promise<Store>;
};

/**
 * A command that only reads or writes the journal (no EnKash), on either engine: `--json`, `--data-dir`,
 * connection flags ignored with a note, unknown options refused, the database opened late and always closed, and
 * failures reported the CLI's one way (exit 1, or 2 for usage).
 */
export function offlineStoreCommand(
  spec: { name: string; summary: string; usage: string; options: readonly string[] },
  body: (ctx: OfflineStoreContext) => Promise<number>,
): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['json']);
      const asJson = flags.json === true;
      const held: { opening: Promise<HistoryStore> | null } = { opening: null };
      try {
        ignoreConnectionFlags(flags, io, spec.name, ['env']);
        onlyOptions(flags, positionals, [...spec.options, 'data-dir', 'json']);
        const store = async () => (await (held.opening ??= openHistoryStore(flags, io))).store;
        return await body({ flags, io, asJson, store });
      } catch (error) {
        return reportFailure(error, io, asJson, spec.usage);
      } finally {
        // A failed open has nothing to close.
        await held.opening?.then((h) => h.close()).catch(() => undefined);
      }
    },
  };
}
