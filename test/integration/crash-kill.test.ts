import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings/settings';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, get, q, type Engine, type Query } from '../../src/main/db/store/ops';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { createConfBackend } from '../../src/main/settings/conf-backend';
import { buildCrashChild, type ChildCommand } from './support/build-child';
import { openCrashDb, type CrashDb } from './support/crash-db';
import { makeRows, rng } from './support/journal-harness';

/**
 * The crash test: a child process (the real CLI) submits 1,000-row batches against the sandbox running in THIS
 * process and is SIGKILLed at seeded random moments — at least 100 times on SQLite, 30 on PostgreSQL (issue 13
 * point 4) — with `reconcile` (itself killed too) run after each kill. At the end no transactionId was paid twice,
 * the DB and the sandbox ledger agree to the paisa, and no row is left SENDING or UNKNOWN.
 */

const SEED = 20261126;
const ROWS_PER_BATCH = 1000;
const RUNS: [Engine, number][] = [
  ['sqlite', 100],
  ['pg', 30],
];

let child: ChildCommand;
beforeAll(async () => {
  child = await buildCrashChild();
}, 120_000);

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
    // --json puts a command's error on stdout: keep its tail for the failure message.
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-1000)));
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (kill?.after?.test(stderr)) arm();
    });
    if (kill && !kill.after) arm();
    p.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed, stderr: `${stderr.slice(-2000)}${stdout}` });
    });
  });
}

function csvFor(dir: string, index: number): string {
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

/** count(*) of a query on the child's database; 0 when there is none yet. */
async function count(db: CrashDb, query: Query<{ n: number }>): Promise<number> {
  return Number((await db.read(get(query)))?.n ?? 0);
}

const OPEN_ROWS = q<{ n: number }>`SELECT count(*) AS n FROM payouts WHERE state IN ('SENDING', 'UNKNOWN')`;
const UNSENT_ROWS = q<{ n: number }>`SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
  WHERE p.state = 'READY' AND b.state IN ('CONFIRMED', 'SENDING')`;

describe.each(RUNS)('crash safety on %s: SIGKILL at random points, reconcile after each', (engine, minKills) => {
  let sandbox: SandboxHandle;
  let dir: string;
  let db: CrashDb;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payout-crash-'));
    // Small chunks and a little latency: many requests in flight, so kills land mid-chunk, mid-commit, mid-answer.
    sandbox = await startSandbox({ seed: SEED, latencyMs: 3, initialBalancePaise: 1_000_000_000_00 });
    createConfBackend(join(dir, 'data')).write({
      ...DEFAULT_SETTINGS,
      apiProfile: { ...DEFAULT_SETTINGS.apiProfile, batchChunkSize: 25 },
    });
    db = await openCrashDb(engine, join(dir, 'data'));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`pays every transactionId at most once over ≥ ${minKills} kills`, async () => {
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
      ...db.args,
    ];
    let kills = 0;
    let fileIndex = 0;
    let file = csvFor(dir, fileIndex);
    let iterations = 0;
    const exits: Exit[] = [];
    while (kills < minKills && iterations < 600) {
      iterations++;
      // No database yet (the first child was killed before creating it) reads as nothing open.
      const state = {
        open: (await count(db, OPEN_ROWS)) + (await count(db, UNSENT_ROWS)),
        fileConfirmed: await count(
          db,
          q`SELECT count(*) AS n FROM batches b JOIN imports i ON i.id = b.import_id
            WHERE i.file_name = ${`batch-${fileIndex}.csv`} AND b.state != 'DRAFT'`,
        ),
      };
      let args: string[];
      if (state.open > 0) args = ['reconcile', ...common];
      else {
        if (state.fileConfirmed > 0) file = csvFor(dir, ++fileIndex);
        args = ['submit', file, '--yes', ...common];
      }
      // Seeded kill point: a quarter anywhere from the start (opening the DB, staging, pre-flight, start-up
      // recovery), the rest once requests are going out (the engine's first progress line, or start-up done).
      const early = random() < 0.25;
      const after = args[0] === 'submit' ? /SENDING:/ : /Start-up:/;
      const kill = early ? { afterMs: Math.floor(random() * 700) } : { afterMs: Math.floor(random() * 300), after };
      const exit = await runChild([...db.leadArgs, ...args], kill);
      exits.push(exit);
      if (exit.killed) kills++;
      else if (exit.code !== 0 && exit.code !== 1) throw new Error(`child failed (${exit.code}): ${exit.stderr}`);
    }
    expect(kills).toBeGreaterThanOrEqual(minKills);
    if (process.env.CRASH_DEBUG) {
      console.log(
        JSON.stringify({
          engine,
          iterations,
          kills,
          batches: fileIndex + 1,
          codes: exits.map((e) => (e.killed ? 'K' : e.code)).join(''),
        }),
      );
    }

    // Recovery without interruption: reconcile until it reports nothing unknown and nothing unsent. On PostgreSQL
    // the last killed child's chunk lease must run out first: its rows are nobody else's until then.
    let final: Exit | null = null;
    for (let i = 0; i < 5 && final?.code !== 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, db.chunkLeaseMs));
      final = await runChild([...db.leadArgs, 'reconcile', ...common], null);
    }
    expect(final?.code, final?.stderr).toBe(0);

    const ledger = sandbox.ledger();
    const paid = new Map<string, number>();
    for (const e of ledger) paid.set(e.transactionId, (paid.get(e.transactionId) ?? 0) + 1);
    const twice = [...paid].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);

    expect(await count(db, OPEN_ROWS)).toBe(0);
    const rows = (await db.read(
      all<{ t: string; state: string; a: number }>(
        q`SELECT transaction_id AS t, state, amount_paise AS a FROM payouts`,
      ),
    ))!;
    const accepted = rows.filter((r) => ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED'].includes(r.state));
    // Exactly the accepted rows are in the ledger, once each, and the money agrees to the paisa.
    expect(new Set(accepted.map((r) => r.t))).toEqual(new Set(paid.keys()));
    expect(accepted.reduce((s, r) => s + r.a, 0)).toBe(ledger.reduce((s, e) => s + e.amountPaise, 0));
    // The sandbox never saw an id the journal did not mint first.
    const ours = new Set(rows.map((r) => r.t));
    expect(sandbox.payouts().filter((p) => !ours.has(p.transactionId))).toEqual([]);
    // Kills really interrupted requests in flight (rows found SENDING at start-up — on PostgreSQL also in a chunk
    // whose lease ran out), and ids were resent.
    const recovered =
      engine === 'sqlite'
        ? q<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE entity = 'payout' AND action = 'startup'`
        : q<{ n: number }>`SELECT count(*) AS n FROM audit_log
            WHERE entity = 'payout' AND action IN ('startup', 'lease-expired')`;
    expect(await count(db, recovered)).toBeGreaterThan(0);
    expect((await db.read(verifyAuditChainOps()))?.ok).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(ROWS_PER_BATCH);
  }, 900_000);
});
