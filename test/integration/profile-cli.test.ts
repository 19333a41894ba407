import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { createBalanceCommand } from '../../src/cli/commands/balance';
import { createBeneficiariesCommand } from '../../src/cli/commands/beneficiaries';
import { profileCommand } from '../../src/cli/commands/profile';
import { DB_FILE } from '../../src/main/context';
import type { FetchLike } from '../../src/main/enkash/transport';
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';

/** Issue 9 point 11: `profile show|set`, validated against the profile schema, stored where the app reads it. */

const root = mkdtempSync(join(tmpdir(), 'payout-profile-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  return { io: value, out, err };
}

async function profile(args: string[], env: NodeJS.ProcessEnv = {}) {
  const t = io(env);
  const code = await profileCommand.run(args, t.io);
  return { code, out: t.out.join('\n'), err: t.err.join('\n') };
}

async function shown(dir: string): Promise<Record<string, unknown>> {
  const r = await profile(['show', '--json', '--data-dir', dir]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { profile: Record<string, unknown> }).profile;
}

function storedProfile(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).apiProfile as typeof DEFAULT_API_PROFILE;
}

describe('profile show', () => {
  it('prints every API-profile setting under dotted keys (defaults on an empty data folder, nothing created)', async () => {
    const dir = freshDir();
    const p = await shown(dir);
    expect(p['paths.searchPayouts']).toBe('/api/v0/payout-transaction/search');
    expect(p['switches.searchPaging']).toBe('query');
    expect(p['modeLimits.IMPS.maxPaise']).toBe(20_000_000);
    expect(p['modeLimits.IMPS.minPaise']).toBeNull();
    expect(p['baseUrls.production']).toBe('https://api.enkash.in');
    expect(p.batchChunkSize).toBe(100);
    // Every leaf of the profile, no more, no less.
    const leaves = (v: unknown): number =>
      v !== null && typeof v === 'object' ? Object.values(v).reduce<number>((s, x) => s + leaves(x), 0) : 1;
    expect(Object.keys(p)).toHaveLength(leaves(DEFAULT_API_PROFILE));
    expect(existsSync(dir)).toBe(false);

    const human = await profile(['show', '--data-dir', dir]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^paths\.searchPayouts\s+\/api\/v0\/payout-transaction\/search$/m);
    expect(human.out).toMatch(/^modeLimits\.IMPS\.minPaise\s+none$/m);
  });
});

describe('profile set', () => {
  it('sets a value of each type, persisted in the settings file the app reads', async () => {
    const dir = freshDir();
    for (const [key, value] of [
      ['paths.searchPayouts', '/api/v1/payouts/search'],
      ['switches.searchPaging', 'body'],
      ['modeLimits.IMPS.maxPaise', '10000000'],
      ['modeLimits.NEFT.minPaise', '100'],
      ['batchChunkSize', '25'],
      ['keyDerivation', 'sha1-16'],
    ]) {
      const r = await profile(['set', key!, value!, '--data-dir', dir]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }
    expect((await profile(['set', 'modeLimits.NEFT.minPaise', 'none', '--data-dir', dir])).code).toBe(0);
    const stored = storedProfile(dir);
    expect(stored.paths.searchPayouts).toBe('/api/v1/payouts/search');
    expect(stored.switches.searchPaging).toBe('body');
    expect(stored.modeLimits.IMPS.maxPaise).toBe(10_000_000);
    expect(stored.modeLimits.NEFT.minPaise).toBeNull();
    expect(stored.batchChunkSize).toBe(25);
    expect(stored.keyDerivation).toBe('sha1-16');
    expect((await shown(dir))['switches.searchPaging']).toBe('body');
  });

  it('refuses an unknown key, listing the keys', async () => {
    const r = await profile(['set', 'paths.searchPayout', '/x', '--data-dir', freshDir()]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown profile key "paths.searchPayout"');
    expect(r.err).toContain('paths.searchPayouts');
    expect(r.err).toContain('modeLimits.IMPS.maxPaise');
  });

  it.each([
    ['switches.searchPaging', 'header', ['query', 'body']],
    ['keyDerivation', 'md5', ['sha256-16', 'sha1-16', 'raw-16']],
    ['batchChunkSize', '0', ['1', '1000']],
    ['batchChunkSize', 'ten', ['whole number']],
    ['modeLimits.IMPS.maxPaise', '1.5', ['whole number', 'none']],
    ['paths.balance', 'no-slash', ['path starting with /']],
    ['baseUrls.uat', 'http://uat.example.in', ['https']],
  ])('refuses %s = %s, naming what is allowed', async (key, value, allowed) => {
    const dir = freshDir();
    const r = await profile(['set', key, value, '--data-dir', dir]);
    expect(r.code).toBe(2);
    for (const a of allowed) expect(r.err).toContain(a);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('Production: base URL (always) and paths (while Production is the environment) need --confirm PRODUCTION, audited', async () => {
    const dir = freshDir();
    const refused = await profile(['set', 'baseUrls.production', 'https://relay.example.in', '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--confirm PRODUCTION');
    expect((await shown(dir))['baseUrls.production']).toBe('https://api.enkash.in');
    const wrong = await profile([
      'set',
      'baseUrls.production',
      'https://relay.example.in',
      '--confirm',
      'yes',
      '--data-dir',
      dir,
    ]);
    expect(wrong.code).toBe(1);
    const ok = await profile([
      'set',
      'baseUrls.production',
      'https://relay.example.in',
      '--confirm',
      'PRODUCTION',
      '--data-dir',
      dir,
    ]);
    expect(ok.code).toBe(0);
    expect(storedProfile(dir).baseUrls.production).toBe('https://relay.example.in');

    // Paths are free in Sandbox; in Production they are guarded.
    expect((await profile(['set', 'paths.balance', '/b1', '--data-dir', dir])).code).toBe(0);
    const settingsFile = join(dir, 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    const { createConfBackend } = await import('../../src/main/settings/conf-backend');
    createConfBackend(dir).write({ ...settings, environment: 'production' });
    expect((await profile(['set', 'paths.balance', '/b2', '--data-dir', dir])).code).toBe(1);
    expect(storedProfile(dir).paths.balance).toBe('/b1');
    expect((await profile(['set', 'paths.balance', '/b2', '--confirm', 'PRODUCTION', '--data-dir', dir])).code).toBe(0);
    expect((await profile(['set', 'batchChunkSize', '10', '--data-dir', dir])).code).toBe(0);

    const db = new Database(join(dir, DB_FILE), { readonly: true });
    const audit = db.prepare("SELECT action, data FROM audit_log WHERE entity = 'settings' ORDER BY id").all() as {
      action: string;
      data: string;
    }[];
    db.close();
    expect(audit.map((a) => [a.action, JSON.parse(a.data).source, JSON.parse(a.data).changes])).toEqual([
      [
        'production-profile-change',
        'cli',
        [{ key: 'baseUrls.production', from: 'https://api.enkash.in', to: 'https://relay.example.in' }],
      ],
      ['production-profile-change', 'cli', [{ key: 'paths.balance', from: '/b1', to: '/b2' }]],
    ]);
  });
});

describe('EnKash commands use the stored profile', () => {
  function recordingFetch(): { fetch: FetchLike; paths: string[] } {
    const paths: string[] = [];
    return {
      paths,
      fetch: async (url, init) => {
        paths.push(new URL(url).pathname);
        return fetch(url, init);
      },
    };
  }

  it('balance calls the balance path set with `profile set` (against the built-in Sandbox)', async () => {
    const dir = freshDir();
    expect((await profile(['set', 'paths.balance', '/api/v9/my-balance', '--data-dir', dir])).code).toBe(0);
    const wire = recordingFetch();
    const t = io();
    const code = await createBalanceCommand({ fetch: wire.fetch }).run(['--data-dir', dir, '--json'], t.io);
    expect(wire.paths).toContain('/api/v9/my-balance');
    expect(wire.paths).not.toContain(DEFAULT_API_PROFILE.paths.balance);
    // The simulator does not serve that path: the stored setting really was used.
    expect(code).toBe(1);

    // The same data folder through PAYOUT_DESK_DATA_DIR.
    const viaEnv = recordingFetch();
    await createBalanceCommand({ fetch: viaEnv.fetch }).run(['--json'], io({ PAYOUT_DESK_DATA_DIR: dir }).io);
    expect(viaEnv.paths).toContain('/api/v9/my-balance');

    // Back to the documented path: the balance answers again.
    expect((await profile(['set', 'paths.balance', DEFAULT_API_PROFILE.paths.balance, '--data-dir', dir])).code).toBe(
      0,
    );
    const again = io();
    expect(await createBalanceCommand().run(['--data-dir', dir], again.io)).toBe(0);
    expect(again.out[0]).toMatch(/^Balance \(sandbox\): ₹/);
  });

  it('beneficiaries calls the search path from the stored profile', async () => {
    const dir = freshDir();
    expect((await profile(['set', 'paths.searchBeneficiary', '/api/v9/bene-search', '--data-dir', dir])).code).toBe(0);
    const wire = recordingFetch();
    await createBeneficiariesCommand({ fetch: wire.fetch }).run(
      ['search', 'BEN1', '--data-dir', dir, '--json'],
      io().io,
    );
    expect(wire.paths).toContain('/api/v9/bene-search');
  });
});
