import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_URL_ENV } from '../../src/cli/database-url';
import { builtCli } from '../support/built-cli';
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg-database';

/**
 * `npm run cli -- server` as a team starts it (issue 14 point 1): the built bundle, outside the repository, on a
 * fresh PostgreSQL database — it migrates, prints `listening URL`, answers the API, and stops cleanly on SIGTERM.
 */

const dir = mkdtempSync(join(tmpdir(), 'payout-built-server-'));
let pg: FreshPgDatabase | null = null;
afterAll(async () => {
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built CLI server', () => {
  it('listens, answers a sign-in with the error envelope, and exits 0 on SIGTERM', async () => {
    pg = await freshPgDatabase();
    const cli = builtCli(['server', '--port', '0', '--data-dir', join(dir, 'data'), '--database-url', pg.url]);
    const env = { ...process.env };
    delete env[DATABASE_URL_ENV];
    const child = spawn(cli.command, cli.args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/listening (\S+)/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "listening": ${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const url = /listening (\S+)/.exec(out)![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nobody', password: 'nothing at all' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        code: 'signed_out',
        message: 'The user name or password is wrong.',
        details: { refusal: 'credentials' },
      },
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).not.toMatch(/password@|:[^:@/]+@/);
  }, 90_000);
});
