/**
 * Submission benchmarks (issue 5). Runs standalone: `npx tsx test/bench/submit.bench.ts` (or `npm run bench`).
 *
 * 1. 10,000 payouts to the sandbox (its own process) at 50 ms latency, against the API-bound ideal: the time
 *    the batch calls alone must take at that latency with the same concurrency (ceil(chunks / concurrency) ×
 *    latency). Ratio = measured / ideal; 1.0 would mean neither the journal nor the simulator cost anything.
 *    Also shown against the measured API time (latency + the simulator's own processing).
 * 2. Recording 100,000 row results (the journal's one writer: checked state change + hash-chained audit entry
 *    per row, one transaction) against raw prepared INSERTs of 100,000 rows in one transaction.
 * Prints; never asserts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src/main/db/open';
import { createEnkashClient, type EnkashClient } from '../../src/main/enkash/client';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { payoutsOfBatch } from '../../src/main/db/repos/payouts-repo';
import type { PayoutChange } from '../../src/main/services/journal/transition';
import { transitionPayouts } from '../../src/main/services/journal/transition';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stageBatch } from '../../src/main/services/submission/stage';
import { createHarness, makeRows, rupees, SHA, sumPaise } from '../integration/support/journal-harness';

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The sandbox in its own process (like EnKash, its work does not run on our event loop). */
async function externalSandbox(latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src', 'cli', 'index.ts'),
      'sandbox',
      '--latency-ms',
      String(latencyMs),
      '--initial-balance',
      '1000000000',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'], cwd: root },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening (\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function sandboxThroughput(): Promise<void> {
  const ROWS = 10_000;
  const LATENCY = 50;
  const external = await externalSandbox(LATENCY);
  const h = await createHarness();
  try {
    const local = await h.deps.session();
    const client = createEnkashClient({
      baseUrl: external.url,
      profile: local.profile,
      credentials: async () => ({ ...SANDBOX_DEMO }),
    });
    let apiMs = 0;
    const timed: EnkashClient = {
      ...client,
      createBatchPayout: async (input) => {
        const t = performance.now();
        try {
          return await client.createBatchPayout(input);
        } finally {
          apiMs += performance.now() - t;
        }
      },
    };
    h.deps.session = async () => ({ ...local, client: timed });
    const rows = makeRows(ROWS, 42);
    const t0 = performance.now();
    const { batchId } = stageBatch(h.deps, { fileName: 'bench.csv', sha256: SHA, kind: 'payouts', rows });
    const tStaged = performance.now();
    await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows)));
    const tConfirmed = performance.now();
    const run = await createSubmissionEngine(h.deps).start(batchId!);
    const tSent = performance.now();
    const chunkSize = h.deps.profile().batchChunkSize;
    const concurrency = h.deps.timing.concurrency;
    const calls = Math.ceil(ROWS / chunkSize);
    // The batch calls, `concurrency` at a time, each costing exactly the latency (the token is already cached).
    const ideal = Math.ceil(calls / concurrency) * LATENCY;
    const sending = tSent - tConfirmed;
    const accepted = payoutsOfBatch(h.db, batchId!).filter((p) => p.state === 'PENDING').length;
    console.log(
      `10,000 payouts @ ${LATENCY} ms latency, chunk ${chunkSize}, concurrency ${concurrency} → ${run.state}, ${accepted} accepted`,
    );
    console.log(
      `  stage ${fmt(tStaged - t0)} · confirm (pre-flight + balance) ${fmt(tConfirmed - tStaged)} · send ${fmt(sending)}`,
    );
    console.log(
      `  API-bound ideal ${fmt(ideal)} (${calls} batch calls) → ratio send/ideal = ${(sending / ideal).toFixed(2)}`,
    );
    console.log(
      `  measured API time (request → answer, incl. the simulator's own work) ${fmt(apiMs / concurrency)} per lane → ratio send/API = ${(sending / (apiMs / concurrency)).toFixed(2)}`,
    );
    console.log(`  end to end (stage → all sent) ${fmt(tSent - t0)}`);
  } finally {
    external.stop();
    await h.close();
  }
}

function recordingCost(): void {
  const N = 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'payout-bench-'));
  try {
    // Baseline: raw prepared inserts of N rows in one transaction, same pragmas (WAL, synchronous=FULL).
    const raw = openDatabase({ file: join(dir, 'raw.sqlite') });
    raw.exec(
      'CREATE TABLE results (id INTEGER PRIMARY KEY, transaction_id TEXT, status TEXT, enkash_id TEXT, at TEXT)',
    );
    const ins = raw.prepare('INSERT INTO results (transaction_id, status, enkash_id, at) VALUES (?, ?, ?, ?)');
    const r0 = performance.now();
    raw.transaction(() => {
      for (let i = 0; i < N; i++) ins.run(`PD${i}`, 'PENDING', `EKPT${i}`, '2026-11-26T10:00:00.000Z');
    })();
    const rawMs = performance.now() - r0;
    raw.close();

    // The journal: N staged rows put in SENDING without measuring, then their results recorded.
    const db = openDatabase({ file: join(dir, 'journal.sqlite') });
    const now = new Date('2026-11-26T10:00:00.000Z');
    db.prepare(
      `INSERT INTO batches (id, name, environment, state, row_count, total_paise, created_at) VALUES (1, 'b', 'sandbox', 'SENDING', ?, ?, ?)`,
    ).run(N, N * 100, now.toISOString());
    const insertRow = db.prepare(
      `INSERT INTO payouts (batch_id, row_number, transaction_id, amount_paise, mode, state, created_at, updated_at, attempts, last_route)
       VALUES (1, ?, ?, 100, 'IMPS', 'SENDING', ?, ?, 1, 'batch')`,
    );
    db.transaction(() => {
      for (let i = 0; i < N; i++) insertRow.run(i + 2, `PD${i}`, now.toISOString(), now.toISOString());
    })();
    const ids = (db.prepare('SELECT id FROM payouts ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const changes: PayoutChange[] = ids.map((id, i) => ({
      id,
      from: 'SENDING',
      to: 'PENDING',
      action: 'result',
      set: { enkashStatus: 'PENDING', enkashTransactionId: `EKPT${i}` },
    }));
    const j0 = performance.now();
    const result = transitionPayouts(db, changes, { at: now });
    const journalMs = performance.now() - j0;
    db.close();
    console.log(
      `recording ${N.toLocaleString('en-IN')} row results (state check + update + audit chain, one transaction)`,
    );
    console.log(
      `  journal ${fmt(journalMs)} (${result.applied.length} applied) vs raw prepared inserts ${fmt(rawMs)} → ratio ${(journalMs / rawMs).toFixed(1)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

recordingCost();
await sandboxThroughput();
