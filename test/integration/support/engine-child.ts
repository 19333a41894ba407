import { get, q } from '../../../src/main/db/store/ops';
import { openPgStore } from '../../../src/main/db/store/store';
import { createAppRuntime } from '../../../src/main/services/lifecycle';
import { testJournalDeps } from './journal-deps';

/**
 * A child of the two-process test (pg-two-process.test.ts): one "server" running the journal on a PostgreSQL
 * database shared with another, against the sandbox in the PARENT test process (so the ledger survives a SIGKILL of
 * this one). Its runtime sends, polls and recovers as a Desk Server does, and it exits 0 once no row of the batch
 * is READY, SENDING or UNKNOWN. One JSON argument: { databaseUrl, sandboxUrl, batchId, leaseMs, chunkSize }.
 * It prints `started` once its runtime is up, and errors on stderr.
 */
type Config = { databaseUrl: string; sandboxUrl: string; batchId: number; leaseMs: number; chunkSize: number };

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
const say = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<number> {
  const store = await openPgStore({ connectionString: cfg.databaseUrl, max: 6 });
  const deps = testJournalDeps({
    store,
    baseUrl: cfg.sandboxUrl,
    profile: { batchChunkSize: cfg.chunkSize },
    timing: { chunkLeaseMs: cfg.leaseMs },
    logLine: (line) => {
      if (/"level":"(warn|error)"/.test(line)) say(line);
    },
  });
  const runtime = createAppRuntime(deps, {
    pollEveryMs: 20,
    lease: { ttlMs: cfg.leaseMs, renewEveryMs: Math.max(20, Math.floor(cfg.leaseMs / 5)) },
  });
  await runtime.start();
  say('started');
  const open = q<{ n: number }>`SELECT count(*) AS n FROM payouts
    WHERE batch_id = ${cfg.batchId} AND state IN ('READY', 'SENDING', 'UNKNOWN')`;
  // As a Desk Server does: nothing here starts the engine — the runtime's own ticks send what the chunk leases
  // allow (lease holder or not), recover a dead server's chunks and settle its rows. This only waits for the end.
  for (;;) {
    if (Number((await store.run(get(open)))?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await runtime.stop();
  await store.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`engine-child: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(70);
  },
);
