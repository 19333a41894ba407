import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, maskClientId, maskUsername } from '../../../src/main/settings/vault';
import { createFakeSafeStorage } from '../../support/fake-safe-storage';

const CREDS = {
  clientId: 'CEKFOWV7UQ',
  clientSecret: 'super-secret-key-42',
  username: 'accounts@acme.in',
  password: 'P@ssw0rd-never-shown',
};

describe('credential vault', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'payout-vault-'));
    file = join(dir, 'credentials.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores only ciphertext and returns masked status, never the secret', () => {
    const vault = createVault({ file, safeStorage: createFakeSafeStorage() });
    const status = vault.set('uat', CREDS);
    expect(status).toEqual({
      environment: 'uat',
      hasCredentials: true,
      clientIdMasked: 'CEK•••••UQ',
      usernameMasked: 'ac•••@acme.in',
      lastVerifiedAt: null,
      unavailableReason: null,
    });
    const disk = readFileSync(file, 'utf8');
    for (const value of [CREDS.clientSecret, CREDS.password, CREDS.username, CREDS.clientId]) {
      expect(disk).not.toContain(value);
      expect(JSON.stringify(vault.status('uat'))).not.toContain(value);
    }
    expect(vault.read('uat')).toEqual(CREDS);
  });

  it('keeps environments apart and clears one without touching the other', () => {
    const vault = createVault({ file, safeStorage: createFakeSafeStorage() });
    vault.set('uat', CREDS);
    vault.set('production', { ...CREDS, clientId: 'CEKPROD001' });
    vault.clear('uat');
    expect(vault.status('uat').hasCredentials).toBe(false);
    expect(vault.read('production')?.clientId).toBe('CEKPROD001');
    expect(vault.status('sandbox').hasCredentials).toBe(false);
  });

  it('refuses to store anything when OS encryption is unavailable, and says so', () => {
    const vault = createVault({ file, safeStorage: createFakeSafeStorage({ available: false }) });
    expect(() => vault.set('uat', CREDS)).toThrow(/no secure credential storage/);
    expect(vault.status('uat').unavailableReason).toMatch(/cannot be saved/);
  });

  it("refuses Linux's basic_text backend, which is not real protection", () => {
    const vault = createVault({ file, safeStorage: createFakeSafeStorage({ backend: 'basic_text' }) });
    expect(() => vault.set('uat', CREDS)).toThrow(/keyring/);
  });

  it('cannot decrypt with a different keychain key and says to re-enter', () => {
    createVault({ file, safeStorage: createFakeSafeStorage() }).set('uat', CREDS);
    const other = createVault({ file, safeStorage: createFakeSafeStorage() });
    expect(() => other.read('uat')).toThrow(/enter them again/);
  });

  it('records when credentials were last verified', () => {
    const vault = createVault({
      file,
      safeStorage: createFakeSafeStorage(),
      now: () => new Date('2026-11-26T06:00:00Z'),
    });
    vault.set('uat', CREDS);
    vault.markVerified('uat');
    expect(vault.status('uat').lastVerifiedAt).toBe('2026-11-26T06:00:00.000Z');
  });

  it('masks ids and usernames', () => {
    expect(maskClientId('CEK1GZBO6A')).toBe('CEK•••••6A');
    expect(maskClientId('ABC')).toBe('•••');
    expect(maskUsername('9876543210')).toBe('••••••3210');
  });
});
