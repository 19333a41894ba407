/**
 * Submission benchmarks (issue 5). Runs standalone: `npx tsx test/bench/submit.bench.ts` (or `npm run bench`).
 *
 * 1. 10,000 payouts to the sandbox (its own process) at 50 ms latency, against the API-bound ideal: the time
 *    the batch calls alone must take at that latency with the same concurrency (ceil(chunks / concurrency) ×
 *    latency). Ratio = measured / ideal; 1.0 would mean neither the journal nor the simulator cost anything.
 *    Also shown against the measured API time (latency + the simulator's own processing).
 * (Recording 100,000 row results is journal-record.bench.ts.)
 * Prints; never asserts.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createEnkashClient, type EnkashClient } from '../../src/main/enkash/client';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { payoutsOfBatch } from '../../src/main/db/repos/payouts-repo';
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

await sandboxThroughput();
