import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings/settings';
import { verifyAuditChain } from '../../src/main/db/audit';
import { DB_FILE } from '../../src/main/context';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { createConfBackend } from '../../src/main/settings/conf-backend';
import { buildCrashChild, type ChildCommand } from './support/build-child';
import { makeRows, rng } from './support/journal-harness';

/**
 * The crash test: a child process (the real CLI) submits 1,000-row batches against the sandbox running in THIS
 * process and is SIGKILLed at seeded random moments — at least 100 times — with `reconcile` (itself killed
 * too) run after each kill. At the end no transactionId was paid twice, the DB and the sandbox ledger agree to
 * the paisa, and no row is left SENDING or UNKNOWN.
 */

const SEED = 20261126;
const MIN_KILLS = 100;
const ROWS_PER_BATCH = 1000;

let sandbox: SandboxHandle;
let child: ChildCommand;
let dir: string;

beforeAll(async () => {
  child = await buildCrashChild();
  dir = mkdtempSync(join(tmpdir(), 'payout-crash-'));
  // Small chunks and a little latency: many requests in flight, so kills land mid-chunk, mid-commit, mid-answer.
  sandbox = await startSandbox({ seed: SEED, latencyMs: 3, initialBalancePaise: 1_000_000_000_00 });
  createConfBackend(join(dir, 'data')).write({
    ...DEFAULT_SETTINGS,
    apiProfile: { ...DEFAULT_SETTINGS.apiProfile, batchChunkSize: 25 },
  });
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Exit = { code: number | null; killed: boolean; stderr: string };

/**
 * Runs one child. `kill`: SIGKILL it `afterMs` after it starts (`after` absent) or after its stderr first
 * matches `after` (e.g. the engine's first progress line), if it is still running then.
 */
function runChild(args: string[], kill: { afterMs: number; after?: RegExp } | null): Promise<Exit> {
  return new Promise((resolve) => {
    const p = spawn(child.command, [...child.args, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killed = false;
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (timer || !kill) return;
      timer = setTimeout(() => {
        if (p.exitCode === null && p.signalCode === null) killed = p.kill('SIGKILL');
      }, kill.afterMs);
    };
    p.stdout.on('data', () => undefined);
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (kill?.after?.test(stderr)) arm();
    });
    if (kill && !kill.after) arm();
    p.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed, stderr: stderr.slice(-2000) });
    });
  });
}

function csvFor(index: number): string {
  const file = join(dir, `batch-${index}.csv`);
  const rows = makeRows(ROWS_PER_BATCH, SEED + index, index * ROWS_PER_BATCH);
  const lines = ['Name,Account Number,IFSC,UPI ID,Amount,Remarks'];
  for (const r of rows) {
    const v = r.values;
    lines.push([v.name, v.accountNumber ?? '', v.ifsc ?? '', v.vpa ?? '', v.amount, v.remark].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function readDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'data', DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const count = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(sql).get(...args) as { n: number }).n;

describe('crash safety: SIGKILL at random points, reconcile after each', () => {
  it(`pays every transactionId at most once over ≥ ${MIN_KILLS} kills`, async () => {
    const random = rng(SEED);
    const common = [
      '--env',
      'sandbox',
      '--base-url',
      sandbox.url,
      '--data-dir',
      join(dir, 'data'),
      '--json',
      '--grace-ms',
      '40',
      '--poll-ms',
      '10',
      '--timeout-s',
      '60',
    ];
    let kills = 0;
    let fileIndex = 0;
    let file = csvFor(fileIndex);
    let iterations = 0;
    const exits: Exit[] = [];
    while (kills < MIN_KILLS && iterations < 600) {
      iterations++;
      const state = (() => {
        try {
          return readDb((db) => ({
            open:
              count(db, "SELECT count(*) AS n FROM payouts WHERE state IN ('SENDING', 'UNKNOWN')") +
              count(
                db,
                "SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id WHERE p.state = 'READY' AND b.state IN ('CONFIRMED', 'SENDING')",
              ),
            fileConfirmed: count(
              db,
              "SELECT count(*) AS n FROM batches b JOIN imports i ON i.id = b.import_id WHERE i.file_name = ? AND b.state != 'DRAFT'",
              `batch-${fileIndex}.csv`,
            ),
          }));
        } catch {
          return { open: 0, fileConfirmed: 0 }; // no database yet: the first child was killed before creating it
        }
      })();
      let args: string[];
      if (state.open > 0) args = ['reconcile', ...common];
      else {
        if (state.fileConfirmed > 0) file = csvFor(++fileIndex);
        args = ['submit', file, '--yes', ...common];
      }
      // Seeded kill point: a quarter anywhere from the start (opening the DB, staging, pre-flight, start-up
      // recovery), the rest once requests are going out (the engine's first progress line, or start-up done).
      const early = random() < 0.25;
      const after = args[0] === 'submit' ? /SENDING:/ : /Start-up:/;
      const kill = early ? { afterMs: Math.floor(random() * 700) } : { afterMs: Math.floor(random() * 300), after };
      const exit = await runChild(args, kill);
      exits.push(exit);
      if (exit.killed) kills++;
      else if (exit.code !== 0 && exit.code !== 1) throw new Error(`child failed (${exit.code}): ${exit.stderr}`);
    }
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    if (process.env.CRASH_DEBUG) {
      console.log(
        JSON.stringify({
          iterations,
          kills,
          batches: fileIndex + 1,
          codes: exits.map((e) => (e.killed ? 'K' : e.code)).join(''),
        }),
      );
    }

    // Recovery without interruption: reconcile until it reports nothing unknown and nothing unsent.
    let final: Exit | null = null;
    for (let i = 0; i < 5 && final?.code !== 0; i++) final = await runChild(['reconcile', ...common], null);
    expect(final?.code, final?.stderr).toBe(0);

    const ledger = sandbox.ledger();
    const paid = new Map<string, number>();
    for (const e of ledger) paid.set(e.transactionId, (paid.get(e.transactionId) ?? 0) + 1);
    const twice = [...paid].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);

    readDb((db) => {
      expect(count(db, "SELECT count(*) AS n FROM payouts WHERE state IN ('SENDING', 'UNKNOWN')")).toBe(0);
      const rows = db.prepare('SELECT transaction_id AS t, state, amount_paise AS a FROM payouts').all() as {
        t: string;
        state: string;
        a: number;
      }[];
      const accepted = rows.filter((r) => ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED'].includes(r.state));
      // Exactly the accepted rows are in the ledger, once each, and the money agrees to the paisa.
      expect(new Set(accepted.map((r) => r.t))).toEqual(new Set(paid.keys()));
      expect(accepted.reduce((s, r) => s + r.a, 0)).toBe(ledger.reduce((s, e) => s + e.amountPaise, 0));
      // The sandbox never saw an id the journal did not mint first.
      const ours = new Set(rows.map((r) => r.t));
      expect(sandbox.payouts().filter((p) => !ours.has(p.transactionId))).toEqual([]);
      // Kills really interrupted requests in flight (rows found SENDING at start-up), and ids were resent.
      expect(
        count(db, "SELECT count(*) AS n FROM audit_log WHERE entity = 'payout' AND action = 'startup'"),
      ).toBeGreaterThan(0);
      expect(verifyAuditChain(db).ok).toBe(true);
      expect(accepted.length).toBeGreaterThanOrEqual(ROWS_PER_BATCH);
    });
  }, 600_000);
});
