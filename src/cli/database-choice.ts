import type { CliCommand, CliIo } from './command';
import { DATABASE_URL_ENV, DATABASE_URL_USAGE, resolveDatabaseUrl, takeDatabaseUrlFlag } from './database-url';
import { reportFailure } from './report';

/**
 * `command` taking `--database-url postgres://…` (or PAYOUT_DESK_DATABASE_URL; the flag wins). The URL reaches the
 * command as io.env[PAYOUT_DESK_DATABASE_URL], where openCliApp opens it; the flag itself is taken out first, so the
 * command's own unknown-flag check never sees it. Every command runs on PostgreSQL (issue 13 point 3), so the only
 * thing refused here is a bad URL: it exits non-zero with a message (the URL masked) before the command runs.
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
