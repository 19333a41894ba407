import { createHash, randomBytes } from 'node:crypto';
import { type EnkashFailure, EnkashFailureError, fail } from './errors';
import type { ApiProfile } from '../../shared/settings/api-profile';
import type { EnkashLog } from './redact';
import { parseJsonText, readCode } from './response';
import type { Clock, Transport } from './transport';

/**
 * OAuth password-grant login with a cache, a single login in flight, and a lock after a rejected login.
 *
 * Why the lock: sibling EnKash products lock the account after three failed logins, and a desktop app that
 * retried a wrong password in a loop would lock the user out of their payouts. So a rejected login is tried
 * exactly once; every later call fails fast, without a request, until the credentials change (or the user
 * explicitly asks again through {@link TokenManager.resetLock}).
 *
 * What counts as "rejected" (and so sets the persistent lock): a 401, an `invalid_grant` verdict (Spring's usual
 * 400 for a bad password), or a 2xx without a token. A 403 is not: EnKash answers it to a computer whose IP is not
 * whitelisted (§15.19), which no credential change fixes. A 400 without a verdict is not either. Both are still
 * tried only once per credentials: they are remembered in memory (not persisted) and replayed without a request
 * until the credentials change or resetLock — so a poller can never hammer the token endpoint.
 */

export type Credentials = { clientId: string; clientSecret: string; username: string; password: string };
export type CredentialsProvider = () => Promise<Credentials | null>;

export type Session = { accessToken: string; credentials: Credentials };

export type LoginInfo = { style: 'snake_case' | 'camelCase'; expiresInSeconds: number | null; obtainedAt: number };

export type TokenManager = {
  /** A valid session, logging in if needed. Concurrent callers share one login. */
  getSession(): Promise<Session>;
  /** Drops `accessToken` if it is still the cached one (after a 401/403), so the next call logs in again. */
  invalidate(accessToken: string): void;
  /**
   * Lifts the "login rejected" lock (and forgets a remembered 403 / verdict-less 400), for an explicit user action
   * such as "Test connection" after the credentials were checked or this computer's IP was whitelisted.
   */
  resetLock(): void;
  isLocked(): boolean;
  lastLogin(): LoginInfo | null;
};

export type TokenManagerOptions = {
  transport: Transport;
  profile: Pick<ApiProfile, 'paths'>;
  credentials: CredentialsProvider;
  clock: Clock;
  log: EnkashLog;
  /**
   * Where the lock lives beyond this object. Clients are rebuilt (settings change, restart); a lock held only in
   * memory would let every rebuild try a rejected password once more and lock the EnKash account.
   */
  loginLock?: LoginLockStore;
};

/** Persists the lock as `salt:sha256(salt, credentials)`: enough to recognise the same credentials, never them. */
export type LoginLockStore = { read(): string | null; write(value: string | null): void };

/** Refresh this long before the server's expiry, so a token never dies between check and use. */
export const EXPIRY_MARGIN_SECONDS = 30;
/** When the server sends no usable lifetime (the OLD example shows 0): the 5-minute lifetime the docs mention, minus the margin. */
const DEFAULT_LIFETIME_SECONDS = 270;

type Cached = { token: string; expiresAt: number; fingerprint: string; credentials: Credentials };

export function createTokenManager(opts: TokenManagerOptions): TokenManager {
  let cached: Cached | null = null;
  let inflight: Promise<Cached> | null = null;
  let lockedFingerprint: string | null = null;
  /** A 403 / verdict-less 400 for these credentials: replayed without a request (in memory only, see above). */
  let refused: { fingerprint: string; failure: EnkashFailure } | null = null;
  const store = opts.loginLock;
  let info: LoginInfo | null = null;

  async function login(credentials: Credentials, fingerprint: string): Promise<Cached> {
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64');
    const form = new URLSearchParams({
      username: credentials.username,
      password: credentials.password,
      grant_type: 'password',
      clientId: credentials.clientId,
    });
    opts.log('login.start', {});
    let status: number;
    let text: string;
    try {
      ({ status, text } = await opts.transport.send({
        operation: 'login',
        method: 'POST',
        path: opts.profile.paths.token,
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        retry: 'never',
      }));
    } catch (e) {
      const f = e instanceof EnkashFailureError ? e.failure : null;
      const cause = f?.kind === 'network' ? f.cause : (f?.kind ?? 'unknown');
      opts.log('login.unavailable', { cause });
      fail({ kind: 'login_unavailable', httpStatus: null, cause });
    }

    const body = tryJson(text, status);
    if (status === 403) return refuse(fingerprint, { kind: 'forbidden', during: 'login', ...verdictOf(status, body) });
    if (status === 401 || (status === 400 && isInvalidGrant(body))) {
      return reject(status, body, fingerprint, credentials);
    }
    if (status === 400) return refuse(fingerprint, { kind: 'login_refused', ...verdictOf(status, body) });
    if (status < 200 || status >= 300) {
      opts.log('login.unavailable', { status });
      fail({ kind: 'login_unavailable', httpStatus: status, cause: 'http_status' });
    }
    if (body === undefined) {
      // A 2xx that is not JSON is a proxy or a wrong URL, not EnKash's verdict on the password: no lock.
      opts.log('login.unavailable', { status, cause: 'not_json' });
      fail({ kind: 'login_unavailable', httpStatus: status, cause: 'not_json' });
    }
    const token = readToken(body);
    if (!token) return reject(status, body, fingerprint, credentials);

    const now = opts.clock();
    const lifetime =
      token.expiresIn !== null && token.expiresIn > EXPIRY_MARGIN_SECONDS * 2
        ? token.expiresIn - EXPIRY_MARGIN_SECONDS
        : token.expiresIn !== null && token.expiresIn > 0
          ? token.expiresIn / 2
          : DEFAULT_LIFETIME_SECONDS;
    info = { style: token.style, expiresInSeconds: token.expiresIn, obtainedAt: now };
    opts.log('login.ok', { style: token.style, expiresIn: token.expiresIn });
    return { token: token.accessToken, expiresAt: now + lifetime * 1000, fingerprint, credentials };
  }

  function reject(status: number, body: unknown, fingerprint: string, credentials: Credentials): never {
    lockedFingerprint = fingerprint;
    cached = null;
    writeLock(credentials);
    const verdict = verdictOf(status, body);
    opts.log('login.rejected', { status, enkashCode: verdict.enkashCode });
    fail({ kind: 'login_rejected', ...verdict });
  }

  function refuse(fingerprint: string, failure: EnkashFailure): never {
    refused = { fingerprint, failure };
    cached = null;
    opts.log('login.refused', { kind: failure.kind, status: (failure as { httpStatus?: number }).httpStatus });
    fail(failure);
  }

  function readLock(): { salt: string; hash: string } | null {
    const raw = store?.read() ?? null;
    if (!raw) return null;
    const [salt, hash] = raw.split(':');
    return salt && hash ? { salt, hash } : null;
  }

  function writeLock(credentials: Credentials): void {
    if (!store) return;
    const salt = randomBytes(16).toString('hex');
    store.write(`${salt}:${saltedFingerprint(salt, credentials)}`);
  }

  return {
    async getSession() {
      const credentials = await opts.credentials();
      if (
        !credentials ||
        !credentials.clientId ||
        !credentials.clientSecret ||
        !credentials.username ||
        !credentials.password
      ) {
        fail({ kind: 'credentials_missing' });
      }
      const fingerprint = fingerprintOf(credentials);
      const persisted = readLock();
      if (persisted !== null) {
        if (persisted.hash === saltedFingerprint(persisted.salt, credentials)) fail({ kind: 'login_locked' });
        store?.write(null); // new credentials: the lock was for the old ones
        lockedFingerprint = null;
      }
      if (lockedFingerprint !== null) {
        if (lockedFingerprint === fingerprint) fail({ kind: 'login_locked' });
        lockedFingerprint = null; // new credentials: the user fixed something, one fresh attempt is allowed
      }
      if (refused !== null) {
        if (refused.fingerprint === fingerprint) fail(refused.failure);
        refused = null; // new credentials: one fresh attempt
      }
      if (cached && cached.fingerprint === fingerprint && opts.clock() < cached.expiresAt) {
        return { accessToken: cached.token, credentials: cached.credentials };
      }
      if (!inflight) {
        inflight = login(credentials, fingerprint).then(
          (c) => {
            cached = c;
            inflight = null;
            return c;
          },
          (e: unknown) => {
            inflight = null;
            throw e;
          },
        );
      }
      const c = await inflight;
      return { accessToken: c.token, credentials: c.credentials };
    },
    invalidate(accessToken) {
      if (cached?.token === accessToken) cached = null;
    },
    resetLock() {
      lockedFingerprint = null;
      refused = null;
      store?.write(null);
    },
    isLocked: () => lockedFingerprint !== null || readLock() !== null,
    lastLogin: () => info,
  };
}

/** EnKash's code and message from a token-endpoint error body (OAuth `error_description` first). */
function verdictOf(
  status: number,
  body: unknown,
): { httpStatus: number; enkashCode: number | null; enkashMessage: string | null } {
  const wrapper = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const { code } = readCode(wrapper.response_code ?? wrapper.code ?? null);
  const message = [wrapper.error_description, wrapper.response_message, wrapper.message, wrapper.error].find(
    (v): v is string => typeof v === 'string',
  );
  return { httpStatus: status, enkashCode: code !== null && code >= 0 ? code : null, enkashMessage: message ?? null };
}

/** OAuth's "the credentials are wrong" (RFC 6749 §5.2), whatever status carries it. */
function isInvalidGrant(body: unknown): boolean {
  const error = body && typeof body === 'object' ? (body as Record<string, unknown>).error : undefined;
  return typeof error === 'string' && error.trim().toLowerCase() === 'invalid_grant';
}

function tryJson(text: string, status: number): unknown {
  try {
    return parseJsonText(text, status);
  } catch {
    return undefined;
  }
}

/** Reads snake_case or camelCase token fields, at the top level or inside a payload/data wrapper. */
export function readToken(
  body: unknown,
): { accessToken: string; expiresIn: number | null; style: LoginInfo['style'] } | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const obj = body as Record<string, unknown>;
  for (const candidate of [obj, obj.payload, obj.data]) {
    if (!candidate || typeof candidate !== 'object') continue;
    const c = candidate as Record<string, unknown>;
    const snake = typeof c.access_token === 'string' && c.access_token.trim() !== '';
    const camel = typeof c.accessToken === 'string' && c.accessToken.trim() !== '';
    if (!snake && !camel) continue;
    const expiresRaw = snake ? (c.expires_in ?? c.expiresIn) : (c.expiresIn ?? c.expires_in);
    const expires =
      typeof expiresRaw === 'number' ? expiresRaw : typeof expiresRaw === 'string' ? Number(expiresRaw) : NaN;
    return {
      accessToken: (snake ? c.access_token : c.accessToken) as string,
      expiresIn: Number.isFinite(expires) ? expires : null,
      style: snake ? 'snake_case' : 'camelCase',
    };
  }
  return null;
}

function saltedFingerprint(salt: string, c: Credentials): string {
  // Salted so a copied data folder gives no precomputed-table shortcut to the password.
  return createHash('sha256').update(salt).update(fingerprintOf(c)).digest('hex');
}

function fingerprintOf(c: Credentials): string {
  // Held in memory only, to notice that the user changed the credentials; never logged or stored.
  return createHash('sha256')
    .update(JSON.stringify([c.clientId, c.clientSecret, c.username, c.password]))
    .digest('hex');
}
