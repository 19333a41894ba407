import { AppError } from '../../shared/domain/errors';
import { CREDENTIAL_VARS } from '../../main/services/enkash-access';
import { flagText, parseArgs, type CliCommand } from '../command';
import { reportFailure, UsageError } from '../enkash-from-env';
import { checkServerUrl, openServerSession } from '../server-client';

const USAGE =
  'credentials set --server URL  (EnKash secrets from ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD; an admin signs in with PAYOUT_DESK_USER / PAYOUT_DESK_PASSWORD)';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/**
 * `credentials set --server URL` (issue 14 point 1): an admin hands the Desk Server the EnKash credentials, which it
 * seals with PAYOUT_DESK_SERVER_KEY and keeps; they never come back. The secrets are read from the environment
 * only, and travel only over https (or to a server on this machine).
 */
export const credentialsCommand: CliCommand = {
  name: 'credentials',
  summary: "Store the Desk Server's EnKash credentials (sealed on the server; an admin)",
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json']);
    const asJson = flags.json === true;
    let end: (() => Promise<void>) | null = null;
    try {
      const unknown = Object.keys(flags).find((f) => !['server', 'json'].includes(f));
      if (unknown) throw new UsageError(`Unknown option --${unknown}`);
      if (positionals[0] !== 'set' || positionals.length !== 1)
        throw new UsageError('Say `credentials set --server URL`');
      const server = flagText(flags.server, 'server');
      if (!server) throw new UsageError('--server URL is required: the credentials are kept by the Desk Server');
      const url = checkServerUrl(server);
      if (url.protocol !== 'https:' && !LOOPBACK.test(url.hostname)) {
        throw new AppError(
          'invalid_input',
          `EnKash secrets are sent only over https:// (or to this machine); ${url.origin} is refused.`,
        );
      }
      const missing = CREDENTIAL_VARS.filter((name) => !io.env[name]?.trim());
      if (missing.length) throw new UsageError(`Set ${missing.join(', ')} in the environment (never arguments).`);
      const session = await openServerSession(server, io);
      end = session.end;
      const result = await session.call<{ environment: string }>('POST', '/api/credentials', {
        clientId: io.env.ENKASH_CLIENT_ID!.trim(),
        clientSecret: io.env.ENKASH_CLIENT_SECRET!,
        username: io.env.ENKASH_USERNAME!.trim(),
        password: io.env.ENKASH_PASSWORD!,
      });
      if (asJson) io.out(JSON.stringify({ stored: true, environment: result.environment }));
      else
        io.out(
          `Stored the EnKash credentials for ${result.environment} on the Desk Server (sealed; never shown again).`,
        );
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      await end?.().catch(() => undefined);
    }
  },
};
