import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerCommand } from '../../src/cli/commands/server';
import { openPgStore, type Store } from '../../src/main/db/store/store';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import type { Role } from '../../src/main/services/team/roles';
import { addUserOps, prepareUser } from '../../src/main/services/team/users';
import { captureIo } from './cli-io';
import { freshPgDatabase, type FreshPgDatabase } from './pg-database';

/**
 * A Desk Server for a test, as a team runs it: `cli server` in this process on a fresh PostgreSQL database, the
 * Sandbox behind it, and the team's users added (all with `password`). `stop()` ends the command and says its exit.
 */
export type TeamServer = {
  url: string;
  dir: string;
  db: FreshPgDatabase;
  store: Store;
  sandbox: SandboxHandle;
  stop(): Promise<number>;
};

export async function startTeamServer(opts: {
  seed: number;
  users: Record<string, Role>;
  password: string;
}): Promise<TeamServer> {
  const dir = mkdtempSync(join(tmpdir(), 'team-server-'));
  const sandbox = await startSandbox({ seed: opts.seed, initialBalancePaise: 1_000_000_000_00 });
  const db = await freshPgDatabase();
  const store = await openPgStore({ connectionString: db.url });
  for (const [name, role] of Object.entries(opts.users)) {
    await store.run(addUserOps(await prepareUser(name, role, opts.password), { by: 'test', at: new Date() }));
  }
  const io = captureIo({ PAYOUT_DESK_DATABASE_URL: db.url });
  let release: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (release = resolve));
  const args = ['--port', '0', '--env', 'sandbox', '--base-url', sandbox.url, '--data-dir', join(dir, 'server-data')];
  const done = createServerCommand({ until: () => stopped }).run(args, io);
  const deadline = Date.now() + 30_000;
  while (!io.stdout.some((l) => l.startsWith('listening '))) {
    if (Date.now() > deadline) throw new Error(`server did not start: ${io.stderr.join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: io.stdout.find((l) => l.startsWith('listening '))!.slice('listening '.length),
    dir,
    db,
    store,
    sandbox,
    async stop() {
      release();
      const code = await done;
      await store.close();
      await db.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

export type TeamReply = { status: number; json: Record<string, unknown> };

/**
 * A team member's HTTP line to a Desk Server in a test: `api` makes one JSON call (with a bearer token when given)
 * and answers the status and body; `as(name)` signs the user in once (all with `password`) and caches the token —
 * `forget(name)` drops it, e.g. after the user's role changed.
 */
export function teamClient(url: () => string, password: string) {
  const api = async (method: string, path: string, token?: string, body?: unknown): Promise<TeamReply> => {
    const res = await fetch(`${url()}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const tokens = new Map<string, string>();
  const as = async (name: string): Promise<string> => {
    const known = tokens.get(name);
    if (known) return known;
    const r = await api('POST', '/api/sign-in', undefined, { name, password });
    if (r.status !== 200) throw new Error(`${name} could not sign in: HTTP ${r.status} ${JSON.stringify(r.json)}`);
    tokens.set(name, r.json.token as string);
    return r.json.token as string;
  };
  return { api, as, forget: (name: string) => void tokens.delete(name) };
}
