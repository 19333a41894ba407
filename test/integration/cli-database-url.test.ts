import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { DATABASE_URL_ENV } from '../../src/cli/database-url';
import { runCli } from '../../src/cli/main';
import { DB_FILE } from '../../src/main/context';
import { openPgStore } from '../../src/main/db/store/store';
import { captureIo } from '../support/cli-io';
import { freshPgDatabase, testPgUrl, type FreshPgDatabase } from '../support/pg-database';

/**
 * `--database-url` / PAYOUT_DESK_DATABASE_URL end to end, in-process (issue 13 point 3): a ported command runs on
 * PostgreSQL and leaves the data folder without a SQLite file; the same command without the URL runs on SQLite as
 * before; no command is refused on PostgreSQL any more; a bad URL never shows its password.
 */

const PASSWORD = 'Xy9-not-for-logs';
let dir = '';
const open: FreshPgDatabase[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-dburl-'));
});
afterAll(async () => {
  for (const db of open) await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function freshDb(): Promise<FreshPgDatabase> {
  const db = await freshPgDatabase();
  open.push(db);
  return db;
}

async function pgCount(db: FreshPgDatabase, table: string): Promise<number | null> {
  const exists = await db.pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table]);
  if (!exists.rows[0]?.t) return null;
  const rows = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows.rows[0]!.n;
}

function withPassword(url: string, password: string, database?: string): string {
  const u = new URL(url);
  u.password = password;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env);
  const code = await runCli(args, io, commands);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n'), all: [...io.stdout, ...io.stderr].join('\n') };
}

describe('choosing the engine: --database-url and PAYOUT_DESK_DATABASE_URL', () => {
  it('balance runs on PostgreSQL: the check is recorded there and the data folder gets no SQLite file', async () => {
    const pg = await freshDb();
    const data = join(dir, 'pg-balance');
    const r = await cli(['balance', '--json', '--data-dir', data, '--database-url', pg.url]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).environment).toBe('sandbox');
    expect(await pgCount(pg, 'balance_checks')).toBe(1);
    expect(existsSync(join(data, DB_FILE))).toBe(false);
  });

  it('the same command without a URL runs on the data folder SQLite file, as before', async () => {
    const data = join(dir, 'sqlite-balance');
    const r = await cli(['balance', '--json', '--data-dir', data]);
    expect(r.code).toBe(0);
    const db = new Database(join(data, DB_FILE), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM balance_checks').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('PAYOUT_DESK_DATABASE_URL chooses PostgreSQL without the flag; the flag wins over it', async () => {
    const fromEnv = await freshDb();
    const fromFlag = await freshDb();
    const data = join(dir, 'env-balance');
    expect((await cli(['balance', '--data-dir', data], { [DATABASE_URL_ENV]: fromEnv.url })).code).toBe(0);
    expect(await pgCount(fromEnv, 'balance_checks')).toBe(1);
    const r = await cli(['balance', '--data-dir', data, `--database-url=${fromFlag.url}`], {
      [DATABASE_URL_ENV]: fromEnv.url,
    });
    expect(r.code).toBe(0);
    expect(await pgCount(fromFlag, 'balance_checks')).toBe(1);
    expect(await pgCount(fromEnv, 'balance_checks')).toBe(1);
    expect(existsSync(join(data, DB_FILE))).toBe(false);
  });

  it('the last two forms once refused run on PostgreSQL: export --recon and beneficiaries delete', async () => {
    const pg = await freshDb();
    const data = join(dir, 'ported');
    // No such run: the command reaches the database (migrating it) and answers "not found", nothing written.
    const out = join(dir, 'recon.csv');
    const recon = await cli(['export', '--recon', '7', '--format', 'csv', '--out', out, '--json', '--data-dir', data], {
      [DATABASE_URL_ENV]: pg.url,
    });
    expect(recon.code).toBe(1);
    expect(JSON.parse(recon.out).error.message).toContain('No such reconciliation');
    expect(recon.all).not.toContain('does not run on PostgreSQL');
    expect(existsSync(out)).toBe(false);
    expect(await pgCount(pg, 'recon_runs')).toBe(0);
    // A delete at the Sandbox of a payee never registered: EnKash's refusal, not the engine's.
    const del = await cli(['beneficiaries', 'delete', 'NOSUCH01', '--data-dir', data, '--database-url', pg.url]);
    expect(del.all).not.toContain('does not run on PostgreSQL');
    expect(existsSync(join(data, DB_FILE))).toBe(false);
  });

  it('an unreachable server or a missing database: a clear message, exit 1, nothing written, no password', async () => {
    const data = join(dir, 'unreachable');
    const down = await cli([
      'balance',
      '--data-dir',
      data,
      '--database-url',
      `postgres://desk:${PASSWORD}@127.0.0.1:1/x`,
    ]);
    expect(down.code).toBe(1);
    expect(down.err).toContain('Could not open the PostgreSQL database postgres://desk:***@127.0.0.1:1/x');
    expect(down.all).not.toContain(PASSWORD);
    const missing = await cli(['balance', '--data-dir', data], {
      [DATABASE_URL_ENV]: withPassword(testPgUrl(), PASSWORD, 'no_such_database'),
    });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no_such_database/);
    expect(missing.all).not.toContain(PASSWORD);
    expect(existsSync(data)).toBe(false);
  });

  it('a URL that is not postgres:// is a usage error that does not echo it', async () => {
    const r = await cli(['balance', '--database-url', `mysql://desk:${PASSWORD}@db/x`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--database-url must be a postgres://');
    expect(r.all).not.toContain(PASSWORD);
  });

  it('a database a newer Payout Desk migrated is refused with nothing written', async () => {
    const pg = await freshDb();
    await (await openPgStore({ connectionString: pg.url })).close();
    await pg.pool.query(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, 'future', 'x', 'now')",
    );
    const data = join(dir, 'newer');
    const r = await cli(['balance', '--data-dir', data, '--database-url', withPassword(pg.url, PASSWORD)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/newer version of Payout Desk/);
    expect(r.all).not.toContain(PASSWORD);
    expect(await pgCount(pg, 'balance_checks')).toBe(0);
    expect(existsSync(data)).toBe(false);
  });
});
