import type { ApiProfile } from '../../shared/settings/api-profile';
import { fail, type EnkashFailure, EnkashFailureError } from './errors';
import type { EnkashLog } from './redact';
import { FILE_TYPES } from '../../shared/domain/file-types';

/**
 * The one HTTP path to EnKash: Node's global fetch with a hard timeout, a User-Agent on every call, no
 * redirects followed, a capped body size, and network failures classified by whether the request could
 * have reached the server. It never retries a write — resending a payout is the journal's decision.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
export type Clock = () => number;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type HttpRequest = {
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: string;
  /** `read-once`: a safe read may be retried once after a connection failure; `never` for everything else. */
  retry: 'never' | 'read-once';
  /** A caller's cancel: aborts like the timeout does (and is never retried). */
  signal?: AbortSignal;
};

export type HttpResponse = { status: number; text: string; contentType: string | null };

export type Transport = { send(req: HttpRequest): Promise<HttpResponse> };

export type TransportOptions = {
  baseUrl: string;
  profile: Pick<ApiProfile, 'userAgent' | 'requestTimeoutMs'>;
  fetch?: FetchLike;
  /** Bodies above this size are refused (a runaway proxy page must not exhaust memory). */
  maxBodyBytes?: number;
  log: EnkashLog;
  clock: Clock;
};

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const FALLBACK_USER_AGENT = 'EnKashPayoutDesk';

// Errors that happen before a single byte of the request can have reached the server.
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Builds `base + path + ?query`, keeping any path prefix on the base URL (e.g. a relay at /enkash). */
export function buildUrl(baseUrl: string, path: string, query?: HttpRequest['query']): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** Creates the transport. Tests inject `fetch`; production uses Node's global fetch (undici). */
export function createTransport(opts: TransportOptions): Transport {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const userAgent = opts.profile.userAgent.trim() || FALLBACK_USER_AGENT;

  async function once(req: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(opts.baseUrl, req.path, req.query);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, opts.profile.requestTimeoutMs);
    timer.unref?.();
    const cancel = () => controller.abort();
    if (req.signal?.aborted) controller.abort();
    req.signal?.addEventListener('abort', cancel, { once: true });
    const started = opts.clock();
    try {
      const headers: Record<string, string> = { Accept: FILE_TYPES.json.mime, ...req.headers, 'User-Agent': userAgent };
      let response: Response;
      try {
        response = await doFetch(url, {
          method: req.method,
          headers,
          body: req.body,
          signal: controller.signal,
          // A redirected POST becomes a GET in fetch, and the Bearer token would follow it to another host.
          redirect: 'manual',
        });
      } catch (e) {
        throw new EnkashFailureError(classifyFetchError(e, timedOut));
      }
      let text: string;
      try {
        text = await readBody(response, maxBody);
      } catch (e) {
        if (e instanceof EnkashFailureError) throw e;
        // Headers arrived, so the server certainly saw the request; only its answer was lost.
        throw new EnkashFailureError(
          timedOut || isAbort(e) ? { kind: 'timeout' } : { kind: 'network', phase: 'after_send', cause: errorCode(e) },
        );
      }
      opts.log('http', {
        operation: req.operation,
        method: req.method,
        path: req.path,
        status: response.status,
        ms: opts.clock() - started,
        bytes: text.length,
      });
      return { status: response.status, text, contentType: response.headers.get('content-type') };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', cancel);
    }
  }

  return {
    async send(req) {
      try {
        return await once(req);
      } catch (e) {
        const retryable =
          req.retry === 'read-once' &&
          !req.signal?.aborted &&
          e instanceof EnkashFailureError &&
          e.failure.kind === 'network';
        if (!retryable) throw e;
        opts.log('retry', { operation: req.operation, cause: (e.failure as { cause?: string }).cause });
        return once(req);
      }
    },
  };
}

async function readBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    fail({ kind: 'unreadable_body', httpStatus: response.status, reason: 'too_large' });
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      fail({ kind: 'unreadable_body', httpStatus: response.status, reason: 'too_large' });
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');
}

/** The innermost error code undici reports (`fetch failed` → cause → cause …). */
function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return e instanceof Error ? e.name : 'unknown';
}

function classifyFetchError(e: unknown, timedOut: boolean): EnkashFailure {
  if (timedOut || isAbort(e)) return { kind: 'timeout' };
  const code = errorCode(e);
  // Anything not known to fail before sending (a reset, a closed socket, an unknown error) might have
  // delivered the request, so it is "after_send": for a write that means outcome unknown.
  return { kind: 'network', phase: BEFORE_SEND.has(code) ? 'before_send' : 'after_send', cause: code };
}
