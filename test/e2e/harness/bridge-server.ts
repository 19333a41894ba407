import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { createHandlers } from '../../../src/main/handlers/index';
import { createDispatcher } from '../../../src/main/ipc/dispatch';
import type { OpenRequest, SaveRequest } from '../../../src/main/services/exports/save-desk';
import type { SandboxOptions } from '../../../src/main/sandbox/index';
import { startServices, type ServiceOptions } from '../../../src/main/services/lifecycle';
import { createTestContext, type TestContext } from '../../support/test-context';

const RENDERER_DIR = resolve('out/renderer');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export type Bridge = {
  url: string;
  ctx: TestContext;
  ipcCalls: unknown[];
  /** A private temp folder the save dialog answers with (deleted on close). */
  saveDir: string;
  /** Every save dialog main asked for, in order. */
  dialogs: SaveRequest[];
  /** How the dialog answers; by default `<saveDir>/<suggested name>`; return null to "cancel". */
  answerDialog: (request: SaveRequest) => string | null;
  /** Every open-file dialog main asked for (a Tally ledger mapping or List of Accounts), in order. */
  opens: OpenRequest[];
  /** How the open dialog answers; by default it cancels (null). */
  answerOpen: (request: OpenRequest) => string | null;
  /** Paths main asked the OS to show in their folder. */
  revealed: string[];
  close: () => Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the built renderer on 127.0.0.1 and forwards `/__ipc/<channel>` to the real main-process dispatcher
 * over a real context (SQLite in a temp folder). The sender check uses the request's Origin, so a page from any
 * other origin is refused just as a foreign frame is in Electron.
 */
export async function startBridge(
  options: { dataDir?: string; sandboxOptions?: SandboxOptions; services?: ServiceOptions } = {},
): Promise<Bridge> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` before the e2e tests');
  }
  const ctx = createTestContext({ dataDir: options.dataDir, sandboxOptions: options.sandboxOptions });
  const services = await startServices(ctx, options.services);
  const ipcCalls: unknown[] = [];
  let origin = '';
  // Stands in for Electron's save dialog: main still chooses nothing itself and writes only where "the user" said.
  const saveDir = mkdtempSync(join(tmpdir(), 'e2e-saved-'));
  const dialogs: SaveRequest[] = [];
  const revealed: string[] = [];
  const opens: OpenRequest[] = [];
  const files = {
    chooseSavePath: (request: SaveRequest) => {
      dialogs.push(request);
      return bridge.answerDialog(request);
    },
    chooseOpenPath: (request: OpenRequest) => {
      opens.push(request);
      return bridge.answerOpen(request);
    },
    revealFile: (path: string) => revealed.push(path),
  };
  const dispatch = createDispatcher(createHandlers(ctx, services, files), {
    isTrustedSender: (url) => url === origin,
    log: ctx.log,
  });
  const sse = new Set<ServerResponse>();
  const unsubscribe = ctx.events.subscribe((channel, payload) => {
    for (const res of sse) res.write(`data: ${JSON.stringify({ channel, payload })}\n\n`);
  });

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'POST' && url.pathname.startsWith('/__ipc/')) {
        const channel = decodeURIComponent(url.pathname.slice('/__ipc/'.length));
        const { input } = JSON.parse((await readBody(req)) || '{}') as { input?: unknown };
        const reply = await dispatch(channel, input, String(req.headers.origin ?? ''));
        ipcCalls.push({ channel, reply });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
        return;
      }
      if (url.pathname === '/__events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write(': open\n\n');
        sse.add(res);
        req.on('close', () => sse.delete(res));
        return;
      }
      const rel = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      const file = normalize(join(RENDERER_DIR, rel));
      if (!file.startsWith(RENDERER_DIR) || !existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bridge: Bridge = {
    url: origin,
    ctx,
    ipcCalls,
    saveDir,
    dialogs,
    answerDialog: (request) => join(saveDir, request.defaultName),
    opens,
    answerOpen: () => null,
    revealed,
    close: async () => {
      unsubscribe();
      for (const res of sse) res.end();
      await new Promise<void>((done) => server.close(() => done()));
      await services.stop();
      await ctx.cleanup();
      rmSync(saveDir, { recursive: true, force: true });
    },
  };
  return bridge;
}
