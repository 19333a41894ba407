import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { Environment } from '../../../shared/settings/api-profile';
import { AppError } from '../../../shared/domain/errors';
import { appendAuditOps } from '../../db/audit';
import { get, type Ops, q, run, transaction } from '../../db/store/ops';
import type { Store } from '../../db/store/store';

/**
 * The Desk Server's EnKash credentials at rest (issue 14 point 1): an admin may store them instead of passing
 * ENKASH_* at every start. They are sealed with AES-256-GCM (the environment as associated data, so a sealed value
 * cannot be moved to another environment) under a key derived from PAYOUT_DESK_SERVER_KEY — which lives only in the
 * servers' environment, never in the database — and are never sent back to anyone.
 */
export const SERVER_KEY_ENV = 'PAYOUT_DESK_SERVER_KEY';
const MIN_KEY_LENGTH = 32;

export type EnkashCredentials = { clientId: string; clientSecret: string; username: string; password: string };

/** The sealing key from the server's environment; null when unset, an error when too weak to protect a secret. */
export function serverKey(env: NodeJS.ProcessEnv): Buffer | null {
  const text = env[SERVER_KEY_ENV];
  if (!text) return null;
  if (text.length < MIN_KEY_LENGTH) {
    throw new AppError(
      'invalid_input',
      `${SERVER_KEY_ENV} must be at least ${MIN_KEY_LENGTH} characters (a random string).`,
    );
  }
  return scryptSync(text, 'payout-desk/server-credentials/v1', 32);
}

export function seal(creds: EnkashCredentials, key: Buffer, environment: Environment): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(environment, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(creds), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function unseal(sealed: string, key: Buffer, environment: Environment): EnkashCredentials {
  const [version, iv, tag, body] = sealed.split(':');
  try {
    if (version !== 'v1' || !iv || !tag || !body) throw new Error('format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(environment, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as EnkashCredentials;
  } catch {
    throw new AppError(
      'credentials_unavailable',
      `The stored EnKash credentials for ${environment} cannot be opened with this ${SERVER_KEY_ENV}: use the key they were stored with, or store them again.`,
    );
  }
}

export function* saveServerCredentialsOps(
  environment: Environment,
  sealed: string,
  by: { id: number; name: string },
  at: Date,
): Ops<void> {
  yield* transaction(function* () {
    const iso = at.toISOString();
    yield* run(
      q`INSERT INTO server_credentials (environment, sealed, updated_at, updated_by)
        VALUES (${environment}, ${sealed}, ${iso}, ${by.id})
        ON CONFLICT (environment) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at,
          updated_by = EXCLUDED.updated_by`,
    );
    yield* appendAuditOps({
      at: iso,
      entity: 'server',
      entityId: environment,
      action: 'credentials-set',
      data: { by: by.name },
    });
  });
}

/** The stored credentials for `environment`, opened with the server's key; null when none are stored. */
export async function loadServerCredentials(
  store: Store,
  environment: Environment,
  env: NodeJS.ProcessEnv,
): Promise<EnkashCredentials | null> {
  const row = await store.run(
    get<{ sealed: string }>(q`SELECT sealed FROM server_credentials WHERE environment = ${environment}`),
  );
  if (!row) return null;
  const key = serverKey(env);
  if (!key) {
    throw new AppError(
      'credentials_unavailable',
      `EnKash credentials are stored for ${environment}, sealed: set ${SERVER_KEY_ENV} to the key they were stored with.`,
    );
  }
  return unseal(row.sealed, key, environment);
}
