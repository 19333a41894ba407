import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { startSandbox } from './index';
import type { SandboxHandle, SandboxOptions } from './types';

/**
 * One Sandbox per data folder. Whoever needs the simulated EnKash of a folder (the app's context, a CLI
 * command, `sandbox --data-dir`, a second context in a test) gets the same running simulator, so they all see
 * one ledger. In one process they share the handle; across processes the first one to start it records
 * itself in <folder>/sandbox/owner.json and the others talk to its URL. Two simulators on one state file would
 * each overwrite the other's payouts, and a payout the Sandbox "forgot" would be resent and paid twice.
 * The state itself lives in <folder>/sandbox/state.json, so it also survives every process.
 */

type Entry = { refs: number; handle: Promise<SandboxHandle> };

const running = new Map<string, Entry>();
/** A folder whose simulator is still writing its last state; the next start waits for it to read that state. */
const closing = new Map<string, Promise<void>>();

/** Where a data folder keeps its Sandbox state. */
export function sandboxStateFile(dataDir: string): string {
  return join(dataDir, 'sandbox', 'state.json');
}

const ownerFile = (key: string) => join(key, 'sandbox', 'owner.json');

export type FolderSandbox = {
  url: string;
  /** The simulator itself when this process runs it; null when another process serves the folder. */
  handle: SandboxHandle | null;
  /** Process serving the folder. */
  pid: number;
  /** Stops the simulator when its last user in this process releases it; calling it twice releases once. */
  release(): Promise<void>;
};

type Owner = { pid: number; url?: string };

const LOOPBACK_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

function readOwner(key: string): Owner | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(ownerFile(key), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Owner;
    // Payee details go to this URL: only ever a simulator on loopback, whatever the file says.
    if (v.url !== undefined && !LOOPBACK_URL.test(v.url)) return 'unreadable';
    return Number.isSafeInteger(v.pid) && v.pid > 0 ? v : 'unreadable';
  } catch {
    return 'unreadable'; // being written right now
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function removeOwner(key: string, pid: number): void {
  const owner = readOwner(key);
  if (owner && owner !== 'unreadable' && owner.pid !== pid) return;
  try {
    unlinkSync(ownerFile(key));
  } catch {
    // already gone
  }
}

/** True while the process a shared folder Sandbox came from still serves it at that URL. */
export function stillServing(dataDir: string, s: FolderSandbox): boolean {
  if (s.handle) return true;
  const owner = readOwner(resolve(dataDir));
  return owner !== null && owner !== 'unreadable' && owner.pid === s.pid && owner.url === s.url && alive(s.pid);
}

function shareLocal(key: string, entry: Entry): Promise<FolderSandbox> {
  entry.refs += 1;
  return entry.handle.then(
    (handle) => {
      let released = false;
      return {
        url: handle.url,
        handle,
        pid: process.pid,
        async release() {
          if (released) return;
          released = true;
          entry.refs -= 1;
          if (entry.refs > 0 || running.get(key) !== entry) return;
          running.delete(key);
          // The last state is written before the folder is given up, so the next simulator starts from it.
          const done = handle
            .close()
            .finally(() => removeOwner(key, process.pid))
            .finally(() => {
              if (closing.get(key) === done) closing.delete(key);
            });
          closing.set(key, done);
          await done;
        },
      };
    },
    (error: unknown) => {
      entry.refs -= 1;
      throw error;
    },
  );
}

/** Becomes the folder's owner (an exclusive create of owner.json) and starts its simulator. */
function claim(key: string, options: SandboxOptions): Entry | null {
  let fd: number;
  try {
    fd = openSync(ownerFile(key), 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  try {
    writeFileSync(fd, JSON.stringify({ pid: process.pid }));
  } finally {
    closeSync(fd);
  }
  const handle = startSandbox({ ...options, stateFile: sandboxStateFile(key) }).then(
    (h) => {
      writeFileSync(ownerFile(key), JSON.stringify({ pid: process.pid, url: h.url }), { mode: 0o600 });
      return h;
    },
    (error: unknown) => {
      removeOwner(key, process.pid);
      throw error;
    },
  );
  const entry: Entry = { refs: 0, handle };
  running.set(key, entry);
  handle.catch(() => {
    if (running.get(key) === entry) running.delete(key);
  });
  return entry;
}

/** How long an owner may take to start, or a half-written owner file may stay unreadable, before it is stale. */
const START_GRACE_MS = 10_000;
const RETRY_MS = 50;

/**
 * The folder's Sandbox: this process's own, another process's (by URL), or a new one started here.
 * `options` (tests: clock, faults, latency) apply only when it is started here.
 */
export async function acquireFolderSandbox(dataDir: string, options: SandboxOptions = {}): Promise<FolderSandbox> {
  const key = resolve(dataDir);
  const startedAt = Date.now();
  for (;;) {
    const entry = running.get(key);
    if (entry) return shareLocal(key, entry);
    const pending = closing.get(key);
    if (pending) {
      await pending.catch(() => undefined);
      continue;
    }
    mkdirSync(join(key, 'sandbox'), { recursive: true });
    const owner = readOwner(key);
    const waitedTooLong = Date.now() - startedAt > START_GRACE_MS;
    if (owner === null) {
      const mine = claim(key, options);
      if (mine) return shareLocal(key, mine);
    } else if (owner === 'unreadable') {
      if (waitedTooLong || Date.now() - statMs(ownerFile(key)) > START_GRACE_MS) removeOwner(key, -1);
    } else if (owner.pid === process.pid || !alive(owner.pid)) {
      // Ours from a released run, or left by a process that died: nobody serves the folder.
      removeOwner(key, owner.pid);
    } else if (owner.url) {
      if (await answers(owner.url)) {
        const { pid, url } = owner;
        return { url, handle: null, pid, release: async () => {} };
      }
      if (waitedTooLong) removeOwner(key, owner.pid);
    } else if (waitedTooLong) {
      removeOwner(key, owner.pid);
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}

function statMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
