import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, get, q } from '../../src/main/db/store/ops';
import { ACCEPTED_STATES, type PayoutState } from '../../src/main/services/journal/states';
import { buildChild, type ChildCommand } from './support/build-child';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  stageConfirmed,
  sumPaise,
} from './support/journal-harness';

/**
 * Issue 13 "What it must show": two processes run the engine on ONE PostgreSQL database, sending the same batch
 * (chunk leases decide who sends which chunk), and one is SIGKILLed while a chunk it holds is SENDING. The other
 * goes on, and once the dead one's chunk lease has expired settles those rows by the journal protocol (SENDING →
 * UNKNOWN → Search → adopted or resent with the same ids). At the end: no id paid twice, every row known, the
 * database equal to the sandbox ledger to the paisa.
 */

const ROWS = 200;
const CHUNK = 10;
// Short, so the survivor takes the dead one's chunk over within the test; long against a 60 ms request.
const LEASE_MS = 1_500;

let child: ChildCommand;
beforeAll(async () => {
  child = await buildChild('engine-child');
}, 120_000);

let h: Harness | null = null;
const procs: ChildProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await h?.close();
  h = null;
});

type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

function startServer(hh: Harness, batchId: number): { proc: ChildProcess; exit: Promise<Exit> } {
  const cfg = { databaseUrl: hh.url, sandboxUrl: hh.sandbox.url, batchId, leaseMs: LEASE_MS, chunkSize: CHUNK };
  const proc = spawn(child.command, [...child.args, JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'pipe'] });
  procs.push(proc);
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stderr: stderr.slice(-3000) })),
  );
  return { proc, exit };
}

async function until<T>(what: () => Promise<T | null | undefined | false>, label: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await what();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${label}`);
}

describe('two servers on one PostgreSQL database, one SIGKILLed mid-chunk', () => {
  it('no id is paid twice, and the survivor settles every row after the dead one’s chunk lease expires', async () => {
    h = await createHarness({
      engine: 'pg',
      // A request takes long enough that the kill lands while the victim's chunk is in flight.
      sandbox: { latencyMs: 60, initialBalancePaise: 1_000_000_000_00 },
      profile: { batchChunkSize: CHUNK },
    });
    const hh = h;
    const rows = makeRows(ROWS, 4242);
    const batchId = await stageConfirmed(hh, rows, { fileName: 'two-servers.csv' });
    // The servers are the two children: this test process only watches, so it gives up the harness's journal lease.
    await hh.lease?.release();

    const victim = startServer(hh, batchId);
    // The victim's own chunk lease: the first chunk leased while it runs alone.
    const victimOwner = await until(
      async () =>
        (
          await hh.store.run(
            get<{ owner: string }>(q`SELECT lease_owner AS owner FROM chunks
              WHERE batch_id = ${batchId} AND lease_owner IS NOT NULL ORDER BY seq LIMIT 1`),
          )
        )?.owner,
      'the first server leasing a chunk',
    );
    const survivor = startServer(hh, batchId);
    // Both send at once: the survivor holds a chunk lease too, while one of the victim's chunks is SENDING.
    await until(async () => {
      const r = await hh.store.run(
        get<{ mine: number; other: number }>(q`SELECT
          (SELECT count(*) FROM payouts p JOIN chunks c ON c.id = p.chunk_id
            WHERE c.batch_id = ${batchId} AND c.lease_owner = ${victimOwner} AND p.state = 'SENDING') AS mine,
          (SELECT count(*) FROM chunks WHERE batch_id = ${batchId}
            AND lease_owner IS NOT NULL AND lease_owner != ${victimOwner}) AS other`),
      );
      return Number(r?.mine) > 0 && Number(r?.other) > 0;
    }, 'both servers sending, a victim chunk SENDING');
    victim.proc.kill('SIGKILL');
    expect((await victim.exit).signal).toBe('SIGKILL');
    const stranded = await hh.store.run(
      get<{ n: number }>(q`SELECT count(*) AS n FROM payouts p JOIN chunks c ON c.id = p.chunk_id
        WHERE c.lease_owner = ${victimOwner} AND p.state = 'SENDING'`),
    );
    expect(Number(stranded?.n)).toBeGreaterThan(0);

    const done = await survivor.exit;
    expect(done.code, done.stderr).toBe(0);

    // Every row known: accepted by EnKash (the sandbox fails none here), nothing SENDING, UNKNOWN or READY.
    const states = await hh.store.run(
      all<{ state: PayoutState }>(q`SELECT state FROM payouts WHERE batch_id = ${batchId}`),
    );
    expect(states).toHaveLength(ROWS);
    expect(states.filter((r) => !ACCEPTED_STATES.includes(r.state))).toEqual([]);
    const check = await checkLedger(hh);
    expect(check.paidTwice).toEqual([]);
    expect(check.mismatched).toEqual([]);
    expect(check.ledgerPaise).toBe(check.dbAcceptedPaise);
    expect(check.ledgerPaise).toBe(sumPaise(rows));
    // The dead server's rows were settled by the protocol — moved to UNKNOWN when its lease ran out — not guessed.
    expect(await hh.auditCount({ entity: 'payout', toState: 'UNKNOWN' })).toBeGreaterThan(0);
    expect((await hh.store.run(verifyAuditChainOps())).ok).toBe(true);
  }, 180_000);
});
