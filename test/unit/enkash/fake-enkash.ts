import { deriveKey, decryptText, encryptText, type KeyDerivation } from '../../../src/main/enkash/crypto';
import { createEnkashClient, type EnkashClientOptions } from '../../../src/main/enkash/client';
import { DEFAULT_API_PROFILE, type EnkashProfile } from '../../../src/shared/settings/api-profile';
import type { Credentials } from '../../../src/main/enkash/token-manager';

/**
 * An in-memory stand-in for EnKash behind an injected fetch: routes by "METHOD /path", records every
 * request (headers, raw body, decrypted body), and lets a test answer plain, encrypted, or not at all.
 */

export const CREDS: Credentials = {
  clientId: 'CEKTEST001',
  clientSecret: 'unit-test-secret',
  username: 'ops@example.com',
  password: 'correct horse',
};

export type Recorded = {
  method: string;
  url: URL;
  path: string;
  headers: Record<string, string>;
  rawBody: string | null;
  /** The decrypted JSON of an encrypted `{"request": …}` body, or the form fields of a login. */
  body: unknown;
};

export type Reply = Response | (() => Response | Promise<Response>);
export type Handler = (req: Recorded) => Reply | Promise<Reply>;

export function json(value: unknown, status = 200): Response {
  return new Response(typeof value === 'string' ? value : JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function sealed(
  value: unknown,
  status = 200,
  secret = CREDS.clientSecret,
  derivation: KeyDerivation = 'sha256-16',
): Response {
  return json({ request: encryptText(JSON.stringify(value), deriveKey(secret, derivation)) }, status);
}

export function tokenReply(expiresIn = 3600, token = 'tok-1'): Response {
  return json({ access_token: token, token_type: 'bearer', expires_in: expiresIn, scope: 'read write' });
}

export function networkError(code: string): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
}

export type FakeServer = {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  requests: Recorded[];
  on(route: string, handler: Handler): FakeServer;
  calls(route: string): Recorded[];
};

export function createFakeServer(secret = CREDS.clientSecret, derivation: KeyDerivation = 'sha256-16'): FakeServer {
  const routes = new Map<string, Handler>();
  const requests: Recorded[] = [];
  const key = deriveKey(secret, derivation);
  routes.set('POST /oauth/token', () => tokenReply());

  const server: FakeServer = {
    requests,
    on(route, handler) {
      routes.set(route, handler);
      return server;
    },
    calls: (route) => requests.filter((r) => `${r.method} ${r.path}` === route),
    async fetch(rawUrl, init) {
      const url = new URL(rawUrl);
      const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
      const rawBody = typeof init.body === 'string' ? init.body : null;
      let body: unknown = null;
      if (rawBody && headers['Content-Type'] === 'application/x-www-form-urlencoded') {
        body = Object.fromEntries(new URLSearchParams(rawBody));
      } else if (rawBody) {
        const outer = JSON.parse(rawBody) as { request?: string };
        try {
          body = outer.request ? JSON.parse(decryptText(outer.request, key)) : outer;
        } catch {
          body = null; // sealed under another key: the handler sees rawBody only
        }
      }
      const req: Recorded = { method: init.method ?? 'GET', url, path: url.pathname, headers, rawBody, body };
      requests.push(req);
      const handler = routes.get(`${req.method} ${req.path}`);
      if (!handler) return json({ code: 404, message: 'no route in fake' }, 404);
      const reply = await handler(req);
      return typeof reply === 'function' ? reply() : reply;
    },
  };
  return server;
}

export function testProfile(overrides: Partial<EnkashProfile> = {}): EnkashProfile {
  return { ...DEFAULT_API_PROFILE, fundSourceId: 'EKFUND0001', requestTimeoutMs: 5000, ...overrides };
}

/** A client wired to `server`, with a controllable clock and a captured log. */
export function clientFor(server: FakeServer, extra: Partial<EnkashClientOptions> = {}) {
  let now = 1_700_000_000_000;
  const logs: { event: string; fields: Record<string, unknown> }[] = [];
  let creds: Credentials | null = { ...CREDS };
  const client = createEnkashClient({
    baseUrl: 'https://enkash.test',
    profile: testProfile(),
    credentials: async () => (creds ? { ...creds } : null),
    fetch: server.fetch,
    clock: () => now,
    log: (event, fields) => logs.push({ event, fields }),
    ...extra,
  });
  return {
    client,
    logs,
    advance: (ms: number) => {
      now += ms;
    },
    setCredentials: (c: Credentials | null) => {
      creds = c;
    },
  };
}
