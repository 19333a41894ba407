import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AppError } from '../../shared/domain/errors';
import type { Store } from '../db/store/store';
import type { Logger } from '../log';
import type { JournalDeps, JournalEvent } from '../services/journal/deps';
import { approvalStatusOps, listAwaitingOps, rejectOps } from '../services/team/approvals';
import { approveBatch } from '../services/team/approve-batch';
import type { EnkashCredentials } from '../services/team/server-credentials';
import { authorise } from '../services/team/roles';
import { type SessionUser, sessionUser, signIn, signOut } from '../services/team/sessions';
import type { CommandName } from '../../shared/ipc/registry';
import { MAX_SHEET_BYTES, readJson, sendError, sendJson } from './http-json';
import { stageBody, stageForApproval } from './stage-route';
import { exportBody, streamExport, tallyBody, tallyVouchers } from './export-route';
import { reconcileOnServer } from './reconcile-route';
import { TEAM_CHANNELS } from './team-channels';

/**
 * The Desk Server's HTTP API (issue 14 point 1): sign-in, the approval queue, approve and reject, staging, the
 * desk's registry at `/ipc/<command>` (history and the rest, see TEAM_CHANNELS), and batch progress over SSE. Every call but sign-in carries `Authorization: Bearer <token>` and is
 * authorised by role here, before any service runs. The EnKash secret stays in this process: no route returns it.
 */
export type DeskServerOptions = {
  store: Store;
  deps: JournalDeps;
  log: Logger;
  /** The server's clock (tests pass their own). */
  nowMs?: () => number;
  /** A batch the last approval confirmed: the server starts sending it at once. */
  onConfirmed?: (batchId: number) => void;
  /**
   * The desk's IPC registry, run by this server's handlers (cli/commands/server.ts wires them): `/ipc/<command>`
   * serves the commands TEAM_CHANNELS allows, after the role check. Answers the app's envelope `{ ok, value|error }`.
   */
  dispatch?: (command: CommandName, input: unknown, user: SessionUser) => Promise<unknown>;
  /** Seals, stores and starts using an admin's EnKash credentials (server.ts); refuses when it cannot. */
  setCredentials?: (creds: EnkashCredentials, by: SessionUser) => Promise<{ environment: string }>;
};

export type DeskServer = {
  url: string;
  /** Journal events to push to every signed-in SSE client. */
  publish(event: JournalEvent): void;
  close(): Promise<void>;
};

type Ctx = { req: IncomingMessage; res: ServerResponse; user: SessionUser; token: string; params: string[] };
type Route = { method: string; path: RegExp; public?: boolean; run: (c: Ctx) => Promise<unknown> };

const signInBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const approveBody = z.object({
  total: z.string().min(1).max(40),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
const rejectBody = z.object({ reason: z.string().min(1).max(500) });
const credentialsBody = z.object({
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(1000),
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  return m ? m[1]! : null;
}

export async function startDeskServer(
  opts: DeskServerOptions,
  listen: { host: string; port: number; tls?: { cert: string; key: string } },
): Promise<DeskServer> {
  const { store, deps, log } = opts;
  const nowMs = opts.nowMs ?? (() => Date.now());
  const streams = new Set<ServerResponse>();
  const batchId = (c: Ctx) => Number(c.params[0]);

  const routes: Route[] = [
    {
      method: 'POST',
      path: /^\/api\/sign-in$/,
      public: true,
      run: async ({ req }) => {
        const body = await readJson(req, signInBody);
        return signIn(store, body.name, body.password, nowMs());
      },
    },
    { method: 'POST', path: /^\/api\/sign-out$/, run: async (c) => (await signOut(store, c.token), { ok: true }) },
    // The server's EnKash environment too: a CLI prints it beside what the server answered (`beneficiaries`).
    { method: 'GET', path: /^\/api\/me$/, run: async (c) => ({ user: c.user, environment: deps.environment() }) },
    {
      method: 'GET',
      path: /^\/api\/approvals$/,
      run: async (c) => {
        authorise(c.user, 'history.read');
        return { batches: await store.run(listAwaitingOps(new Date(nowMs()))) };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/batches\/(\d{1,12})\/approval$/,
      run: async (c) => {
        authorise(c.user, 'history.read');
        return store.run(approvalStatusOps(batchId(c), new Date(nowMs())));
      },
    },
    {
      method: 'POST',
      path: /^\/api\/batches\/(\d{1,12})\/approve$/,
      run: async (c) => {
        const body = await readJson(c.req, approveBody);
        const status = await approveBatch(deps, batchId(c), c.user, body.total, body.contentHash);
        if (status.state === 'CONFIRMED') opts.onConfirmed?.(status.batchId);
        return status;
      },
    },
    {
      method: 'POST',
      path: /^\/api\/batches\/(\d{1,12})\/reject$/,
      run: async (c) => {
        const body = await readJson(c.req, rejectBody);
        return store.run(rejectOps(batchId(c), c.user, body.reason, new Date(nowMs())));
      },
    },
    {
      method: 'POST',
      path: /^\/api\/batches$/,
      run: async (c) => {
        authorise(c.user, 'batch.stage');
        return stageForApproval(deps, c.user, await readJson(c.req, stageBody, 'object', MAX_SHEET_BYTES));
      },
    },
    // The CLI's `export --server` and `reconcile --server` (export-route.ts, reconcile-route.ts).
    {
      method: 'POST',
      path: /^\/api\/exports$/,
      run: async (c) => streamExport(store, log, c.user, c.res, await readJson(c.req, exportBody)),
    },
    {
      method: 'POST',
      path: /^\/api\/exports\/tally$/,
      run: async (c) => tallyVouchers(store, c.user, await readJson(c.req, tallyBody)),
    },
    { method: 'POST', path: /^\/api\/reconcile$/, run: async (c) => reconcileOnServer(deps, c.user) },
    {
      method: 'POST',
      path: /^\/ipc\/([A-Za-z]{1,60})$/,
      run: async (c) => {
        const name = c.params[0]!;
        const action = Object.hasOwn(TEAM_CHANNELS, name) ? TEAM_CHANNELS[name as CommandName] : null;
        if (!action || !opts.dispatch) {
          throw new AppError(
            'not_found',
            `The Desk Server does not serve "${name}"; it is done on the desk, or through approvals.`,
          );
        }
        authorise(c.user, action);
        return opts.dispatch(name as CommandName, await readJson(c.req, z.unknown(), 'undefined'), c.user);
      },
    },
    {
      method: 'POST',
      path: /^\/api\/credentials$/,
      run: async (c) => {
        authorise(c.user, 'credentials.set');
        const body = await readJson(c.req, credentialsBody);
        if (!opts.setCredentials) throw new AppError('invalid_input', 'This server does not take stored credentials.');
        return { ok: true, ...(await opts.setCredentials(body, c.user)) };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/events$/,
      run: async (c) => {
        authorise(c.user, 'history.read');
        c.res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        c.res.write(': connected\n\n');
        streams.add(c.res);
        c.req.on('close', () => streams.delete(c.res));
        return undefined;
      },
    },
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://server').pathname;
    const candidates = routes.filter((r) => r.path.test(path));
    if (candidates.length === 0) throw new AppError('not_found', `No such API: ${path}`);
    const route = candidates.find((r) => r.method === req.method);
    if (!route) throw new AppError('invalid_input', `${req.method ?? '?'} is not allowed on ${path}.`);
    const params = route.path.exec(path)!.slice(1);
    let user: SessionUser | null = null;
    const token = bearer(req);
    if (!route.public) {
      if (!token) throw new AppError('signed_out', 'Sign in first: no session token was sent.');
      user = await sessionUser(store, token, nowMs());
    }
    const result = await route.run({ req, res, user: user!, token: token ?? '', params });
    if (result !== undefined) sendJson(res, 200, result);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(res, error, (e) => log.error('server.request_failed', { path: req.url ?? '', error: String(e) }));
    });
  };
  // Without TLS the server is meant for loopback or behind a TLS reverse proxy (README "Desk Server").
  const server: Server = listen.tls ? createTlsServer(listen.tls, onRequest) : createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${listen.tls ? 'https' : 'http'}://${host}:${address.port}`,
    publish(event) {
      const line = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
      for (const s of streams) s.write(line);
    },
    async close() {
      for (const s of streams) s.end();
      streams.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
