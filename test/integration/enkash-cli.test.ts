import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { createBalanceCommand } from '../../src/cli/commands/balance';
import { createBeneficiariesCommand } from '../../src/cli/commands/beneficiaries';
import { commands } from '../../src/cli/commands/index';
import { formatRupees } from '../../src/cli/enkash-from-env';
import { createEnkashClient } from '../../src/main/enkash/client';
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { SANDBOX_DEMO, startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';

// The commands open their data folder (history, the folder's Sandbox): the default one lives under this
// XDG_CONFIG_HOME, never in the real $HOME.
const root = mkdtempSync(join(tmpdir(), 'payout-enkash-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: { XDG_CONFIG_HOME: root, ...env } };
  return { io: value, out, err, all: () => [...out, ...err].join('\n') };
}

const demoEnv = {
  ENKASH_CLIENT_ID: SANDBOX_DEMO.clientId,
  ENKASH_CLIENT_SECRET: SANDBOX_DEMO.clientSecret,
  ENKASH_USERNAME: SANDBOX_DEMO.username,
  ENKASH_PASSWORD: SANDBOX_DEMO.password,
  ENKASH_FUND_SOURCE_ID: SANDBOX_DEMO.fundSourceId,
};

async function seededSandbox() {
  sandbox = await startSandbox({ port: 0, initialBalancePaise: 12_345_678 });
  const client = createEnkashClient({
    baseUrl: sandbox.url,
    profile: { ...DEFAULT_API_PROFILE, fundSourceId: SANDBOX_DEMO.fundSourceId },
    credentials: async () => ({ ...SANDBOX_DEMO }),
  });
  await client.createBeneficiary({
    beneficiaryId: 'BENASHA01',
    name: 'Asha Rao',
    accountNumber: '000123456789',
    ifsc: 'HDFC0001234',
  });
  await client.createBeneficiary({ beneficiaryId: 'BENRAVI01', name: 'Ravi Kumar', vpa: 'ravi@okaxis' });
  return sandbox;
}

describe('balance', () => {
  it('default: the in-process Sandbox, human output', async () => {
    const t = io();
    expect(await createBalanceCommand().run([], t.io)).toBe(0);
    expect(t.out).toEqual(['Balance (sandbox): ₹1,00,00,000.00']);
  });

  it('--json against a custom base URL with credentials from the environment', async () => {
    const s = await seededSandbox();
    const t = io(demoEnv);
    expect(
      await createBalanceCommand().run(['--base-url', s.url, '--json', '--data-dir', join(root, 'other')], t.io),
    ).toBe(0);
    expect(JSON.parse(t.out[0]!)).toEqual({
      environment: 'custom',
      totalBalancePaise: 12_345_678,
      totalBalance: '123456.78',
    });
    expect(t.all()).not.toContain(SANDBOX_DEMO.clientSecret);
  });

  it('missing credentials in the environment → exit 2, naming only the variables', async () => {
    const t = io({ ENKASH_CLIENT_ID: 'CEKX', ENKASH_PASSWORD: 'pw-value' });
    expect(await createBalanceCommand().run(['--env', 'uat'], t.io)).toBe(2);
    expect(t.all()).toContain('ENKASH_CLIENT_SECRET, ENKASH_USERNAME');
    expect(t.all()).not.toContain('pw-value');
  });

  it('credentials on the command line are refused as unknown options', async () => {
    const t = io();
    expect(await createBalanceCommand().run(['--password', 'hunter2'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('Unknown option --password');
  });

  it.each([
    [['--env', 'staging']],
    [['--env', 'custom']],
    [['--env', 'sandbox', '--base-url', 'http://127.0.0.1:1']],
    [['--base-url', 'ftp://x']],
    [['--key-derivation', 'md5']],
    [['extra']],
  ])('bad usage %j → exit 2', async (args) => {
    expect(await createBalanceCommand().run(args, io(demoEnv).io)).toBe(2);
  });

  it('wrong password → exit 1 with auth_failed in the JSON error', async () => {
    const s = await seededSandbox();
    const t = io({ ...demoEnv, ENKASH_PASSWORD: 'wrong-password' });
    expect(await createBalanceCommand().run(['--base-url', s.url, '--json'], t.io)).toBe(1);
    expect(JSON.parse(t.out[0]!).error.code).toBe('auth_failed');
    expect(t.all()).not.toContain('wrong-password');
  });

  it('nothing listening → exit 1, enkash_unavailable', async () => {
    const s = await startSandbox({ port: 0 });
    const url = s.url;
    await s.close();
    const t = io(demoEnv);
    expect(await createBalanceCommand().run(['--base-url', url, '--json'], t.io)).toBe(1);
    expect(JSON.parse(t.out[0]!).error.code).toBe('enkash_unavailable');
  });
});

describe('beneficiaries', () => {
  it('search by id, by name (auto), masked account numbers', async () => {
    const s = await seededSandbox();
    const byId = io(demoEnv);
    expect(
      await createBeneficiariesCommand().run(['search', 'BENASHA01', '--base-url', s.url, '--json'], byId.io),
    ).toBe(0);
    const list = JSON.parse(byId.out[0]!).beneficiaries as { beneficiaryId: string; accountNumber: string }[];
    expect(list.map((b) => b.beneficiaryId)).toEqual(['BENASHA01']);
    expect(list[0]!.accountNumber).toBe('********6789');
    expect(byId.all()).not.toContain('000123456789');

    const byName = io(demoEnv);
    expect(await createBeneficiariesCommand().run(['search', 'ravi', '--base-url', s.url], byName.io)).toBe(0);
    expect(byName.out).toEqual(['BENRAVI01  Ravi Kumar  ravi@okaxis', '1 beneficiary']);
  });

  it('delete, then delete again → exit 1 (EnKash rejects), then search finds nothing', async () => {
    const s = await seededSandbox();
    const first = io(demoEnv);
    expect(await createBeneficiariesCommand().run(['delete', 'BENASHA01', '--base-url', s.url], first.io)).toBe(0);
    expect(first.out).toEqual(['Deleted beneficiary BENASHA01 (custom).']);
    const again = io(demoEnv);
    expect(
      await createBeneficiariesCommand().run(['delete', 'BENASHA01', '--base-url', s.url, '--json'], again.io),
    ).toBe(1);
    expect(JSON.parse(again.out[0]!).error).toMatchObject({ code: 'enkash_rejected', details: { enkashCode: 404 } });
    const search = io(demoEnv);
    expect(
      await createBeneficiariesCommand().run(['search', 'BENASHA01', '--by', 'id', '--base-url', s.url], search.io),
    ).toBe(0);
    expect(search.out).toEqual(['No beneficiaries found.']);
  });

  it.each([
    [[]],
    [['list']],
    [['search']],
    [['delete', 'a b']],
    [['search', 'x', '--by', 'vpa']],
    [['delete', 'X', '--by', 'id']],
    [['search', 'a', 'b']],
  ])('bad usage %j → exit 2', async (args) => {
    expect(await createBeneficiariesCommand().run(args, io().io)).toBe(2);
  });
});

describe('registration and formatting', () => {
  it('both commands are registered', () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['balance', 'beneficiaries']));
  });

  it('formats paise with Indian grouping by string arithmetic', () => {
    expect(formatRupees(1)).toBe('₹0.01');
    expect(formatRupees(123456789)).toBe('₹12,34,567.89');
    expect(formatRupees(10_000_000_000_000)).toBe('₹1,00,00,00,00,000.00');
  });
});
