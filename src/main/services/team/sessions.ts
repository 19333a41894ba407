import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors';
import { appendAuditOps } from '../../db/audit';
import { get, type Ops, q, run, transaction } from '../../db/store/ops';
import type { Store } from '../../db/store/store';
import { verifyPassword } from './passwords';
import type { Role } from './roles';

/**
 * Signing in to a Desk Server (issue 14 point 2). Five wrong passwords in a row lock the user for 15 minutes; a
 * session ends after 8 idle hours. The bearer token is shown once, to the desk that signed in; the database keeps
 * only its sha256, so neither a dump nor a log line can be replayed.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 8 * 3_600_000;

export type SessionUser = { id: number; name: string; role: Role };
export type SignedIn = { token: string; user: SessionUser };

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

// One message for every failure a stranger could probe (no such user, wrong password, disabled): it must not tell
// which names exist. A lock is said as such — the user needs to know to wait — but only after the password was right
// or the name was already locked.
const WRONG = 'The user name or password is wrong.';

type LoginRow = {
  id: number;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: number;
  failedLogins: number;
  lockedUntilMs: number | null;
};

function lockedError(untilMs: number, nowMs: number): AppError {
  const minutes = Math.max(1, Math.ceil((untilMs - nowMs) / 60_000));
  return new AppError(
    'signed_out',
    `This user is locked after ${MAX_FAILED_LOGINS} wrong passwords; try again in ${minutes} minute(s), or ask an admin to reset the password.`,
    { refusal: 'locked' },
  );
}

/** Checks a name and password; on success opens a session. `nowMs` is the server's clock (tests pass their own). */
export async function signIn(store: Store, name: string, password: string, nowMs: number): Promise<SignedIn> {
  const row = await store.run(
    get<LoginRow>(q`SELECT id, name, role, password_hash AS passwordHash, disabled, failed_logins AS failedLogins,
        locked_until_ms AS lockedUntilMs FROM team_users WHERE lower(name) = lower(${name.trim()})`),
  );
  if (!row) throw new AppError('signed_out', WRONG, { refusal: 'credentials' });
  if (row.lockedUntilMs !== null && row.lockedUntilMs > nowMs) throw lockedError(row.lockedUntilMs, nowMs);
  // The slow hash runs outside any transaction; the counter update below re-reads the row under its lock.
  const ok = row.disabled === 0 && (await verifyPassword(password, row.passwordHash));
  const at = new Date(nowMs).toISOString();
  if (!ok) {
    const locked = await store.run(
      transaction(function* () {
        const now = yield* get<{ failedLogins: number }>(
          q`SELECT failed_logins AS failedLogins FROM team_users WHERE id = ${row.id} FOR UPDATE`,
        );
        const failed = (now?.failedLogins ?? 0) + 1;
        const lock = failed >= MAX_FAILED_LOGINS;
        yield* run(
          q`UPDATE team_users SET failed_logins = ${lock ? 0 : failed},
              locked_until_ms = ${lock ? nowMs + LOCK_MS : null} WHERE id = ${row.id}`,
        );
        if (lock) {
          yield* appendAuditOps({
            at,
            entity: 'user',
            entityId: row.name,
            action: 'user-locked',
            data: { failedLogins: failed, untilMs: nowMs + LOCK_MS },
          });
        }
        return lock;
      }),
    );
    if (locked) throw lockedError(nowMs + LOCK_MS, nowMs);
    throw new AppError('signed_out', WRONG, { refusal: 'credentials' });
  }
  const token = randomBytes(32).toString('base64url');
  await store.run(
    transaction(function* () {
      yield* run(q`UPDATE team_users SET failed_logins = 0, locked_until_ms = NULL WHERE id = ${row.id}`);
      yield* run(
        q`INSERT INTO team_sessions (token_hash, user_id, created_at_ms, last_seen_ms)
          VALUES (${tokenHash(token)}, ${row.id}, ${nowMs}, ${nowMs})`,
      );
      yield* appendAuditOps({ at, entity: 'user', entityId: row.name, action: 'sign-in', data: {} });
    }),
  );
  return { token, user: { id: row.id, name: row.name, role: row.role } };
}

function* sessionOps(token: string, nowMs: number): Ops<SessionUser> {
  const row = yield* get<SessionUser & { lastSeenMs: number; ended: number; disabled: number }>(
    q`SELECT u.id, u.name, u.role, u.disabled, s.last_seen_ms AS lastSeenMs, s.ended
      FROM team_sessions s JOIN team_users u ON u.id = s.user_id WHERE s.token_hash = ${tokenHash(token)} FOR UPDATE OF s`,
  );
  if (!row || row.ended === 1 || row.disabled === 1) {
    throw new AppError('signed_out', 'You are signed out: sign in again.', { refusal: 'session' });
  }
  // Idle too long stays idle: no write needed, the next look-up refuses it the same way.
  if (nowMs - row.lastSeenMs > SESSION_IDLE_MS) {
    throw new AppError('signed_out', 'Your session ended after 8 idle hours: sign in again.', { refusal: 'expired' });
  }
  yield* run(q`UPDATE team_sessions SET last_seen_ms = ${nowMs} WHERE token_hash = ${tokenHash(token)}`);
  return { id: row.id, name: row.name, role: row.role };
}

/** The user behind a bearer token, refreshing its idle clock; `signed_out` when unknown, ended or idle too long. */
export function sessionUser(store: Store, token: string, nowMs: number): Promise<SessionUser> {
  return store.run(transaction(() => sessionOps(token, nowMs)));
}

export async function signOut(store: Store, token: string): Promise<void> {
  await store.run(run(q`UPDATE team_sessions SET ended = 1 WHERE token_hash = ${tokenHash(token)}`));
}
