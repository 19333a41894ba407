import { AppError } from '../shared/domain/errors';
import type { CliCommand, CliIo } from './command';
import { DATABASE_URL_ENV, DATABASE_URL_USAGE, resolveDatabaseUrl, takeDatabaseUrlFlag } from './database-url';
import { reportFailure } from './enkash-from-env';

/**
 * THE list of commands that cannot run on PostgreSQL yet, with what still holds each back (issue 13 point 3; each
 * reason completes "does not run on PostgreSQL yet (…)"). A command here reaches code that only speaks to the data
 * folder's SQLite file, or a statement PostgreSQL refuses; on PostgreSQL it would fail half-way (db/store/store.ts
 * sqliteOnly) after writing some of its work. So it is refused before anything is opened. When a command's services
 * run on the Store, it leaves this list — nothing else needs to change. Two forms of ported commands are refused
 * the same way inside the command: `export --recon` and `beneficiaries delete`.
 */
export const SQLITE_ONLY_COMMANDS: Readonly<Record<string, string>> = {
  // The command itself runs on the Store; "not-ours" fails on PostgreSQL inside journal/transition.ts, whose UPDATE
  // assigns searched_at twice (SQLite keeps the last assignment, PostgreSQL refuses the statement).
};

/** Why `command` cannot run on PostgreSQL, or null when it can (or never opens the journal database). */
export function postgresRefusal(command: string): string | null {
  const reason = SQLITE_ONLY_COMMANDS[command];
  if (reason === undefined) return null;
  return (
    `\`${command}\` does not run on PostgreSQL yet (${reason}). Nothing was opened or ` +
    `written. Run it without --database-url and with ${DATABASE_URL_ENV} unset to use the data folder's SQLite file.`
  );
}

/**
 * `command` taking `--database-url postgres://…` (or PAYOUT_DESK_DATABASE_URL; the flag wins). The URL reaches the
 * command as io.env[PAYOUT_DESK_DATABASE_URL], where openCliApp opens it; the flag itself is taken out first, so the
 * command's own unknown-flag check never sees it. A bad URL or a command that is not ported yet exits non-zero with
 * a message (the URL masked) before the command runs.
 */
export function withDatabaseChoice(command: CliCommand): CliCommand {
  return {
    ...command,
    usage: `${command.usage} ${DATABASE_URL_USAGE}`,
    run: async (args, io) => {
      const asJson = args.includes('--json');
      let url: string | undefined;
      let rest: string[];
      try {
        const taken = takeDatabaseUrlFlag(args);
        rest = taken.rest;
        url = resolveDatabaseUrl(taken.url, io.env);
        if (url !== undefined) {
          const refusal = postgresRefusal(command.name);
          if (refusal) throw new AppError('invalid_input', refusal);
        }
      } catch (error) {
        return reportFailure(error, io, asJson, `${command.usage} ${DATABASE_URL_USAGE}`);
      }
      const env = { ...io.env };
      if (url === undefined) delete env[DATABASE_URL_ENV];
      else env[DATABASE_URL_ENV] = url;
      const chosen: CliIo = { ...io, env };
      return command.run(rest, chosen);
    },
  };
}
