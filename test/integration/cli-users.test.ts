import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { runCli } from '../../src/cli/main';
import { signIn } from '../../src/main/services/team/sessions';
import { openPgStore, type Store } from '../../src/main/db/store/store';
import { captureIo } from '../support/cli-io';
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg-database';

/**
 * `npm run cli -- users …` (issue 14 point 2) on a fresh PostgreSQL database: the password comes only from
 * PAYOUT_DESK_NEW_PASSWORD and never appears in output; without --database-url the command says where users live.
 */

const PASSWORD = 'first admin pass phrase';
let db: FreshPgDatabase;
let store: Store;
beforeAll(async () => {
  db = await freshPgDatabase();
  store = await openPgStore({ connectionString: db.url });
});
afterAll(async () => {
  await store.close();
  await db.close();
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env);
  const code = await runCli(['users', ...args, '--database-url', db.url], io, commands);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('cli users', () => {
  it('adds, lists, changes the role of, resets and disables users; the password never shows', async () => {
    const added = await cli(['add', 'ada', '--role', 'admin'], { PAYOUT_DESK_NEW_PASSWORD: PASSWORD });
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toMatch(/^Added: ada\s+admin$/);
    expect(added.out + added.err).not.toContain(PASSWORD);
    expect((await signIn(store, 'ada', PASSWORD, Date.now())).user.role).toBe('admin');

    expect((await cli(['add', 'maya', '--role', 'maker'], { PAYOUT_DESK_NEW_PASSWORD: PASSWORD })).code).toBe(0);
    expect((await cli(['set-role', 'maya', '--role', 'checker'])).code).toBe(0);
    const listed = await cli(['list', '--json']);
    expect(JSON.parse(listed.out).users.map((u: { name: string; role: string }) => [u.name, u.role])).toEqual([
      ['ada', 'admin'],
      ['maya', 'checker'],
    ]);
    expect(listed.out).not.toMatch(/scrypt|password/i);

    expect((await cli(['reset-password', 'maya'], { PAYOUT_DESK_NEW_PASSWORD: 'another long phrase' })).code).toBe(0);
    expect((await signIn(store, 'maya', 'another long phrase', Date.now())).user.name).toBe('maya');
    expect((await cli(['disable', 'maya'])).code).toBe(0);
    expect((await cli(['list'])).out).toMatch(/maya\s+checker\s+disabled/);
  });

  it('refuses what it cannot do with a clear message and exit 2', async () => {
    const noPassword = await cli(['add', 'chetan', '--role', 'checker']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.err).toContain('PAYOUT_DESK_NEW_PASSWORD');
    const badRole = await cli(['add', 'chetan', '--role', 'boss'], { PAYOUT_DESK_NEW_PASSWORD: PASSWORD });
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('admin, maker, checker, viewer');
    const short = await cli(['add', 'chetan', '--role', 'checker'], { PAYOUT_DESK_NEW_PASSWORD: 'short' });
    expect(short.code).toBe(2);
    expect(short.err).toContain('at least 12 characters');
    expect((await cli(['disable', 'nobody'])).code).toBe(1);
    expect((await cli(['promote', 'ada'])).code).toBe(2);

    const io = captureIo({});
    expect(await runCli(['users', 'list'], io, commands)).toBe(2);
    expect(io.stderr.join('\n')).toContain('--database-url postgres://');
  });
});
