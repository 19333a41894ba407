import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli } from '../support/built-cli';

/** `npm run cli -- verify` as users run it: the bundle, migration 010 shipped beside it, the folder's Sandbox. */

const dir = mkdtempSync(join(tmpdir(), 'payout-verify-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const cli = builtCli(args);
  return spawnSync(cli.command, cli.args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PAYOUT_DESK_DATA_DIR: join(dir, 'data') },
    timeout: 30_000,
  });
}

const FIXTURE = join(__dirname, '..', 'fixtures', 'payouts-mixed.csv');

describe('the built CLI: verify', () => {
  it('exit 1 on the sample sheet (a mismatch), then the same verdicts from the cache with no call', () => {
    const first = run(['verify', FIXTURE, '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(1);
    const json = JSON.parse(first.stdout) as {
      rows: { row: number; verdict: string }[];
      summary: { calls: number; fromCache: number };
    };
    expect(json.rows.some((r) => r.verdict === 'mismatch')).toBe(true);
    expect(json.summary.calls).toBeGreaterThan(0);
    const second = run(['verify', FIXTURE, '--json']);
    expect(second.status).toBe(1);
    const again = JSON.parse(second.stdout) as typeof json;
    expect(again.summary.calls).toBe(0);
    expect(again.rows).toEqual(json.rows.map((r) => ({ ...r, fromCache: r.verdict !== 'skipped' })));
  });

  it('exit 2 on a missing file, with the reason', () => {
    const result = run(['verify', join(dir, 'missing.csv')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Cannot verify: Cannot read .*missing\.csv: no such file/);
  });

  it('is listed in --help', () => {
    expect(run(['--help']).stdout).toMatch(/\bverify\b/);
  });
});
