import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFolderSandbox } from '../../src/main/sandbox/folder-sandbox';

/** Issue 10 point 3: one Sandbox per data folder, whatever a previous process left behind. */

const root = mkdtempSync(join(tmpdir(), 'payout-folder-sandbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);
const ownerOf = (dir: string) => join(dir, 'sandbox', 'owner.json');

function writeOwner(dir: string, owner: unknown, ageMs = 0): void {
  mkdirSync(join(dir, 'sandbox'), { recursive: true });
  writeFileSync(ownerOf(dir), JSON.stringify(owner));
  const t = new Date(Date.now() - ageMs);
  utimesSync(ownerOf(dir), t, t);
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
}

describe('acquireFolderSandbox', () => {
  it('in one process: one simulator per folder, stopped (and the folder given up) after the last release', async () => {
    const dir = freshDir();
    const a = await acquireFolderSandbox(dir, { initialBalancePaise: 500_00 });
    const b = await acquireFolderSandbox(dir);
    expect(b.handle).toBe(a.handle);
    expect(JSON.parse(readFileSync(ownerOf(dir), 'utf8'))).toEqual({ pid: process.pid, url: a.url });
    a.handle!.addFunds(1_00);
    await a.release();
    await a.release(); // twice releases once: b still holds it
    expect(b.handle!.balancePaise()).toBe(501_00);
    await b.release();
    expect(existsSync(ownerOf(dir))).toBe(false);
    // The next one starts from the state the last one wrote.
    const c = await acquireFolderSandbox(dir, { initialBalancePaise: 1 });
    expect(c.handle!.balancePaise()).toBe(501_00);
    await c.release();
  });

  it('takes over a folder whose owner process died', async () => {
    const dir = freshDir();
    writeOwner(dir, { pid: deadPid(), url: 'http://127.0.0.1:9' });
    const s = await acquireFolderSandbox(dir);
    try {
      expect(s.handle).not.toBeNull();
      expect(JSON.parse(readFileSync(ownerOf(dir), 'utf8')).pid).toBe(process.pid);
    } finally {
      await s.release();
    }
  });

  it('never follows an owner file to a host other than loopback', async () => {
    const dir = freshDir();
    // A live pid (our parent) with a remote URL, written long ago: treated as garbage, not as a simulator.
    writeOwner(dir, { pid: process.ppid, url: 'http://payee-data.example.com:80' }, 60_000);
    const s = await acquireFolderSandbox(dir);
    try {
      expect(s.handle).not.toBeNull();
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await s.release();
    }
  });
});
