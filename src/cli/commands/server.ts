import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/domain/errors';
import { type DeskServer, startDeskServer } from '../../main/server/desk-server';
import { createAppRuntime } from '../../main/services/lifecycle';
import type { JournalRuntime } from '../../main/services/journal/runtime';
import { APP_FLAGS, type CliApp, openCliApp } from '../app-context';
import { CREDENTIAL_VARS } from '../../main/services/enkash-access';
import {
  type EnkashCredentials,
  loadServerCredentials,
  saveServerCredentialsOps,
  seal,
  SERVER_KEY_ENV,
  serverKey,
} from '../../main/services/team/server-credentials';
import type { SessionUser } from '../../main/services/team/sessions';
import type { Environment } from '../../shared/settings/api-profile';
import { openPgStoreAt } from '../open-pg-store';
import { createHandlers } from '../../main/handlers/index';
import { createTeamRowHandlers } from '../../main/handlers/batch-handlers';
import { createDispatcher } from '../../main/ipc/dispatch';
import { commands as ipcCommands, type CommandName } from '../../shared/ipc/registry';
import { flagText, parseArgs, type CliCommand, type CliIo } from '../command';
import { DATABASE_URL_ENV } from '../database-url';
import { environmentFromFlags, reportFailure, UsageError } from '../enkash-from-env';

const USAGE =
  'server --database-url postgres://… [--host H] [--port N] [--env sandbox|uat|production] [--base-url URL] [--tls-cert FILE --tls-key FILE]';
const DEFAULT_PORT = 8750;

export type ServerCommandDeps = {
  /** Resolves when the server should stop (SIGINT/SIGTERM by default; tests pass their own). */
  until?: (io: CliIo) => Promise<void>;
};

function signals(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function listenFlags(flags: Record<string, string | true>) {
  const host = flagText(flags.host, 'host') ?? '127.0.0.1';
  const portText = flagText(flags.port, 'port') ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError('--port is 0 to 65535');
  const cert = flagText(flags['tls-cert'], 'tls-cert');
  const key = flagText(flags['tls-key'], 'tls-key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = cert && key ? { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } : undefined;
  return { host, port: Number(portText), tls };
}

function applyCredentials(env: NodeJS.ProcessEnv, c: EnkashCredentials): void {
  env.ENKASH_CLIENT_ID = c.clientId;
  env.ENKASH_CLIENT_SECRET = c.clientSecret;
  env.ENKASH_USERNAME = c.username;
  env.ENKASH_PASSWORD = c.password;
}

/** ENKASH_* from the server's environment win; without them, the credentials an admin stored (sealed). */
async function serverEnvironment(io: CliIo, url: string, environment: Environment): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...io.env };
  if (environment === 'sandbox' || CREDENTIAL_VARS.every((name) => env[name]?.trim())) return env;
  const store = await openPgStoreAt(url, (message) => io.err(`warning: PostgreSQL connection error: ${message}`));
  try {
    const stored = await loadServerCredentials(store, environment, io.env);
    if (stored) applyCredentials(env, stored);
  } finally {
    await store.close();
  }
  return env;
}

/**
 * `server`: the Desk Server (issue 14 point 1). One machine with the fixed IP EnKash whitelists holds the EnKash
 * credentials (ENKASH_* at start, never in the database) and the journal in PostgreSQL, runs sending, polling and
 * recovery, and answers the team's desks and CLIs over HTTP(S). Several may share one database: chunk leases
 * decide who sends. Prints `listening URL` once it answers.
 */
export function createServerCommand(deps: ServerCommandDeps = {}): CliCommand {
  return {
    name: 'server',
    summary: 'Run the Desk Server for a team: PostgreSQL journal, sign-in, approvals, sending (team mode)',
    usage: USAGE,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['verbose']);
      let app: CliApp | null = null;
      let runtime: JournalRuntime | null = null;
      let server: DeskServer | null = null;
      try {
        const own: readonly string[] = ['host', 'port', 'tls-cert', 'tls-key', ...APP_FLAGS];
        const unknown = Object.keys(flags).find((f) => !own.includes(f));
        if (unknown) throw new UsageError(`Unknown option --${unknown}`);
        if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
        if (!io.env[DATABASE_URL_ENV]) {
          throw new AppError(
            'invalid_input',
            'The Desk Server keeps the team journal in PostgreSQL: pass --database-url postgres://….',
          );
        }
        const listen = listenFlags(flags);
        const environment = environmentFromFlags(flags);
        // The credentials live in this object only: read at each EnKash login, replaced by `credentials set`.
        const env = await serverEnvironment(io, io.env[DATABASE_URL_ENV], environment);
        app = await openCliApp(flags, { ...io, env }, { emit: (e) => server?.publish(e) });
        const opened = app;
        runtime = createAppRuntime(app.deps);
        const report = await runtime.start();
        if (!report.owner) io.err('Another server holds the journal lease: this one sends the chunks it can lease.');
        const engine = runtime.engine;
        const log = app.ctx.log;
        const onConfirmed = (batchId: number) =>
          void engine
            .start(batchId)
            .catch((e: unknown) => log.warn('server.send_failed', { batchId, error: String(e) }));
        const setCredentials = async (creds: EnkashCredentials, by: SessionUser) => {
          if (environment === 'sandbox') {
            throw new AppError('invalid_input', 'This server runs the Sandbox, which needs no EnKash credentials.');
          }
          const key = serverKey(io.env);
          if (!key)
            throw new AppError('invalid_input', `Start the server with ${SERVER_KEY_ENV} set to store credentials.`);
          await opened.deps.store.run(
            saveServerCredentialsOps(environment, seal(creds, key, environment), by, new Date()),
          );
          applyCredentials(env, creds);
          opened.ctx.enkash.invalidate();
          log.info('server.credentials_set', { environment, by: by.name });
          return { environment };
        };
        // The desk's own handlers over this server's context (PostgreSQL store, its EnKash session). No file
        // dialogs here: TEAM_CHANNELS serves no command that writes a file on the server.
        const services = { journal: runtime, deps: app.deps, stop: () => runtime!.stop() };
        const handlers = createHandlers(app.ctx, services, { chooseSavePath: () => null });
        const SERVER_SENDER = 'desk-server:';
        const trusted = { isTrustedSender: (u: string) => u === SERVER_SENDER, log };
        // The row-changing commands need the signed-in user (their author, fresh approvals): each call gets a
        // dispatcher over the desk's handlers with that user's row handlers on top (createDispatcher only wraps
        // the map, so this is cheap).
        const dispatch = (name: CommandName, input: unknown, user: SessionUser) => {
          const own = createTeamRowHandlers(opened.deps, user);
          const ipc = createDispatcher({ ...handlers, ...own }, trusted);
          return ipc(ipcCommands[name].channel, input, SERVER_SENDER);
        };
        server = await startDeskServer(
          { store: app.deps.store, deps: app.deps, log, onConfirmed, setCredentials, dispatch },
          listen,
        );
        io.out(`listening ${server.url}`);
        await (deps.until ?? signals)(io);
        return 0;
      } catch (error) {
        return reportFailure(error, io, false, USAGE);
      } finally {
        await server?.close();
        await runtime?.stop();
        await app?.close();
      }
    },
  };
}

export const serverCommand = createServerCommand();
