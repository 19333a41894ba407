import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { deriveKey, encryptText } from '../enkash/crypto';
import type { ApiProfile } from '../../shared/settings/api-profile';
import {
  ENKASH_CALL_NAMES,
  ENKASH_CALLS,
  type EnkashCall,
  type EnkashCallFacts,
} from '../../shared/settings/enkash-calls';
import { addSourceAccount, fetchStatement, getBalance, getSourceAccount } from './accounts';
import { decodePennyDropBody, pennyDrop, renderPennyDrop } from './bank-verification';
import type { SandboxAuth } from './auth';
import { createBeneficiary, deleteBeneficiary, searchBeneficiaries } from './beneficiaries';
import { persist, sync, type Engine } from './engine';
import { readString, type JsonObject } from './exact-json';
import type { FaultInjector } from './faults';
import { createBatchPayout, createPayout, searchPayouts } from './payouts';
import type { SandboxStats } from './types';
import {
  BodyTooLargeError,
  decodeEnvelope,
  garble,
  readBody,
  renderResult,
  sendJson,
  statusFor,
  wrap,
  type ApiResult,
  type WireReply,
} from './wire';
import { createWebhook, getWebhook } from './webhooks';

/**
 * HTTP front of the simulator: routing at the API-profile paths and the request pipeline
 * (body → User-Agent → bearer → envelope → fault draw → handler → save → answer or fault), with the latency
 * around it (`latencyCoversWork`) or, the older order, before it.
 */

type Op = EnkashCall;
type Route = { op: Op; method: EnkashCallFacts['method']; pattern: RegExp; params: string[] };

const PAYOUT_OPS: ReadonlySet<Op> = new Set<Op>(['createPayout', 'createBatchPayout']);
const BODY_LIMIT = 16 * 1024 * 1024;

function compile(op: Op, template: string): Route {
  const params: string[] = [];
  const source = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const m = /^\{([A-Za-z]+)\}$/.exec(part);
      if (m) {
        params.push(m[1] as string);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { op, method: ENKASH_CALLS[op].method, pattern: new RegExp(`^${source}/?$`), params };
}

/** One route per profile path; a templated delete path is also served without its `{param}` (query/body id). */
export function buildRoutes(paths: ApiProfile['paths']): Route[] {
  const routes = ENKASH_CALL_NAMES.map((op) => compile(op, paths[op]));
  const del = paths.deleteBeneficiary;
  if (/\/\{[A-Za-z]+\}$/.test(del)) routes.push(compile('deleteBeneficiary', del.replace(/\/\{[A-Za-z]+\}$/, '')));
  // Literal paths win over templated ones (e.g. /beneficiary-detail/search is not an id).
  return routes.sort((a, b) => a.params.length - b.params.length);
}

export type ServerDeps = {
  engine: Engine;
  auth: SandboxAuth;
  faults: FaultInjector;
  stats: SandboxStats;
};

/** An answer, built before it may leave: a JSON body, or a socket held `hangMs` and then dropped. */
type Reply = WireReply | { hangMs: number };

function plain(status: number, code: number, message: string): WireReply {
  return { status, body: { code, message } };
}

function json(status: number, body: unknown): WireReply {
  return { status, body };
}

function send(res: ServerResponse, reply: WireReply): void {
  sendJson(res, reply.status, reply.body);
}

export function createSandboxServer(deps: ServerDeps): { server: Server; stopTimers(): void } {
  const { engine, auth, faults, stats } = deps;
  const routes = buildRoutes(engine.config.paths);
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, plain(400, 400, 'Bad path'));
    }
    const candidates = routes.filter((r) => r.pattern.test(pathname));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      return send(res, candidates.length ? plain(405, 405, 'Method not allowed') : plain(404, 404, 'Not found'));
    }
    stats.byOperation[route.op] = (stats.byOperation[route.op] ?? 0) + 1;
    // Dialect knob: the search path is missing behind a proxy's HTML error page (enkash-api.md §15.18).
    if (route.op === 'searchPayouts' && engine.dialect.searchPayouts404) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return void res.end('<html><body><h1>404 Not Found</h1></body></html>');
    }
    // The latency knob (types.ts `latencyCoversWork`): by default it is the API's answer time, so the work is
    // done inside it; `false` puts it before the work, so every answer takes latency + the simulator's own work.
    const { latencyMs, latencyCoversWork } = faults.knobs;
    const arrived = performance.now();
    const rest = () => sleep(latencyMs - (performance.now() - arrived));
    if (!latencyCoversWork) await sleep(latencyMs);
    let reply: Reply;
    try {
      reply = await answer(req, url, pathname, method, route);
    } catch (e) {
      if (latencyCoversWork) await rest();
      throw e;
    }
    if (latencyCoversWork) await rest();
    if ('hangMs' in reply) {
      // Processed and saved, but the client never hears back.
      await sleep(reply.hangMs);
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  /** One call's work and its answer: body → User-Agent → bearer → envelope → fault draw → handler → save. */
  async function answer(
    req: IncomingMessage,
    url: URL,
    pathname: string,
    method: string,
    route: Route,
  ): Promise<Reply> {
    let text: string;
    try {
      text = await readBody(req, BODY_LIMIT);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return plain(413, 413, 'Request body too large');
      throw e;
    }

    if (route.op === 'token') {
      // Dialect knob: this caller's IP is not whitelisted (the gateway refuses before any credential check).
      if (engine.dialect.forbidLogin) return plain(403, 403, 'Access denied: caller IP is not whitelisted');
      const reply = auth.token(new URLSearchParams(text), req.headers.authorization, engine.dialect);
      if (reply.status === 401) stats.unauthorized += 1;
      return reply;
    }

    const dialect = engine.dialect;
    if (!req.headers['user-agent']?.trim()) return plain(400, 400, 'User-Agent header is required');
    const bearer = auth.verify(req.headers.authorization);
    if (bearer !== 'ok') {
      stats.unauthorized += 1;
      const why =
        bearer === 'expired'
          ? 'Access token expired'
          : bearer === 'missing'
            ? 'Full authentication is required'
            : 'Invalid access token';
      return json(401, {
        error: bearer === 'missing' ? 'unauthorized' : 'invalid_token',
        error_description: why,
      });
    }
    // Dialect knob: this one call is refused (an API not enabled for the account, or a per-path IP rule).
    if (dialect.forbidOperations.includes(route.op)) return plain(403, 403, 'Forbidden');
    const key = deriveKey(engine.config.credentials.clientSecret, dialect.keyDerivation);
    let body: JsonObject = Object.create(null) as JsonObject;
    if (method === 'POST' || (method === 'DELETE' && text.trim() !== '')) {
      // Verification's envelope is its own dialect switch (§16: the page shows plain JSON).
      const decoded = route.op === 'pennyDrop' ? decodePennyDropBody(text, key, dialect) : decodeEnvelope(text, key);
      // Transport-level errors are always plain JSON: the client may hold the wrong key.
      if (!decoded.ok) return plain(statusFor(dialect, 422), 422, decoded.message);
      body = decoded.body;
    }
    // Dialect knob: the account demands a checksum we never send, so nothing mutating is ever processed.
    if (dialect.checksumDemanded && ENKASH_CALLS[route.op].writes) {
      return plain(statusFor(dialect, 412), 412, 'Invalid checksum in the request');
    }

    const fault = faults.draw(PAYOUT_OPS.has(route.op));
    if (fault === 'token_expiry') {
      auth.revoke(req.headers.authorization);
      stats.unauthorized += 1;
      return json(401, { error: 'invalid_token', error_description: 'Access token expired' });
    }
    if (fault === 'http5xx_before') return plain(503, 503, 'Service temporarily unavailable');

    const now = sync(engine);
    const params: Record<string, string> = {};
    const m = route.pattern.exec(pathname);
    route.params.forEach((name, i) => (params[name] = m?.[i + 1] ?? ''));
    const result = dispatch(route.op, body, url.searchParams, params, now);
    persist(engine);

    const isGet = method === 'GET';
    switch (fault) {
      case 'timeout_after_processing':
        return { hangMs: faults.knobs.hangMs };
      case 'http5xx_after':
        return plain(500, 500, 'Internal server error');
      case 'garbled_envelope': {
        // Processed and saved, then an envelope that can never be opened (not whole AES blocks).
        const sealed = renderResult(result, dialect, key, false).body as { request?: string };
        const cipher = sealed.request ?? encryptText(JSON.stringify(sealed), key);
        return json(200, { request: garble(cipher) });
      }
      case 'code1_after': {
        const reply = renderResult({ kind: 'raw', body: wrap(dialect, 1, 'Failure', null) }, dialect, key, false);
        return json(200, reply.body);
      }
      default: {
        return route.op === 'pennyDrop'
          ? renderPennyDrop(result, dialect, key)
          : renderResult(result, dialect, key, isGet);
      }
    }
  }

  function dispatch(
    op: Op,
    body: JsonObject,
    query: URLSearchParams,
    params: Record<string, string>,
    now: number,
  ): ApiResult {
    switch (op) {
      case 'createBeneficiary':
        return createBeneficiary(engine, body, now);
      case 'searchBeneficiary':
        return searchBeneficiaries(engine, body, query);
      case 'deleteBeneficiary':
        return deleteBeneficiary(
          engine,
          params.beneficiaryId || query.get('beneficiaryId') || readString(body, 'beneficiaryId'),
          now,
        );
      case 'createPayout':
        return createPayout(engine, body, now);
      case 'createBatchPayout':
        return createBatchPayout(engine, body, now);
      case 'searchPayouts':
        return searchPayouts(engine, body, query);
      case 'balance':
        return getBalance(engine, query);
      case 'sourceAccountDetails':
        return getSourceAccount(engine);
      case 'addSourceAccount':
        return addSourceAccount(engine, body, now);
      case 'statement':
        return fetchStatement(engine, body);
      case 'createWebhook':
        return createWebhook(engine, body, now);
      case 'getWebhook':
        return getWebhook(engine);
      case 'pennyDrop':
        return pennyDrop(engine, body, now);
      case 'token':
        return { kind: 'error', code: 404, message: 'Not found' };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never echo the error: it could quote a request body. The sandbox has no log of its own.
      if (!res.headersSent) send(res, plain(500, 500, 'Internal sandbox error'));
      else res.destroy();
    });
  });
  return {
    server,
    stopTimers: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
