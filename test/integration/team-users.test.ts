import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, q } from '../../src/main/db/store/ops';
import { LOCK_MS, SESSION_IDLE_MS, sessionUser, signIn, signOut } from '../../src/main/services/team/sessions';
import {
  addUserOps,
  disableUserOps,
  listUsersOps,
  prepareUser,
  resetPasswordOps,
  setRoleOps,
} from '../../src/main/services/team/users';
import { openTestStore, type TestStore } from '../support/test-store';

/**
 * Issue 14 point 2: team users on the server's PostgreSQL — scrypt hashes (never the password), five wrong passwords
 * lock a user for 15 minutes, a session ends after 8 idle hours, disabling or resetting ends every session, and every
 * change is audited with who made it. The desk's SQLite has no users, and says so.
 */

const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);
const PASSWORD = 'a long pass phrase 42';
let t: TestStore;
beforeEach(async () => {
  t = await openTestStore('pg');
});
afterEach(async () => {
  await t.close();
});

const add = async (name: string, role: string, password = PASSWORD) =>
  t.store.run(addUserOps(await prepareUser(name, role, password), { by: 'cli', at: new Date(T0) }));

describe('team users and sessions', () => {
  it('adds users with a scrypt hash, refuses duplicates, bad roles and short passwords, and audits each change', async () => {
    await add('Maya.R', 'maker');
    await expect(add('maya.r', 'checker')).rejects.toMatchObject({ code: 'conflict' });
    await expect(add('chetan', 'approver')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(add('chetan', 'checker', 'short')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(add('bad name!', 'checker')).rejects.toMatchObject({ code: 'invalid_input' });
    await add('chetan', 'checker');
    const stored = await t.store.run(all<{ h: string }>(q`SELECT password_hash AS h FROM team_users`));
    for (const { h } of stored) {
      expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(h).not.toContain(PASSWORD);
    }
    expect(stored[0]!.h).not.toBe(stored[1]!.h); // salted
    await t.store.run(setRoleOps('chetan', 'viewer', { by: 'ada', at: new Date(T0 + 1) }));
    expect((await t.store.run(listUsersOps())).map((u) => [u.name, u.role])).toEqual([
      ['chetan', 'viewer'],
      ['Maya.R', 'maker'],
    ]);
    const audit = await t.store.run(
      all<{ action: string; entityId: string; data: string }>(
        q`SELECT action, entity_id AS entityId, data FROM audit_log WHERE entity = 'user' ORDER BY id`,
      ),
    );
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ['user-add', 'Maya.R'],
      ['user-add', 'chetan'],
      ['user-role', 'chetan'],
    ]);
    expect(JSON.parse(audit[2]!.data)).toEqual({ by: 'ada' });
  });

  it('five wrong passwords lock the user for 15 minutes, even against the right one; then it signs in', async () => {
    await add('maya', 'maker');
    await expect(signIn(t.store, 'nobody', PASSWORD, T0)).rejects.toMatchObject({
      code: 'signed_out',
      message: 'The user name or password is wrong.',
    });
    for (let i = 0; i < 4; i++) {
      await expect(signIn(t.store, 'maya', 'wrong password!', T0 + i)).rejects.toMatchObject({
        details: { refusal: 'credentials' },
      });
    }
    await expect(signIn(t.store, 'maya', 'wrong password!', T0 + 5)).rejects.toMatchObject({
      details: { refusal: 'locked' },
    });
    await expect(signIn(t.store, 'maya', PASSWORD, T0 + 6)).rejects.toMatchObject({ details: { refusal: 'locked' } });
    await expect(signIn(t.store, 'maya', PASSWORD, T0 + 5 + LOCK_MS - 1)).rejects.toMatchObject({
      details: { refusal: 'locked' },
    });
    const ok = await signIn(t.store, 'MAYA', PASSWORD, T0 + 5 + LOCK_MS);
    expect(ok.user).toMatchObject({ name: 'maya', role: 'maker' });
    // A success clears the count: four more wrong ones do not lock.
    for (let i = 0; i < 4; i++)
      await expect(signIn(t.store, 'maya', 'nope nope nope', T0 + LOCK_MS + 10 + i)).rejects.toThrow();
    expect((await signIn(t.store, 'maya', PASSWORD, T0 + LOCK_MS + 20)).user.name).toBe('maya');
  });

  it('a session lives while used and ends after 8 idle hours; sign-out, disable and reset end it at once', async () => {
    await add('chetan', 'checker');
    const s = await signIn(t.store, 'chetan', PASSWORD, T0);
    const stored = await t.store.run(all<{ h: string }>(q`SELECT token_hash AS h FROM team_sessions`));
    expect(stored.map((r) => r.h)).not.toContain(s.token);
    expect(await sessionUser(t.store, s.token, T0 + SESSION_IDLE_MS - 1)).toMatchObject({ name: 'chetan' });
    // Used just now, so 8 more hours from here.
    expect(await sessionUser(t.store, s.token, T0 + 2 * SESSION_IDLE_MS - 2)).toMatchObject({ name: 'chetan' });
    await expect(sessionUser(t.store, s.token, T0 + 3 * SESSION_IDLE_MS)).rejects.toMatchObject({
      code: 'signed_out',
      details: { refusal: 'expired' },
    });
    await expect(sessionUser(t.store, 'made-up-token', T0)).rejects.toMatchObject({ code: 'signed_out' });

    const a = await signIn(t.store, 'chetan', PASSWORD, T0);
    await signOut(t.store, a.token);
    await expect(sessionUser(t.store, a.token, T0 + 1)).rejects.toMatchObject({ code: 'signed_out' });

    const b = await signIn(t.store, 'chetan', PASSWORD, T0);
    const prepared = await prepareUser('chetan', 'checker', 'a brand new phrase');
    await t.store.run(resetPasswordOps('chetan', prepared.passwordHash, { by: 'ada', at: new Date(T0) }));
    await expect(sessionUser(t.store, b.token, T0 + 1)).rejects.toMatchObject({ code: 'signed_out' });
    await expect(signIn(t.store, 'chetan', PASSWORD, T0 + 2)).rejects.toMatchObject({ code: 'signed_out' });
    const c = await signIn(t.store, 'chetan', 'a brand new phrase', T0 + 3);

    await t.store.run(disableUserOps('chetan', { by: 'ada', at: new Date(T0 + 4) }));
    await expect(sessionUser(t.store, c.token, T0 + 5)).rejects.toMatchObject({ code: 'signed_out' });
    await expect(signIn(t.store, 'chetan', 'a brand new phrase', T0 + 6)).rejects.toMatchObject({
      message: 'The user name or password is wrong.',
    });
  });

  it('a pg_dump of the database holds neither a password nor a session token', async () => {
    const pgDump = '/usr/lib/postgresql/15/bin/pg_dump';
    expect(existsSync(pgDump)).toBe(true);
    await add('maya', 'maker');
    const s = await signIn(t.store, 'maya', PASSWORD, T0);
    const dump = execFileSync(pgDump, ['--dbname', t.url!, '--data-only'], { encoding: 'utf8' });
    expect(dump).toContain('maya'); // the dump is real: it holds the user
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(s.token);
  });
});

describe('the desk on its own', () => {
  it('has no team users, and says where they live', async () => {
    const local = await openTestStore('sqlite');
    try {
      await expect(local.store.run(listUsersOps())).rejects.toThrow(/--database-url postgres/);
    } finally {
      await local.close();
    }
  });
});
