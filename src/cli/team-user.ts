import { AppError } from '../shared/domain/errors';
import type { Store } from '../main/db/store/store';
import { type SessionUser, signIn, signOut } from '../main/services/team/sessions';
import { hasTeamOps } from '../main/services/team/users';
import type { CliIo } from './command';

export const USER_ENV = 'PAYOUT_DESK_USER';
export const USER_PASSWORD_ENV = 'PAYOUT_DESK_PASSWORD';

/**
 * The team member a command acts for, signed in from PAYOUT_DESK_USER and PAYOUT_DESK_PASSWORD (never arguments:
 * shell history and `ps` would show them). Null when the database has no team (SQLite, or PostgreSQL before the
 * first user): then the command works as the desk always has. The session ends when the command does.
 */
export async function teamUserFromEnv(
  store: Store,
  io: CliIo,
  nowMs: number,
): Promise<{ user: SessionUser; end: () => Promise<void> } | null> {
  if (!(await store.run(hasTeamOps()))) return null;
  const name = io.env[USER_ENV];
  const password = io.env[USER_PASSWORD_ENV];
  if (!name || !password) {
    throw new AppError(
      'signed_out',
      `This database has a team: set ${USER_ENV} and ${USER_PASSWORD_ENV} to act as one of its users.`,
      { refusal: 'credentials' },
    );
  }
  const signed = await signIn(store, name, password, nowMs);
  return { user: signed.user, end: () => signOut(store, signed.token) };
}

/** As teamUserFromEnv, for the commands that only exist in a team (approve, reject). */
export async function requireTeamUser(store: Store, io: CliIo, nowMs: number, command: string) {
  const team = await teamUserFromEnv(store, io, nowMs);
  if (!team) {
    throw new AppError(
      'invalid_input',
      `\`${command}\` is for a team's database: pass --database-url postgres://… of a Desk Server with users.`,
    );
  }
  return team;
}
