import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { commands } from '../../src/cli/commands/index';
import { sandboxOptionsFromArgs } from '../../src/cli/commands/sandbox';
import { openCliContext } from '../../src/cli/data-dir';
import { runCli } from '../../src/cli/main';
import { createEnkashClient } from '../../src/main/enkash/client';
import type { DiagnosticReport } from '../../src/main/enkash/diagnose';
import { saveApiProfile } from '../../src/main/settings/profile-change';
import { SANDBOX_DEMO, startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import type { ApiProfile } from '../../src/shared/settings/api-profile';
import { presetProfile, type Preset } from './support/dialect-profiles';

/**
 * Diagnostics against both Sandbox presets: with the profile set for the server every tested call is answered
 * and the configured key derivation is confirmed; the strict server with the default profile shows each
 * mismatch as not found / refused / unreadable — and never confirms the configured (wrong) derivation.
 */

const root = mkdtempSync(join(tmpdir(), 'payout-diagnose-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const WRITES = [
  'createBeneficiary',
  'deleteBeneficiary',
  'createPayout',
  'createBatchPayout',
  'addSourceAccount',
  'createWebhook',
];

/** A Sandbox of `preset` holding one landed payout (TXNDIAG01), created with the matching profile. */
async function landed(preset: Preset) {
  sandbox = await startSandbox({ port: 0, preset });
  const client = createEnkashClient({
    baseUrl: sandbox.url,
    profile: presetProfile(preset),
    credentials: async () => ({ ...SANDBOX_DEMO }),
  });
  await client.createBeneficiary({ beneficiaryId: 'BENDIAG01', name: 'Asha Rao', vpa: 'asha@okaxis' });
  await client.createPayout({ transactionId: 'TXNDIAG01', amountPaise: 1000, mode: 'UPI', beneficiaryId: 'BENDIAG01' });
  await client.createWebhook({ webhookUrl: 'https://hooks.example.com/x', events: ['PAYOUT_SUCCESS'] });
  return sandbox;
}

function diagnoseWith(s: SandboxHandle, profile: ApiProfile) {
  const client = createEnkashClient({ baseUrl: s.url, profile, credentials: async () => ({ ...SANDBOX_DEMO }) });
  return client.diagnose({ knownTransactionId: 'TXNDIAG01' });
}

function outcomes(report: Pick<DiagnosticReport, 'calls'>) {
  return Object.fromEntries(report.calls.map((c) => [c.call, c.outcome]));
}

describe.each(['default', 'strict'] as const)('diagnose, %s preset with its profile', (preset) => {
  it('every tested call is answered; writes are not probed; the configured derivation is confirmed', async () => {
    const s = await landed(preset);
    const profile = presetProfile(preset);
    const before = s.stats().payoutsAccepted;
    const report = await diagnoseWith(s, profile);
    for (const c of report.calls)
      expect([c.call, c.outcome]).toEqual([c.call, WRITES.includes(c.call) ? 'not_tested' : 'answered']);
    expect(report.detectedDerivation).toBe(profile.keyDerivation);
    expect(report.calls.find((c) => c.call === 'searchPayouts')!.detail).toContain('found TXNDIAG01');
    expect(s.stats().payoutsAccepted).toBe(before);
  });
});

describe('diagnose, strict preset with the DEFAULT profile', () => {
  it('reports each mismatch as not found / refused / unreadable, never a confirmed sha256-16', async () => {
    const s = await landed('strict');
    const report = await diagnoseWith(s, presetProfile('default'));
    expect(outcomes(report)).toMatchObject({
      token: 'answered',
      searchBeneficiary: 'not_found',
      searchPayouts: 'not_found',
      balance: 'unreadable',
      sourceAccountDetails: 'not_found',
      statement: 'refused',
      getWebhook: 'not_found',
    });
    // Evidence from a documented call (the encrypted balance) names the server's derivation, not ours.
    expect(report.detectedDerivation).toBe('sha1-16');
    expect(report.derivations.find((d) => d.derivation === 'sha256-16')!.result).toBe('does_not_decrypt');
  });
});

describe('diagnose, refusals no profile can pass', () => {
  it('403 on login: the token call is refused (IP or credentials), nothing else is sent', async () => {
    sandbox = await startSandbox({ port: 0, dialect: { forbidLogin: true } });
    const report = await diagnoseWith(sandbox, presetProfile('default'));
    expect(report.calls[0]).toMatchObject({ call: 'token', outcome: 'refused', httpStatus: 403 });
    expect(report.calls.slice(1).every((c) => c.outcome === 'not_tested')).toBe(true);
    expect(report.detectedDerivation).toBeNull();
    expect(sandbox.stats().byOperation.balance).toBeUndefined();
  });

  it('a 403 on one call is "refused", not "not found"', async () => {
    const s = await landed('default');
    s.setDialect({ forbidOperations: ['searchPayouts'] });
    const report = await diagnoseWith(s, presetProfile('default'));
    expect(report.calls.find((c) => c.call === 'searchPayouts')).toMatchObject({ outcome: 'refused', httpStatus: 403 });
  });
});

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: { XDG_CONFIG_HOME: root, ...env } };
  return { io: value, out, err };
}

/** A data folder whose saved API profile is `profile`, saved the way Settings (and `profile set`) save it. */
async function folderWith(name: string, profile: ApiProfile): Promise<string> {
  const dir = join(root, name);
  const ctx = openCliContext(dir);
  try {
    await saveApiProfile(ctx, profile, { source: 'cli' });
  } finally {
    await ctx.close();
  }
  return dir;
}

describe('cli diagnose --json', () => {
  it.each([
    ['default', 'default', 0],
    ['strict', 'strict', 0],
    ['strict', 'default', 1],
  ] as const)('%s preset, %s profile → exit %i', async (preset, profileOf, code) => {
    const s = await landed(preset);
    const dir = await folderWith(`cli-${preset}-${profileOf}`, presetProfile(profileOf));
    const t = io();
    const args = [
      'diagnose',
      '--env',
      'sandbox',
      '--base-url',
      s.url,
      '--data-dir',
      dir,
      '--transaction-id',
      'TXNDIAG01',
    ];
    expect(await runCli([...args, '--json'], t.io, commands)).toBe(code);
    const report = JSON.parse(t.out[0]!) as DiagnosticReport & { environment: string };
    expect(report.environment).toBe('sandbox');
    const tested = report.calls.filter((c) => c.outcome !== 'not_tested');
    if (code === 0) expect(tested.every((c) => c.outcome === 'answered')).toBe(true);
    else expect(outcomes(report)).toMatchObject({ searchPayouts: 'not_found', statement: 'refused' });
    expect(t.out.join('\n')).not.toContain(SANDBOX_DEMO.clientSecret);

    const text = io();
    await runCli(args, text.io, commands);
    expect(text.out[0]).toContain('EnKash diagnostics');
    expect(text.out[0]).toMatch(/5\.6 Search Payouts\s+POST/);
  });

  it('bad --transaction-id is a usage error', async () => {
    const t = io();
    expect(await runCli(['diagnose', '--transaction-id', 'not-an-id!'], t.io, commands)).toBe(2);
  });
});

describe('cli sandbox --dialect', () => {
  it('default|strict choose the preset; anything else is refused', () => {
    expect(sandboxOptionsFromArgs(['--dialect', 'strict'])).toMatchObject({ preset: 'strict' });
    expect(sandboxOptionsFromArgs(['--dialect', 'default'])).toMatchObject({ preset: 'default' });
    expect(sandboxOptionsFromArgs(['--dialect', 'lenient'])).toBe('--dialect must be one of default, strict');
  });

  it('the strict preset serves its own paths: the default Search Payouts path is a 404', async () => {
    sandbox = await startSandbox({ port: 0, preset: 'strict' });
    const res = await fetch(`${sandbox.url}/api/v0/payout-transaction/search`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
