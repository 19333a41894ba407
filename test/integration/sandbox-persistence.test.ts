import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, SANDBOX_DEMO, type SandboxHandle } from '../../src/main/sandbox/index';
import { manualClock, PATHS, TestClient, transfer } from './sandbox-test-client';

const dirs: string[] = [];
let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  dirs.push(dir);
  return join(dir, 'sandbox.json');
}

describe('sandbox persistence (stateFile)', () => {
  it('survives a restart: payouts, ledger, beneficiaries and balance come back; tokens do not', async () => {
    const file = tempFile();
    const clock = manualClock();
    sandbox = await startSandbox({
      stateFile: file,
      now: clock.now,
      initialBalancePaise: 1_000_00,
      timing: { failRate: 0, reverseRate: 0 },
    });
    const client = new TestClient(sandbox.url);
    await client.login();
    await client.call('POST', PATHS.beneficiary, {
      beneficiaryId: 'KEEP1',
      beneficiaryName: 'Asha',
      vpaHandle: 'asha@okaxis',
    });
    await client.call('POST', PATHS.payout, transfer('P1'));
    await client.call('POST', PATHS.webhook, {
      webhookUrl: 'https://example.test/h',
      events: ['PAYOUT_SUCCESS'],
      headers: { 'X-Secret': 'hush' },
    });
    const ledgerBefore = sandbox.ledger();
    await sandbox.close();

    sandbox = await startSandbox({ stateFile: file, now: clock.now, initialBalancePaise: 5 });
    expect(sandbox.ledger()).toEqual(ledgerBefore);
    expect(sandbox.balancePaise()).toBe(1_000_00 - 100_50);
    const stale = new TestClient(sandbox.url);
    stale.token = client.token;
    expect((await stale.call('GET', PATHS.balance)).status).toBe(401);
    await stale.login();
    expect((await stale.call('POST', PATHS.payout, transfer('P1'))).status).toBe(409);
    expect(
      (
        await stale.call('POST', PATHS.beneficiary, {
          beneficiaryId: 'KEEP1',
          beneficiaryName: 'Asha',
          vpaHandle: 'asha@okaxis',
        })
      ).status,
    ).toBe(409);
    expect(sandbox.paidCount('P1')).toBe(1);
    // Header values are shared secrets: echoed while running, never written to disk.
    expect((await stale.call('GET', PATHS.webhook)).plain).toMatchObject({ headers: { 'X-Secret': '[redacted]' } });
  });

  it('writes no secret, password or token to the state file and leaves no temp files behind', async () => {
    const file = tempFile();
    sandbox = await startSandbox({ stateFile: file });
    const client = new TestClient(sandbox.url);
    const login = await client.login();
    await client.call('POST', PATHS.payout, transfer('P2'));
    await client.call('POST', PATHS.webhook, {
      webhookUrl: 'https://example.test/h',
      events: ['PAYOUT_SUCCESS'],
      headers: { 'X-Secret': 'hush-hush' },
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('P2');
    for (const secret of [
      SANDBOX_DEMO.clientSecret,
      SANDBOX_DEMO.password,
      String(login.body.access_token),
      String(login.body.refresh_token),
      'hush-hush',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(readdirSync(join(file, '..'))).toEqual(['sandbox.json']);
  });

  it('refuses to start on a corrupt state file instead of wiping it', async () => {
    const file = tempFile();
    writeFileSync(file, '{"version":1,');
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/unreadable/);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,');
  });
});
