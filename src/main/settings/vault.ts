import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CredentialStatus } from '../../shared/ipc/contracts/credentials';
import { AppError } from '../../shared/domain/errors';
import type { Environment } from '../../shared/settings/api-profile';

export type Credentials = { clientId: string; clientSecret: string; username: string; password: string };
type StoredEnvironment = Exclude<Environment, 'sandbox'>;

/** Electron's safeStorage, or a test double with the same shape. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
  getSelectedStorageBackend?: () => string;
};

const entrySchema = z.object({
  ciphertext: z.string(),
  clientIdMasked: z.string(),
  usernameMasked: z.string(),
  savedAt: z.string(),
  lastVerifiedAt: z.string().nullable(),
});
const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), entrySchema) });
type VaultFile = z.infer<typeof fileSchema>;

const credentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
});

export function maskClientId(id: string): string {
  return id.length <= 5 ? '•'.repeat(id.length) : `${id.slice(0, 3)}${'•'.repeat(id.length - 5)}${id.slice(-2)}`;
}

export function maskUsername(name: string): string {
  const at = name.indexOf('@');
  if (at > 0) return `${name.slice(0, Math.min(2, at))}•••${name.slice(at)}`;
  return name.length <= 4 ? '••••' : `${'•'.repeat(name.length - 4)}${name.slice(-4)}`;
}

/** Why safeStorage cannot protect secrets here, or null when it can. */
function unavailableReason(safe: SafeStorageLike): string | null {
  if (!safe.isEncryptionAvailable()) {
    return 'This computer offers no secure credential storage (OS keychain), so credentials cannot be saved.';
  }
  // On Linux without a keyring Electron falls back to a hard-coded key: that is obfuscation, not protection.
  if (safe.getSelectedStorageBackend?.() === 'basic_text') {
    return 'No desktop keyring (GNOME Keyring or KWallet) is running, so credentials cannot be stored safely.';
  }
  return null;
}

/**
 * Credentials per environment, encrypted with the OS keychain through Electron's safeStorage. Only ciphertext
 * touches disk; there is deliberately no home-made fallback when safeStorage is unavailable. The renderer gets
 * `status()` only; `read()` is for the EnKash client inside main.
 */
export function createVault(options: { file: string; safeStorage: SafeStorageLike; now?: () => Date }) {
  const now = options.now ?? (() => new Date());
  const load = (): VaultFile => {
    if (!existsSync(options.file)) return { version: 1, entries: {} };
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(options.file, 'utf8')));
    if (!parsed.success)
      throw new AppError('credentials_unavailable', 'The credential file is damaged; enter the credentials again.');
    return parsed.data;
  };
  const save = (data: VaultFile) => {
    mkdirSync(dirname(options.file), { recursive: true });
    const tmp = `${options.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, options.file);
  };

  const status = (environment: Environment): CredentialStatus => {
    const reason = unavailableReason(options.safeStorage);
    const entry = environment === 'sandbox' ? undefined : safeLoad()?.entries[environment];
    return {
      environment,
      hasCredentials: Boolean(entry),
      clientIdMasked: entry?.clientIdMasked ?? null,
      usernameMasked: entry?.usernameMasked ?? null,
      lastVerifiedAt: entry?.lastVerifiedAt ?? null,
      unavailableReason: reason,
    };
  };
  const safeLoad = (): VaultFile | null => {
    try {
      return load();
    } catch {
      return null;
    }
  };

  return {
    status,
    set(environment: StoredEnvironment, credentials: Credentials): CredentialStatus {
      const reason = unavailableReason(options.safeStorage);
      if (reason) throw new AppError('credentials_unavailable', reason);
      const valid = credentialsSchema.parse(credentials);
      const data = safeLoad() ?? { version: 1, entries: {} };
      data.entries[environment] = {
        ciphertext: options.safeStorage.encryptString(JSON.stringify(valid)).toString('base64'),
        clientIdMasked: maskClientId(valid.clientId),
        usernameMasked: maskUsername(valid.username),
        savedAt: now().toISOString(),
        lastVerifiedAt: null,
      };
      save(data);
      return status(environment);
    },
    clear(environment: StoredEnvironment): CredentialStatus {
      const data = safeLoad() ?? { version: 1, entries: {} };
      delete data.entries[environment];
      save(data);
      return status(environment);
    },
    /** Main-process only: the decrypted credentials for the EnKash client. */
    read(environment: Environment): Credentials | null {
      if (environment === 'sandbox') return null;
      const entry = load().entries[environment];
      if (!entry) return null;
      const reason = unavailableReason(options.safeStorage);
      if (reason) throw new AppError('credentials_unavailable', reason);
      try {
        return credentialsSchema.parse(
          JSON.parse(options.safeStorage.decryptString(Buffer.from(entry.ciphertext, 'base64'))),
        );
      } catch {
        throw new AppError('credentials_unavailable', 'Stored credentials could not be unlocked; enter them again.');
      }
    },
    markVerified(environment: StoredEnvironment): void {
      const data = load();
      const entry = data.entries[environment];
      if (!entry) return;
      entry.lastVerifiedAt = now().toISOString();
      save(data);
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
