import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings/settings';
import { DB_FILE } from '../../src/main/context';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { createConfBackend } from '../../src/main/settings/conf-backend';
import { buildCrashChild, type ChildCommand } from './support/build-child';
import { makeRows } from './support/journal-harness';

/**
 * Issue 9 point 4, fault test: two `submit`s and a `reconcile` at once on one data folder (real CLI processes)
 * under 10 % faults. The second submit and the reconcile start while the first one's requests are in flight:
 * they must not "recover" its SENDING rows, must not fail on SQLITE_BUSY, and the owner's work must end with
 * no id paid twice, nothing SENDING and every row known.
 */

let sandbox: SandboxHandle;
let child: ChildCommand;
let dir: string;

beforeAll(async () => {
  child = await buildCrashChild();
  dir = mkdtempSync(join(tmpdir(), 'payout-lease-cli-'));
  sandbox = await startSandbox({
    seed: 909,
    latencyMs: 15,
    initialBalancePaise: 1_000_000_000_00,
    faults: { faultRate: 0.1, kinds: ['http5xx_before', 'http5xx_after', 'code1_after', 'garbled_envelope'] },
  });
  createConfBackend(join(dir, 'data')).write({
    ...DEFAULT_SETTINGS,
    apiProfile: { ...DEFAULT_SETTINGS.apiProfile, batchChunkSize: 10 },
  });
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Exit = { code: number | null; stderr: string };

function runChild(args: string[], onStderr?: (all: string) => void): Promise<Exit> {
  return new Promise((resolve) => {
    const p = spawn(child.command, [...child.args, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    p.stdout.on('data', () => undefined);
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    p.on('exit', (code) => resolve({ code, stderr }));
  });
}

function csv(name: string, n: number, seed: number, offset: number): string {
  const file = join(dir, name);
  const lines = ['Name,Account Number,IFSC,UPI ID,Amount,Remarks'];
  for (const r of makeRows(n, seed, offset)) {
    const v = r.values;
    lines.push([v.name, v.accountNumber ?? '', v.ifsc ?? '', v.vpa ?? '', v.amount, v.remark].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('journal lease across real CLI processes under 10 % faults', () => {
  it('two submits and a reconcile at once: one owner, no false recovery, no id paid twice, nothing left SENDING', async () => {
    const common = ['--env', 'sandbox', '--base-url', sandbox.url, '--data-dir', join(dir, 'data')];
    const timing = ['--grace-ms', '40', '--poll-ms', '10', '--timeout-s', '90'];
    let startOthers!: () => void;
    const firstSending = new Promise<void>((r) => (startOthers = r));
    const a = runChild(['submit', csv('a.csv', 300, 1, 0), '--yes', '--json', ...common, ...timing], (all) => {
      if (/SENDING:/.test(all)) startOthers();
    });
    await Promise.race([firstSending, a]);
    const b = runChild(['submit', csv('b.csv', 150, 2, 5000), '--yes', '--json', ...common, ...timing]);
    const r = runChild(['reconcile', '--json', ...common, ...timing]);
    const [ea, eb, er] = await Promise.all([a, b, r]);
    for (const e of [ea, eb, er]) expect(e.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
    expect(ea.code, ea.stderr.slice(-1500)).toBe(0);
    expect(eb.code, eb.stderr.slice(-1500)).toBe(0);
    // The reconcile ran beside a live owner: read-only (3), or it owned the folder after the submits (0).
    expect([0, 3]).toContain(er.code);
    expect(eb.stderr).toMatch(/owns sending on this data folder; it will send batch #2/);

    const db = new Database(join(dir, 'data', DB_FILE), { readonly: true });
    try {
      // Nobody crashed: nothing may have been "recovered" from a live owner.
      expect(count(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'startup'")).toBe(0);
      expect(count(db, "SELECT count(*) AS n FROM payouts WHERE state IN ('SENDING', 'UNKNOWN')")).toBe(0);
      expect(count(db, 'SELECT count(*) AS n FROM payouts')).toBe(450);
      const rows = db.prepare('SELECT transaction_id AS t, state FROM payouts').all() as { t: string; state: string }[];
      const accepted = rows.filter((x) => ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED'].includes(x.state));
      const paid = new Map<string, number>();
      for (const e of sandbox.ledger()) paid.set(e.transactionId, (paid.get(e.transactionId) ?? 0) + 1);
      expect([...paid].filter(([, n]) => n > 1)).toEqual([]);
      expect(new Set(accepted.map((x) => x.t))).toEqual(new Set(paid.keys()));
    } finally {
      db.close();
    }
    expect(Object.values(sandbox.stats().faults).reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
  }, 300_000);
});
