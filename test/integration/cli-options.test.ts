import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { openCliApp } from '../../src/cli/app-context';
import { createBalanceCommand } from '../../src/cli/commands/balance';
import { commands } from '../../src/cli/commands/index';
import { sandboxOptionsFromArgs } from '../../src/cli/commands/sandbox';
import { createSubmitCommand } from '../../src/cli/commands/submit';
import { runCli } from '../../src/cli/main';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';

/** Issue 9 point 11 (options that don't trip people) and point 8 (the CLI refuses Production over http). */

const root = mkdtempSync(join(tmpdir(), 'payout-cli-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  return { io: value, out, err, errText: () => err.join('\n') };
}

const demoEnv = {
  ENKASH_CLIENT_ID: SANDBOX_DEMO.clientId,
  ENKASH_CLIENT_SECRET: SANDBOX_DEMO.clientSecret,
  ENKASH_USERNAME: SANDBOX_DEMO.username,
  ENKASH_PASSWORD: SANDBOX_DEMO.password,
};

const sheet = join(root, 'sheet.csv');
writeFileSync(
  sheet,
  'Beneficiary Name,A/c No,IFSC Code,Mode,Amount (Rs),Narration\nAsha Rao,000123456789,HDFC0001234,IMPS,2000.00,Rent\n',
);

const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const t = io(env);
  const code = await runCli(argv, t.io, commands);
  return { code, out: t.out.join('\n'), err: t.errText() };
};

describe('--env production / uat need an https --base-url', () => {
  it.each([
    ['production', 'http://api.enkash.in'],
    ['production', 'http://127.0.0.1:9'],
    ['uat', 'http://ekpayout-uat.enkash.in'],
  ])('balance --env %s --base-url %s is refused (exit 2) before any call', async (env, url) => {
    const t = io(demoEnv);
    expect(await createBalanceCommand().run(['--env', env, '--base-url', url], t.io)).toBe(2);
    expect(t.errText()).toContain('https');
  });

  it('submit and openCliApp refuse it too, and nothing is opened', async () => {
    const dir = freshDir();
    const t = io(demoEnv);
    expect(
      await createSubmitCommand().run(
        [sheet, '--yes', '--env', 'production', '--base-url', 'http://api.enkash.in', '--data-dir', dir],
        t.io,
      ),
    ).toBe(2);
    expect(t.errText()).toContain('https');
    expect(existsSync(dir)).toBe(false);
    await expect(
      openCliApp({ env: 'production', 'base-url': 'http://relay.example.in', 'data-dir': dir }, io(demoEnv).io),
    ).rejects.toThrow(/https/);
  });
});

describe('every command accepts --data-dir', () => {
  it.each([
    ['validate', [sheet]],
    ['balance', []],
    ['beneficiaries', ['search', 'BEN1']],
    ['reconcile', ['--timeout-s', '5']],
    ['history', []],
    ['export', ['--all', '--format', 'csv', '--out', join(root, 'all.csv')]],
    ['profile', ['show']],
  ])('%s --data-dir DIR', async (name, args) => {
    const dir = freshDir();
    // history/export read an existing history: give them one (reconcile creates it).
    if (name === 'history' || name === 'export') await (await openCliApp({ 'data-dir': dir }, io().io)).close();
    const r = await run([name, ...args, '--data-dir', dir]);
    expect(r.err).not.toContain('Unknown option');
    expect(r.code).toBe(0);
  });

  it('sandbox --data-dir keeps the simulator state in that folder (the one submit/reconcile use)', () => {
    const dir = freshDir();
    expect(sandboxOptionsFromArgs(['--data-dir', dir])).toMatchObject({
      stateFile: join(dir, 'sandbox', 'state.json'),
    });
    expect(sandboxOptionsFromArgs(['--data-dir', dir, '--state-file', '/tmp/x.json'])).toMatchObject({
      stateFile: '/tmp/x.json',
    });
  });

  it('validate uses the limits stored in that data folder', async () => {
    const dir = freshDir();
    expect((await run(['validate', sheet, '--data-dir', dir])).code).toBe(0);
    expect((await run(['profile', 'set', 'modeLimits.IMPS.maxPaise', '100000', '--data-dir', dir])).code).toBe(0);
    const limited = await run(['validate', sheet, '--data-dir', dir]);
    expect(limited.code).toBe(1);
    expect(limited.out).toMatch(/IMPS/);
  });
});

describe('offline commands given --base-url ignore it with a note', () => {
  it.each([
    ['validate', [sheet]],
    ['history', []],
    ['export', ['--all', '--format', 'csv', '--out', join(root, 'all2.csv')]],
    ['profile', ['show']],
  ])('%s --base-url URL: note on stderr, exit 0', async (name, args) => {
    const dir = freshDir();
    if (name === 'history' || name === 'export') await (await openCliApp({ 'data-dir': dir }, io().io)).close();
    const r = await run([name, ...args, '--base-url', 'https://relay.example.in', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/--base-url is ignored/);
    expect(r.err).not.toContain('Unknown option');
  });

  it('--json output stays one JSON object on stdout; the note goes to stderr', async () => {
    const r = await run(['validate', sheet, '--json', '--base-url', 'https://relay.example.in']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rows).toBe(1);
    expect(r.err).toMatch(/--base-url is ignored/);
  });

  it('--env keeps its meaning as a filter in history and export --all', async () => {
    const dir = freshDir();
    await (await openCliApp({ 'data-dir': dir }, io().io)).close();
    const h = await run(['history', '--env', 'production', '--json', '--data-dir', dir]);
    expect(h.code).toBe(0);
    expect(h.err).not.toMatch(/ignored/);
    const e = await run([
      'export',
      '--all',
      '--env',
      'nowhere',
      '--format',
      'csv',
      '--out',
      join(root, 'e.csv'),
      '--data-dir',
      dir,
    ]);
    expect(e.code).toBe(0);
    expect(e.err).not.toMatch(/ignored/);
  });
});
