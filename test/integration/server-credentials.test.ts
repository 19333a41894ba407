import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadServerCredentials,
  saveServerCredentialsOps,
  seal,
  serverKey,
  unseal,
} from '../../src/main/services/team/server-credentials';
import { addUserOps, prepareUser } from '../../src/main/services/team/users';
import { runCli } from '../../src/cli/main';
import { commands } from '../../src/cli/commands/index';
import { captureIo } from '../support/cli-io';
import { openTestStore, type TestStore } from '../support/test-store';

/**
 * Issue 14 point 1: the Desk Server's EnKash credentials at rest are AES-256-GCM ciphertext under a key from
 * PAYOUT_DESK_SERVER_KEY (never in the database), bound to their environment; a pg_dump holds none of the secrets;
 * `credentials set` sends them only over https or to this machine.
 */

const KEY = 'k'.repeat(16) + 'random-enough-server-key';
const CREDS = {
  clientId: 'client-abc',
  clientSecret: 'very-secret-client-secret-123',
  username: 'ops@company.in',
  password: 'EnKash-Pa55word!',
};
let t: TestStore;
beforeEach(async () => {
  t = await openTestStore('pg');
});
afterEach(async () => {
  await t.close();
});

describe('the server’s stored EnKash credentials', () => {
  it('are sealed under the server key, bound to their environment, and opened only with that key', async () => {
    const key = serverKey({ PAYOUT_DESK_SERVER_KEY: KEY })!;
    expect(() => serverKey({ PAYOUT_DESK_SERVER_KEY: 'short' })).toThrow(/at least 32 characters/);
    expect(serverKey({})).toBeNull();
    const sealed = seal(CREDS, key, 'production');
    expect(sealed).toMatch(/^v1:/);
    for (const secret of Object.values(CREDS)) expect(sealed).not.toContain(secret);
    expect(unseal(sealed, key, 'production')).toEqual(CREDS);
    expect(() => unseal(sealed, key, 'uat')).toThrow(/cannot be opened/);
    const other = serverKey({ PAYOUT_DESK_SERVER_KEY: 'another-key-of-enough-length-0123456789' })!;
    expect(() => unseal(sealed, other, 'production')).toThrow(/cannot be opened/);
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => unseal(tampered, key, 'production')).toThrow(/cannot be opened/);
  });

  it('are stored once per environment, audited without a secret, and absent from a pg_dump', async () => {
    const admin = await t.store.run(
      addUserOps(await prepareUser('ada', 'admin', 'admin pass phrase 1'), { by: 'cli', at: new Date() }),
    );
    const key = serverKey({ PAYOUT_DESK_SERVER_KEY: KEY })!;
    await t.store.run(saveServerCredentialsOps('production', seal(CREDS, key, 'production'), admin, new Date()));
    const newer = { ...CREDS, password: 'Rotated-Pa55word!' };
    await t.store.run(saveServerCredentialsOps('production', seal(newer, key, 'production'), admin, new Date()));
    expect(await loadServerCredentials(t.store, 'production', { PAYOUT_DESK_SERVER_KEY: KEY })).toEqual(newer);
    expect(await loadServerCredentials(t.store, 'uat', { PAYOUT_DESK_SERVER_KEY: KEY })).toBeNull();
    await expect(loadServerCredentials(t.store, 'production', {})).rejects.toThrow(/set PAYOUT_DESK_SERVER_KEY/);
    const dump = execFileSync('/usr/lib/postgresql/15/bin/pg_dump', ['--dbname', t.url!, '--data-only'], {
      encoding: 'utf8',
    });
    expect(dump).toContain('credentials-set');
    for (const secret of [...Object.values(CREDS), newer.password, KEY, 'admin pass phrase 1']) {
      expect(dump).not.toContain(secret);
    }
  });

  it('`credentials set` refuses plain http to another machine and missing secrets, before signing in', async () => {
    const env = { PAYOUT_DESK_USER: 'ada', PAYOUT_DESK_PASSWORD: 'x' };
    const remote = captureIo({
      ENKASH_CLIENT_ID: CREDS.clientId,
      ENKASH_CLIENT_SECRET: CREDS.clientSecret,
      ENKASH_USERNAME: CREDS.username,
      ENKASH_PASSWORD: CREDS.password,
      ...env,
    });
    expect(await runCli(['credentials', 'set', '--server', 'http://desk.example.in:8750'], remote, commands)).toBe(2);
    expect(remote.stderr.join('\n')).toContain('only over https://');
    const missing = captureIo({ PAYOUT_DESK_USER: 'ada', PAYOUT_DESK_PASSWORD: 'x' });
    expect(await runCli(['credentials', 'set', '--server', 'https://desk.example.in'], missing, commands)).toBe(2);
    expect(missing.stderr.join('\n')).toContain('ENKASH_CLIENT_ID');
    expect([...remote.stderr, ...missing.stderr].join('\n')).not.toContain(CREDS.clientSecret);
  });
});
