/**
 * Submission benchmarks (issue 5). Runs standalone: `npx tsx test/bench/submit.bench.ts` (or `npm run bench`).
 *
 * 1. 10,000 payouts to the sandbox (its own process) at 50 ms latency, on SQLite and on PostgreSQL (issue 13 point
 *    5), against the API-bound ideal: the time the batch calls alone must take at that latency with the profile's
 *    chunk size and the journal's concurrency (ceil(chunks / concurrency) × latency). Ratio = measured / ideal
 *    (goal ≤ 1.2); 1.0 would mean neither the journal nor the simulator cost anything.
 *    Also shown: the same requests replayed straight through the client (new ids, same concurrency, no journal) —
 *    what the sandbox and the client alone cost on this machine, which the journal cannot go below.
 * (Recording 100,000 row results is journal-record.bench.ts.) Its rows go into run.ts's journal table.
 * Prints; never asserts.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../src/main/db/store/ops';
import { createEnkashClient, type EnkashClient } from '../../src/main/enkash/client';
import type { BatchPayoutInput } from '../../src/main/enkash/inputs';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { createHarness, makeRows, rupees, SHA, sumPaise } from '../integration/support/journal-harness';
import { benchCluster } from './journal-pg';
import { reportJournal } from './journal-table';

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

/** The engine's requests again, straight through the client (fresh ids), `concurrency` at a time: no journal. */
async function replay(client: EnkashClient, requests: BatchPayoutInput[], concurrency: number): Promise<number> {
  const queue = requests.map((r) => ({
    batchTransactionId: `${r.batchTransactionId}R`,
    transfers: r.transfers.map((t) => ({ ...t, transactionId: `${t.transactionId}R` })),
  }));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await client.createBatchPayout(next);
    }),
  );
  return performance.now() - t0;
}

const ENGINE_NAME = { sqlite: 'SQLite', pg: 'PostgreSQL' } as const;

async function sandboxThroughput(engine: Engine): Promise<void> {
  const ROWS = 10_000;
  const LATENCY = 50;
  const external = await externalSandbox(LATENCY);
  const h = await createHarness({ engine });
  try {
    const local = await h.deps.session();
    const client = createEnkashClient({
      baseUrl: external.url,
      profile: local.profile,
      credentials: async () => ({ ...SANDBOX_DEMO }),
    });
    let apiMs = 0;
    const requests: BatchPayoutInput[] = [];
    const timed: EnkashClient = {
      ...client,
      createBatchPayout: async (input, opts) => {
        requests.push(input);
        const t = performance.now();
        try {
          return await client.createBatchPayout(input, opts);
        } finally {
          apiMs += performance.now() - t;
        }
      },
    };
    h.deps.session = async () => ({ ...local, client: timed });
    const rows = makeRows(ROWS, 42);
    const t0 = performance.now();
    const { batchId } = await stageBatchOnStore(h.deps, { fileName: 'bench.csv', sha256: SHA, kind: 'payouts', rows });
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
    const accepted = await h.countIn(['PENDING'], batchId!);
    const direct = await replay(client, requests, concurrency);
    const name = ENGINE_NAME[engine];
    console.log(
      `${name}: 10,000 payouts @ ${LATENCY} ms latency, chunk ${chunkSize}, concurrency ${concurrency} → ${run.state}, ${accepted} accepted`,
    );
    console.log(
      `  stage ${fmt(tStaged - t0)} · confirm (pre-flight + balance) ${fmt(tConfirmed - tStaged)} · send ${fmt(sending)}`,
    );
    console.log(
      `  API-bound ideal ${fmt(ideal)} (${calls} batch calls) → ratio send/ideal = ${(sending / ideal).toFixed(2)} (goal ≤ 1.20)`,
    );
    console.log(
      `  measured API time (request → answer, incl. the simulator's own work) ${fmt(apiMs / concurrency)} per lane → ratio send/API = ${(sending / (apiMs / concurrency)).toFixed(2)}`,
    );
    console.log(
      `  the same requests straight through the client, no journal: ${fmt(direct)} → ratio send/direct = ${(sending / direct).toFixed(2)}`,
    );
    console.log(`  end to end (stage → all sent) ${fmt(tSent - t0)}`);
    reportJournal({
      goal: 'send',
      engine: name,
      measuredMs: sending,
      baselineMs: ideal,
      goalRatio: 1.2,
      note: `baseline = ${calls} calls / concurrency ${concurrency} × ${LATENCY} ms; the requests alone, no journal, took ${fmt(direct)} (${(direct / ideal).toFixed(2)}× ideal)`,
    });
  } finally {
    external.stop();
    await h.close();
  }
}

await sandboxThroughput('sqlite');
const cluster = await benchCluster('send');
if (!cluster) {
  reportJournal({
    goal: 'send',
    engine: 'PostgreSQL',
    measuredMs: null,
    baselineMs: null,
    goalRatio: 1.2,
    note: 'PostgreSQL is not installed',
  });
} else {
  // The harness makes its PostgreSQL databases on the test cluster's URL (test/support/pg-database.ts).
  process.env.PAYOUT_DESK_TEST_PG_URL = cluster.url;
  try {
    await sandboxThroughput('pg');
  } finally {
    cluster.stop();
  }
}
