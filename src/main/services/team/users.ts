import { sql } from 'kysely';
import { AppError } from '../../../shared/domain/errors';
import { appendAuditOps } from '../../db/audit';
import { all, engine, get, type Ops, q, run, transaction } from '../../db/store/ops';
import { hashPassword, passwordProblem } from './passwords';
import { ROLES, type Role } from './roles';

/**
 * Team users (issue 14 point 2), PostgreSQL only: the desk alone has one person and no sign-in. Every change is a
 * hash-chained audit entry naming who made it (`by`: a user name, or "cli" for the server's own admin commands).
 */
export type TeamUser = {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntilMs: number | null;
  createdAt: string;
};

type UserRow = Omit<TeamUser, 'disabled'> & { disabled: number };

const USER_COLUMNS = sql.raw('id, name, role, disabled, locked_until_ms AS "lockedUntilMs", created_at AS "createdAt"');
const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

const toUser = (r: UserRow): TeamUser => ({ ...r, disabled: r.disabled === 1 });

function* teamOnlyOps(): Ops<void> {
  if ((yield* engine()) !== 'pg') {
    throw new AppError(
      'invalid_input',
      'Team users live in the Desk Server’s PostgreSQL database: pass --database-url postgres://… (the desk on its own has no users).',
    );
  }
}

export function checkUserName(name: string): string {
  const trimmed = name.trim();
  if (!NAME_RULE.test(trimmed)) {
    throw new AppError(
      'invalid_input',
      'A user name is 2 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.',
    );
  }
  return trimmed;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new AppError('invalid_input', `The role must be one of ${ROLES.join(', ')} (got "${role}").`);
  }
  return role as Role;
}

export function* findUserOps(name: string): Ops<TeamUser | null> {
  yield* teamOnlyOps();
  const row = yield* get<UserRow>(q`SELECT ${USER_COLUMNS} FROM team_users WHERE lower(name) = lower(${name.trim()})`);
  return row ? toUser(row) : null;
}

/** Whether this database has a team (an enabled user): then batches go through approval. Never on SQLite. */
export function* hasTeamOps(): Ops<boolean> {
  if ((yield* engine()) !== 'pg') return false;
  return (yield* get(q`SELECT 1 AS one FROM team_users WHERE disabled = 0 LIMIT 1`)) !== undefined;
}

export function* listUsersOps(): Ops<TeamUser[]> {
  yield* teamOnlyOps();
  return (yield* all<UserRow>(q`SELECT ${USER_COLUMNS} FROM team_users ORDER BY lower(name)`)).map(toUser);
}

function* mustFindOps(name: string): Ops<TeamUser> {
  const user = yield* findUserOps(name);
  if (!user) throw new AppError('not_found', `No team user named "${name.trim()}".`);
  return user;
}

export type UserChange = { by: string; at: Date };

/** Adds a user. The password is hashed before any storage work starts (hashing is slow; the transaction is not). */
export async function prepareUser(name: string, role: string, password: string | undefined) {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('invalid_input', `Password refused: ${problem}.`);
  return { name: checkUserName(name), role: checkRole(role), passwordHash: await hashPassword(password!) };
}

export function* addUserOps(
  user: { name: string; role: Role; passwordHash: string },
  change: UserChange,
): Ops<TeamUser> {
  yield* teamOnlyOps();
  return yield* transaction(function* () {
    if (yield* findUserOps(user.name)) throw new AppError('conflict', `A user named "${user.name}" already exists.`);
    const at = change.at.toISOString();
    const row = yield* get<UserRow>(
      q`INSERT INTO team_users (name, role, password_hash, created_at, updated_at)
        VALUES (${user.name}, ${user.role}, ${user.passwordHash}, ${at}, ${at}) RETURNING ${USER_COLUMNS}`,
    );
    yield* appendAuditOps({
      at,
      entity: 'user',
      entityId: user.name,
      action: 'user-add',
      toState: user.role,
      data: { by: change.by, role: user.role },
    });
    return toUser(row!);
  });
}

export function* setRoleOps(name: string, role: Role, change: UserChange): Ops<TeamUser> {
  return yield* transaction(function* () {
    const user = yield* mustFindOps(name);
    if (user.role === role) return user;
    const at = change.at.toISOString();
    yield* run(q`UPDATE team_users SET role = ${role}, updated_at = ${at} WHERE id = ${user.id}`);
    yield* appendAuditOps({
      at,
      entity: 'user',
      entityId: user.name,
      action: 'user-role',
      fromState: user.role,
      toState: role,
      data: { by: change.by },
    });
    return { ...user, role };
  });
}

/** Disables a user and ends their sessions at once: a leaver must not keep working until an idle timeout. */
export function* disableUserOps(name: string, change: UserChange): Ops<TeamUser> {
  return yield* transaction(function* () {
    const user = yield* mustFindOps(name);
    const at = change.at.toISOString();
    yield* run(q`UPDATE team_users SET disabled = 1, updated_at = ${at} WHERE id = ${user.id}`);
    yield* run(q`UPDATE team_sessions SET ended = 1 WHERE user_id = ${user.id}`);
    yield* appendAuditOps({
      at,
      entity: 'user',
      entityId: user.name,
      action: 'user-disable',
      data: { by: change.by, wasDisabled: user.disabled },
    });
    return { ...user, disabled: true };
  });
}

/** A new password (hashed by prepareUser's rules): unlocks the user and ends every session they had. */
export function* resetPasswordOps(name: string, passwordHash: string, change: UserChange): Ops<TeamUser> {
  return yield* transaction(function* () {
    const user = yield* mustFindOps(name);
    const at = change.at.toISOString();
    yield* run(
      q`UPDATE team_users SET password_hash = ${passwordHash}, failed_logins = 0, locked_until_ms = NULL,
          updated_at = ${at} WHERE id = ${user.id}`,
    );
    yield* run(q`UPDATE team_sessions SET ended = 1 WHERE user_id = ${user.id}`);
    yield* appendAuditOps({
      at,
      entity: 'user',
      entityId: user.name,
      action: 'user-password',
      data: { by: change.by },
    });
    return { ...user, lockedUntilMs: null };
  });
}
