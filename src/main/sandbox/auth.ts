import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Dialect, SandboxCredentials } from './types';

/**
 * The token endpoint: OAuth2 password grant with Basic client auth, as EnKash documents it, plus the sibling
 * products' lockout rule (3 consecutive bad logins lock the account). Tokens live in memory only — they are
 * never persisted — so a restarted sandbox answers 401 and the client logs in again.
 */

const MAX_BAD_LOGINS = 3;

export type TokenReply = { status: number; body: Record<string, unknown> };

export type BearerCheck = 'ok' | 'missing' | 'unknown' | 'expired';

type Issued = { accessToken: string; refreshToken: string; expiresAt: number };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(status: number, error: string, description: string): TokenReply {
  return { status, body: { error, error_description: description } };
}

export type AuthCounters = { logins: number; failedLogins: number; lockedLoginAttempts: number };

export class SandboxAuth {
  private readonly access = new Map<string, Issued>();
  private readonly refresh = new Map<string, Issued>();
  private badLogins = 0;
  private lockedUntil: number | null = null;
  readonly counters: AuthCounters = { logins: 0, failedLogins: 0, lockedLoginAttempts: 0 };

  constructor(
    private readonly creds: SandboxCredentials,
    private readonly now: () => number,
    private readonly ttlSeconds: number,
    private readonly lockoutSeconds: number,
  ) {}

  /** Handles POST /oauth/token given the form body and the Authorization header. */
  token(form: URLSearchParams, authorization: string | undefined, dialect: Dialect): TokenReply {
    const grant = form.get('grant_type');
    if (grant === 'refresh_token' && dialect.refreshGrant) return this.refreshGrant(form, authorization, dialect);
    if (grant !== 'password') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant ?? '(none)'}`);
    }
    const now = this.now();
    if (this.lockedUntil !== null && now < this.lockedUntil) {
      this.counters.lockedLoginAttempts += 1;
      return oauthError(401, 'account_locked', 'User account is locked after repeated failed logins');
    }
    this.lockedUntil = null;
    const ok =
      this.clientOk(authorization) &&
      safeEqual(form.get('clientId') ?? '', this.creds.clientId) &&
      safeEqual(form.get('username') ?? '', this.creds.username) &&
      safeEqual(form.get('password') ?? '', this.creds.password);
    if (!ok) {
      this.counters.failedLogins += 1;
      this.badLogins += 1;
      if (this.badLogins >= MAX_BAD_LOGINS) {
        this.lockedUntil = now + this.lockoutSeconds * 1000;
        this.badLogins = 0;
        return oauthError(401, 'account_locked', 'User account is locked after repeated failed logins');
      }
      return oauthError(401, 'invalid_grant', 'Bad credentials');
    }
    this.badLogins = 0;
    this.counters.logins += 1;
    return { status: 200, body: this.issue(now, dialect) };
  }

  private refreshGrant(form: URLSearchParams, authorization: string | undefined, dialect: Dialect): TokenReply {
    const now = this.now();
    const old = this.refresh.get(form.get('refresh_token') ?? '');
    if (!this.clientOk(authorization)) return oauthError(401, 'invalid_client', 'Bad client credentials');
    if (!old || now >= old.expiresAt) return oauthError(401, 'invalid_grant', 'Invalid refresh token');
    this.refresh.delete(form.get('refresh_token') ?? '');
    this.counters.logins += 1;
    return { status: 200, body: this.issue(now, dialect) };
  }

  private clientOk(authorization: string | undefined): boolean {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
    if (!m) return false;
    const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
    return safeEqual(decoded, `${this.creds.clientId}:${this.creds.clientSecret}`);
  }

  private issue(now: number, dialect: Dialect): Record<string, unknown> {
    const issued: Issued = {
      accessToken: randomBytes(24).toString('hex'),
      refreshToken: randomBytes(24).toString('hex'),
      expiresAt: now + this.ttlSeconds * 1000,
    };
    this.access.set(issued.accessToken, issued);
    this.refresh.set(issued.refreshToken, issued);
    this.prune(now);
    return dialect.tokenStyle === 'camel'
      ? {
          accessToken: issued.accessToken,
          tokenType: 'bearer',
          refreshToken: issued.refreshToken,
          expiresIn: this.ttlSeconds,
          scope: 'read write trust',
        }
      : {
          access_token: issued.accessToken,
          token_type: 'bearer',
          refresh_token: issued.refreshToken,
          expires_in: this.ttlSeconds,
          scope: 'read write trust',
        };
  }

  /** Drops expired tokens so a long-running sandbox does not grow without bound. */
  private prune(now: number): void {
    for (const [k, v] of this.access) if (now >= v.expiresAt) this.access.delete(k);
    for (const [k, v] of this.refresh) if (now >= v.expiresAt) this.refresh.delete(k);
  }

  /** Checks `Authorization: Bearer …` against live tokens on the injected clock. */
  verify(authorization: string | undefined): BearerCheck {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return 'missing';
    const issued = this.access.get(m[1] as string);
    if (!issued) return 'unknown';
    if (this.now() >= issued.expiresAt) return 'expired';
    return 'ok';
  }

  /** The `token_expiry` fault: the bearer on this request stops working at once. */
  revoke(authorization: string | undefined): void {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (m) this.access.delete(m[1] as string);
  }

  resetLockout(): void {
    this.lockedUntil = null;
    this.badLogins = 0;
  }
}
