import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli } from '../support/built-cli';

const dir = mkdtempSync(join(tmpdir(), 'payout-built-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const cli = builtCli(args);
  // Outside the repository, so nothing the built file needs can come from the working directory.
  return spawnSync(cli.command, cli.args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PAYOUT_DESK_DATA_DIR: join(dir, 'data') },
    timeout: 30_000,
  });
}

describe('the built CLI (out/cli/index.js under plain node)', () => {
  it('lists its commands', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: npm run cli -- <command>/);
    expect(result.stdout).toMatch(/\bsubmit\b/);
  });

  it('validates a sheet (the IFSC dataset is bundled, not loaded as bare JSON)', () => {
    const fixture = join(__dirname, '..', 'fixtures', 'payouts-mixed.csv');
    const result = run(['validate', fixture, '--json']);
    expect(result.stderr).not.toMatch(/ERR_IMPORT_ATTRIBUTE|Cannot find/);
    const report = JSON.parse(result.stdout) as { rows: number };
    expect(report.rows).toBeGreaterThan(0);
  });

  it('pays the valid rows of a sheet into the Sandbox from a fresh data folder (migrations shipped beside it)', () => {
    const fixture = join(__dirname, '..', 'fixtures', 'payouts-mixed.csv');
    const result = run(['submit', fixture, '--yes', '--skip-invalid', '--json']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as { batchId: number; accepted: number; unknown: number };
    expect(summary).toMatchObject({ batchId: 1, unknown: 0 });
    expect(summary.accepted).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'data'))).toContain('payout-desk.sqlite');
  });
});
