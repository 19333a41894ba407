import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MappedRow } from '../../../src/shared/sheet/row-draft';
import { DEFAULT_API_PROFILE, type ApiProfile, type Environment } from '../../../src/shared/settings/api-profile';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { createLogger } from '../../../src/main/log';
import { createEnkashClient } from '../../../src/main/enkash/client';
import { startSandbox, SANDBOX_DEMO, type SandboxHandle, type SandboxOptions } from '../../../src/main/sandbox/index';
import { getBatchRow } from '../../../src/main/db/repos/batches-repo';
import { reconcileTick } from '../../../src/main/services/reconcile/startup';
import { recordProof, searchFingerprint } from '../../../src/main/services/reconcile/search-proof';
import type { SubmissionEngine } from '../../../src/main/services/journal/engine';
import { getBatchProgress } from '../../../src/main/services/journal/progress';
import {
  DEFAULT_TIMING,
  type JournalDeps,
  type JournalEvent,
  type JournalTiming,
} from '../../../src/main/services/journal/deps';

/**
 * A manual clock shared by the journal and the sandbox, for lifecycle/poller tests. `advance` moves the wall and
 * the monotonic clock together (time passing); `set` and `jump` move only the wall clock (a clock change).
 */
export type ManualClock = {
  now: () => number;
  advance: (ms: number) => void;
  set: (ms: number) => void;
  jump: (ms: number) => void;
  monotonic: () => number;
};

export function manualClock(startMs = Date.UTC(2026, 10, 26, 6, 0, 0)): ManualClock {
  let t = startMs;
  let m = 1_000;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
      m += ms;
    },
    set: (ms) => (t = ms),
    jump: (ms) => (t += ms),
    monotonic: () => m,
  };
}

export type Harness = {
  deps: JournalDeps;
  sandbox: SandboxHandle;
  db: Db;
  dir: string;
  events: JournalEvent[];
  logLines: string[];
  close(): Promise<void>;
};

/** Fast journal timing for tests: real time, milliseconds instead of minutes. */
export const FAST_TIMING: JournalTiming = {
  ...DEFAULT_TIMING,
  unknownGraceMs: 30,
  unknownRecheckMs: 0,
  pollDelaysMs: [10, 20, 40],
  reversalCheckEveryMs: 50,
  unreachableRetryDelaysMs: [5, 10, 20, 40],
};

export async function createHarness(
  opts: {
    sandbox?: SandboxOptions;
    timing?: Partial<JournalTiming>;
    profile?: Partial<ApiProfile>;
    environment?: Environment;
    clock?: ManualClock;
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'payout-journal-'));
  const db = openDatabase({ file: join(dir, 'desk.sqlite') });
  const sandbox = await startSandbox({ seed: 7, ...(opts.clock ? { now: opts.clock.now } : {}), ...opts.sandbox });
  const profile: ApiProfile = {
    ...DEFAULT_API_PROFILE,
    fundSourceId: SANDBOX_DEMO.fundSourceId,
    requestTimeoutMs: 5_000,
    ...opts.profile,
  };
  const client = createEnkashClient({ baseUrl: sandbox.url, profile, credentials: async () => ({ ...SANDBOX_DEMO }) });
  const environment = opts.environment ?? 'sandbox';
  const events: JournalEvent[] = [];
  const logLines: string[] = [];
  const deps: JournalDeps = {
    db,
    session: async () => ({ client, environment, profile }),
    environment: () => environment,
    profile: () => profile,
    now: opts.clock ? () => new Date(opts.clock!.now()) : () => new Date(),
    ...(opts.clock ? { monotonicMs: opts.clock.monotonic } : {}),
    log: createLogger(null, (line) => logLines.push(line)),
    emit: (e) => events.push(e),
    timing: { ...FAST_TIMING, ...opts.timing },
  };
  return {
    deps,
    sandbox,
    db,
    dir,
    events,
    logLines,
    async close() {
      await sandbox.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FIRST = ['Ravi', 'Asha', 'Meena', 'Arjun', 'Kavya', 'Rahul', 'Sneha', 'Vikram', 'Pooja', 'Imran'];
const LAST = ['Kumar', 'Sharma', 'Iyer', 'Reddy', 'Nair', 'Khan', 'Das', 'Patel', 'Singh', 'Rao'];

/** A small seeded PRNG so generated sheets are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** Letters-only suffix so every payee name is unique and valid ("Ravi Kumar Bcd"). */
function tag(i: number): string {
  let out = '';
  let n = i;
  do {
    out += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** `n` valid payout rows (IMPS/NEFT by default rule, one UPI in ten), amounts ₹1–₹5,000. */
export function makeRows(n: number, seed = 1, start = 0): MappedRow[] {
  const r = rng(seed);
  const rows: MappedRow[] = [];
  for (let i = start; i < start + n; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${tag(i)}`;
    const paise = 100 + Math.floor(r() * 500_000);
    const amount = `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;
    const upi = i % 10 === 9;
    rows.push({
      row: i + 2,
      values: upi
        ? { name, vpa: `payee${i}@okhdfcbank`, amount, remark: `Salary ${i}` }
        : { name, accountNumber: String(100000000000 + i * 7919), ifsc: 'HDFC0000001', amount, remark: `Salary ${i}` },
    });
  }
  return rows;
}

export const SHA = 'a'.repeat(64);

/** A distinct file hash per name, for tests that stage several different "files". */
export function shaOf(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export function sumPaise(rows: MappedRow[]): number {
  return rows.reduce((s, m) => {
    const [w, f = ''] = (m.values.amount ?? '0').split('.');
    return s + Number(w) * 100 + Number(f.padEnd(2, '0'));
  }, 0);
}

/** Rupee text of paise, as a user would type the control total. */
export function rupees(paise: number): string {
  return `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;
}

/** Runs the engine and reconciler rounds until no row of the batch is READY, SENDING or UNKNOWN. */
export async function settle(h: Harness, batchId: number, engine: SubmissionEngine, maxRounds = 400): Promise<number> {
  const { client } = await h.deps.session();
  const count = (states: string[]) =>
    (
      h.db
        .prepare(
          `SELECT count(*) AS n FROM payouts WHERE batch_id = ? AND state IN (${states.map(() => '?').join(',')})`,
        )
        .get(batchId, ...states) as { n: number }
    ).n;
  for (let round = 0; round < maxRounds; round++) {
    const batch = getBatchRow(h.db, batchId)!;
    if (batch.state === 'PAUSED') await engine.resume(batchId);
    else if (count(['READY']) > 0 && ['CONFIRMED', 'SENDING'].includes(batch.state)) await engine.start(batchId);
    if (count(['READY', 'SENDING', 'UNKNOWN']) === 0) return round;
    await reconcileTick(h.deps, client);
    await new Promise((r) => setTimeout(r, h.deps.timing.unknownGraceMs + 5));
  }
  throw new Error(`batch ${batchId} did not settle: ${JSON.stringify(getBatchProgress(h.db, batchId).byState)}`);
}

/** The invariants every test ends with: each transactionId paid at most once, DB and ledger equal to the paisa. */
export function ledgerCheck(h: Harness): {
  dbAcceptedPaise: number;
  ledgerPaise: number;
  paidTwice: string[];
  mismatched: string[];
} {
  const rows = h.db.prepare('SELECT transaction_id AS t, state, amount_paise AS a FROM payouts').all() as {
    t: string;
    state: string;
    a: number;
  }[];
  const counts = new Map<string, number>();
  for (const e of h.sandbox.ledger()) counts.set(e.transactionId, (counts.get(e.transactionId) ?? 0) + 1);
  const accepted = new Set(['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED']);
  return {
    dbAcceptedPaise: rows.filter((r) => accepted.has(r.state)).reduce((s, r) => s + r.a, 0),
    ledgerPaise: h.sandbox.ledger().reduce((s, e) => s + e.amountPaise, 0),
    paidTwice: [...counts].filter(([, n]) => n > 1).map(([t]) => t),
    // A row the DB thinks was accepted must be in the ledger exactly once, and vice versa.
    mismatched: rows.filter((r) => accepted.has(r.state) !== (counts.get(r.t) === 1)).map((r) => `${r.t}:${r.state}`),
  };
}

/**
 * Marks Search as proven in the harness's environment (issue 9 point 5), as if it had already found a payout we
 * know landed: for tests about what happens after a proven "not found", not about the proof itself.
 */
export function seedSearchProof(h: Harness, environment: Environment = 'sandbox'): void {
  recordProof(h.db, environment, {
    fingerprint: searchFingerprint(h.deps.profile(), environment, h.sandbox.url),
    transactionId: 'SEEDEDPROOF',
    source: 'probe',
    at: h.deps.now(),
  });
}
