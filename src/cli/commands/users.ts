import { AppError } from '../../shared/domain/errors';
import type { Store } from '../../main/db/store/store';
import {
  addUserOps,
  checkRole,
  disableUserOps,
  listUsersOps,
  prepareUser,
  resetPasswordOps,
  setRoleOps,
  type TeamUser,
} from '../../main/services/team/users';
import { parseArgs, type CliCommand, type CliIo } from '../command';
import { DATABASE_URL_ENV } from '../database-url';
import { reportFailure, UsageError } from '../enkash-from-env';
import { openPgStoreAt } from '../open-pg-store';

/**
 * `users`: the Desk Server's team (issue 14 point 2), on its PostgreSQL database. Run on the server by whoever
 * administers it; passwords come from PAYOUT_DESK_NEW_PASSWORD, never from the command line (shell history, `ps`).
 */
const PASSWORD_ENV = 'PAYOUT_DESK_NEW_PASSWORD';
const USAGE =
  'users add NAME --role admin|maker|checker|viewer | users list | users disable NAME | users set-role NAME --role ROLE | users reset-password NAME  (--database-url postgres://… required; passwords from PAYOUT_DESK_NEW_PASSWORD) [--json]';
const BY = 'cli';

function newPassword(io: CliIo): string {
  const password = io.env[PASSWORD_ENV];
  if (!password)
    throw new UsageError(`Set ${PASSWORD_ENV} to the new user's password (it is never read from the command line).`);
  return password;
}

function describe(user: TeamUser): string {
  const flags = [user.disabled ? 'disabled' : '', user.lockedUntilMs && user.lockedUntilMs > Date.now() ? 'locked' : '']
    .filter(Boolean)
    .join(', ');
  return `${user.name.padEnd(24)} ${user.role.padEnd(8)} ${flags}`.trimEnd();
}

async function act(verb: string, name: string | undefined, role: string | undefined, store: Store, io: CliIo) {
  const at = new Date();
  const needName = () => {
    if (!name) throw new UsageError(`users ${verb} needs a user name`);
    return name;
  };
  switch (verb) {
    case 'add': {
      if (!role) throw new UsageError('users add needs --role admin|maker|checker|viewer');
      return store.run(addUserOps(await prepareUser(needName(), role, newPassword(io)), { by: BY, at }));
    }
    case 'set-role':
      if (!role) throw new UsageError('users set-role needs --role admin|maker|checker|viewer');
      return store.run(setRoleOps(needName(), checkRole(role), { by: BY, at }));
    case 'disable':
      return store.run(disableUserOps(needName(), { by: BY, at }));
    case 'reset-password': {
      const { passwordHash } = await prepareUser(needName(), 'viewer', newPassword(io));
      return store.run(resetPasswordOps(needName(), passwordHash, { by: BY, at }));
    }
    default:
      throw new UsageError(`Unknown users action "${verb}": add, list, disable, set-role or reset-password`);
  }
}

export const usersCommand: CliCommand = {
  name: 'users',
  summary: 'Manage the Desk Server team: add, list, disable, set-role, reset-password (PostgreSQL)',
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json']);
    const asJson = flags.json === true;
    let store: Store | null = null;
    try {
      const unknown = Object.keys(flags).find((f) => !['role', 'json'].includes(f));
      if (unknown) throw new UsageError(`Unknown option --${unknown}`);
      const [verb, name, extra] = positionals;
      if (!verb) throw new UsageError('Say what to do: users add|list|disable|set-role|reset-password');
      if (extra !== undefined) throw new UsageError(`Unexpected argument: ${extra}`);
      const role = typeof flags.role === 'string' ? flags.role : undefined;
      if (flags.role === true) throw new UsageError('--role needs a value');
      const url = io.env[DATABASE_URL_ENV];
      if (!url) {
        throw new AppError(
          'invalid_input',
          'Team users live in the Desk Server’s PostgreSQL database: pass --database-url postgres://… (or set PAYOUT_DESK_DATABASE_URL).',
        );
      }
      store = await openPgStoreAt(url, (message) => io.err(`Database connection: ${message}`));
      if (verb === 'list') {
        const users = await store.run(listUsersOps());
        if (asJson) io.out(JSON.stringify({ users }));
        else if (users.length === 0) io.out('No team users yet: add an admin with `users add NAME --role admin`.');
        else for (const u of users) io.out(describe(u));
        return 0;
      }
      const user = await act(verb, name, role, store, io);
      if (asJson) io.out(JSON.stringify({ user }));
      else io.out(`${verb === 'add' ? 'Added' : 'Updated'}: ${describe(user)}`);
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      await store?.close();
    }
  },
};
