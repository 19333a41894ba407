import { ignoreConnectionFlags, onlyOptions, parseArgs, type CliCommand, type CliIo } from '../command';
import { reportFailure } from '../enkash-from-env';
import type { Db } from '../../main/db/open';
import { openHistoryDb } from './history';

export type OfflineContext = {
  flags: Record<string, string | true>;
  io: CliIo;
  asJson: boolean;
  /** Opens the data folder's database once (after the flags are checked); closed when the command ends. */
  db: () => Db;
};

/**
 * A command that only reads or writes the local journal (no EnKash): `--json`, `--data-dir`, connection flags
 * ignored with a note, unknown options refused, the database opened late and always closed, and failures
 * reported the CLI's one way (exit 1, or 2 for usage).
 */
export function offlineCommand(
  spec: { name: string; summary: string; usage: string; options: readonly string[] },
  body: (ctx: OfflineContext) => Promise<number> | number,
): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['json']);
      const asJson = flags.json === true;
      const held: { db: Db | null } = { db: null };
      try {
        ignoreConnectionFlags(flags, io, spec.name, ['env']);
        onlyOptions(flags, positionals, [...spec.options, 'data-dir', 'json']);
        const db = () => (held.db ??= openHistoryDb(flags, io).db);
        return await body({ flags, io, asJson, db });
      } catch (error) {
        return reportFailure(error, io, asJson, spec.usage);
      } finally {
        held.db?.close();
      }
    },
  };
}
