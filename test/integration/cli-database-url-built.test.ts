import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_URL_ENV } from '../../src/cli/database-url';
import { builtCli } from '../support/built-cli';
import { freshPgDatabase, testPgUrl, type FreshPgDatabase } from '../support/pg-database';

/**
 * The built CLI on PostgreSQL: its schema comes from out/cli/pg-migrations, copied beside the bundle by
 * vite.cli.config.ts (without them db/pg/migrate.ts would fall back to the SQLite folder beside it and fail).
 */

const dir = mkdtempSync(join(tmpdir(), 'payout-built-pg-'));
const open: FreshPgDatabase[] = [];
afterAll(async () => {
  for (const db of open) await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cli = builtCli(args);
  const base = { ...process.env };
  delete base[DATABASE_URL_ENV];
  // Outside the repository, so the migrations can only come from beside the built file.
  return spawnSync(cli.command, cli.args, { cwd: dir, encoding: 'utf8', env: { ...base, ...env }, timeout: 30_000 });
}

describe('the built CLI with --database-url', () => {
  it('migrates a fresh PostgreSQL database with every shipped step and records the balance there', async () => {
    const pg = await freshPgDatabase();
    open.push(pg);
    const data = join(dir, 'data');
    const result = run(['balance', '--json', '--data-dir', data, '--database-url', pg.url]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const steps = readdirSync(join(__dirname, '..', '..', 'src', 'main', 'db', 'pg', 'migrations')).filter((f) =>
      f.endsWith('.sql'),
    ).length;
    const applied = await pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(applied.rows[0]!.n).toBe(steps);
    const checks = await pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM balance_checks');
    expect(checks.rows[0]!.n).toBe(1);
    expect(existsSync(join(data, 'payout-desk.sqlite'))).toBe(false);
  });

  it('a refused login target never shows the password, in any stream', () => {
    const secret = 'built-Secret-77';
    const url = new URL(testPgUrl());
    url.password = secret;
    url.pathname = '/no_such_database';
    const result = run(['balance', '--data-dir', join(dir, 'none')], { [DATABASE_URL_ENV]: url.toString() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(':***@');
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});
