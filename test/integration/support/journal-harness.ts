import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MappedRow } from '../../../src/shared/sheet/row-draft';
import type { ApiProfile, Environment } from '../../../src/shared/settings/api-profile';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { get, q, type Engine, type Ops } from '../../../src/main/db/store/ops';
import { openPgStore, sqliteOnly, sqliteStore, type Store } from '../../../src/main/db/store/store';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../src/main/sandbox/index';
import { reconcileTick } from '../../../src/main/services/reconcile/startup';
import { recordProofOps, searchFingerprint } from '../../../src/main/services/reconcile/search-proof';
import type { SubmissionEngine } from '../../../src/main/services/journal/engine';
import { confirmBatch } from '../../../src/main/services/submission/confirm';
import { stageBatchOnStore } from '../../../src/main/services/submission/stage';
import type { JournalDeps, JournalEvent, JournalTiming } from '../../../src/main/services/journal/deps';
import { createStoreLease, type StoreLease } from '../../../src/main/services/journal/lease';
import { openTestStore } from '../../support/test-store';
import { FAST_TIMING, testJournalDeps } from './journal-deps';
import { auditCountOps, countInOps, payoutRowsOps, type AuditFilter, type HarnessPayout } from './journal-reads';

export { FAST_TIMING };
export type { AuditFilter, HarnessPayout };

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
  engine: Engine;
  deps: JournalDeps;
  /** The journal's database (deps.store). */
  store: Store;
  sandbox: SandboxHandle;
  /** The SQLite connection; on PostgreSQL the `sqliteOnly` stand-in, which names any unported use. */
  db: Db;
  /** A temp folder for the test's files (on SQLite it also holds desk.sqlite). */
  dir: string;
  /** The PostgreSQL database's URL, for a second process on it; null on SQLite. */
  url: string | null;
  events: JournalEvent[];
  logLines: string[];
  /** Payout rows (of one batch, or all), by id. */
  rows(batchId?: number): Promise<HarnessPayout[]>;
  /** Payout rows in any of `states` (of one batch, or all). */
  countIn(states: readonly string[], batchId?: number): Promise<number>;
  auditCount(where?: AuditFilter): Promise<number>;
  batchState(batchId: number): Promise<string | undefined>;
  /** Another process's view of the same database: its own connection (SQLite) or pool (PostgreSQL), same EnKash. */
  secondDeps(): Promise<JournalDeps>;
  /**
   * PostgreSQL: the journal lease the harness holds, as a server's runtime would (migration 011 refuses a departure
   * that is not under a lease: a resend of loose rows needs this one). Null on SQLite, where only a connection that
   * took a lease has the departure check at all.
   */
  lease: StoreLease | null;
  /**
   * PostgreSQL: gives the harness's journal lease up for good, for a test whose own runtime takes the lease as the
   * app does (the harness's would keep it out); close() then has none to release. Nothing on SQLite.
   */
  dropLease(): Promise<void>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  /** Which engine holds the journal (default SQLite, a file in the temp folder; PostgreSQL: a fresh database). */
  engine?: Engine;
  sandbox?: SandboxOptions;
  timing?: Partial<JournalTiming>;
  profile?: Partial<ApiProfile>;
  environment?: Environment;
  clock?: ManualClock;
};

/** Longer than any test, also under a manual clock that jumps days. */
const HARNESS_LEASE_TTL_MS = 400 * 24 * 3_600_000;

export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const kind = opts.engine ?? 'sqlite';
  const dir = mkdtempSync(join(tmpdir(), 'payout-journal-'));
  let store: Store;
  let url: string | null = null;
  let closeStore: () => Promise<void>;
  if (kind === 'sqlite') {
    // Exactly as before the engine option: the harness's own file in its own folder.
    const file = openDatabase({ file: join(dir, 'desk.sqlite') });
    store = sqliteStore(file);
    closeStore = async () => {
      file.close();
    };
  } else {
    const t = await openTestStore('pg');
    store = t.store;
    url = t.url;
    closeStore = () => t.close();
  }
  const sandbox = await startSandbox({ seed: 7, ...(opts.clock ? { now: opts.clock.now } : {}), ...opts.sandbox });
  const events: JournalEvent[] = [];
  const logLines: string[] = [];
  const deps = testJournalDeps({
    store,
    baseUrl: sandbox.url,
    profile: opts.profile,
    environment: opts.environment,
    timing: opts.timing,
    ...(opts.clock ? { now: opts.clock.now, monotonic: opts.clock.monotonic } : {}),
    logLine: (line) => logLines.push(line),
    emit: (e) => events.push(e),
  });
  const others: Store[] = [];
  const run = <T>(ops: Ops<T>) => store.run(ops);
  let lease: StoreLease | null = null;
  if (kind === 'pg') {
    lease = createStoreLease(store, {
      kind: 'cli',
      ttlMs: HARNESS_LEASE_TTL_MS,
      ...(opts.clock ? { now: opts.clock.now } : {}),
    });
    const got = await lease.tryAcquire();
    if (!got.acquired) throw new Error('harness: a fresh PostgreSQL database already has a journal lease holder');
  }
  return {
    engine: kind,
    deps,
    store,
    lease,
    sandbox,
    db: deps.db,
    dir,
    url,
    events,
    logLines,
    rows: (batchId) => run(payoutRowsOps(batchId)),
    countIn: (states, batchId) => run(countInOps(states, batchId)),
    auditCount: (where = {}) => run(auditCountOps(where)),
    batchState: async (batchId) =>
      (await run(get<{ state: string }>(q`SELECT state FROM batches WHERE id = ${batchId}`)))?.state,
    async secondDeps() {
      const other =
        kind === 'sqlite'
          ? sqliteStore(openDatabase({ file: join(dir, 'desk.sqlite') }))
          : await openPgStore({ connectionString: url!, max: 6 });
      others.push(other);
      return { ...deps, store: other, db: sqliteOnly(other) };
    },
    async dropLease() {
      const held = lease;
      lease = null;
      await held?.release();
    },
    async close() {
      await sandbox.close();
      await lease?.release();
      for (const other of others.splice(0)) {
        other.sqlite?.close();
        await other.close();
      }
      await closeStore();
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

/** Writes `rows` as a payout CSV sheet a person would drop (the CLI's `submit FILE`); returns the path. */
export function writePayoutCsv(file: string, rows: MappedRow[]): string {
  const lines = ['Name,Account Number,IFSC,UPI ID,Amount,Remarks'];
  for (const { values: v } of rows) {
    lines.push([v.name, v.accountNumber ?? '', v.ifsc ?? '', v.vpa ?? '', v.amount, v.remark].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
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

/** Stages `rows` as one batch and confirms it with its exact total, on either engine. Returns the batch id. */
export async function stageConfirmed(
  h: Harness,
  rows: MappedRow[],
  { fileName = 'f.csv', sha256 = shaOf(fileName) }: { fileName?: string; sha256?: string } = {},
): Promise<number> {
  const { batchId } = await stageBatchOnStore(h.deps, { fileName, sha256, kind: 'payouts', rows });
  if (batchId === null) throw new Error(`nothing staged from ${fileName}`);
  await confirmBatch(h.deps, batchId, rupees(sumPaise(rows)));
  return batchId;
}

/** Runs the engine and reconciler rounds until no row of the batch is READY, SENDING or UNKNOWN. */
export async function settle(h: Harness, batchId: number, engine: SubmissionEngine, maxRounds = 400): Promise<number> {
  const { client } = await h.deps.session();
  for (let round = 0; round < maxRounds; round++) {
    const state = await h.batchState(batchId);
    if (state === 'PAUSED') await engine.resume(batchId);
    else if ((await h.countIn(['READY'], batchId)) > 0 && ['CONFIRMED', 'SENDING'].includes(state ?? '')) {
      await engine.start(batchId);
    }
    if ((await h.countIn(['READY', 'SENDING', 'UNKNOWN'], batchId)) === 0) return round;
    await reconcileTick(h.deps, client);
    await new Promise((r) => setTimeout(r, h.deps.timing.unknownGraceMs + 5));
  }
  const byState: Record<string, number> = {};
  for (const r of await h.rows(batchId)) byState[r.state] = (byState[r.state] ?? 0) + 1;
  throw new Error(`batch ${batchId} did not settle: ${JSON.stringify(byState)}`);
}

export type LedgerCheck = { dbAcceptedPaise: number; ledgerPaise: number; paidTwice: string[]; mismatched: string[] };

const ACCEPTED = new Set(['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED']);

function compareLedger(h: Harness, rows: readonly { t: string; state: string; a: number }[]): LedgerCheck {
  const counts = new Map<string, number>();
  for (const e of h.sandbox.ledger()) counts.set(e.transactionId, (counts.get(e.transactionId) ?? 0) + 1);
  return {
    dbAcceptedPaise: rows.filter((r) => ACCEPTED.has(r.state)).reduce((s, r) => s + r.a, 0),
    ledgerPaise: h.sandbox.ledger().reduce((s, e) => s + e.amountPaise, 0),
    paidTwice: [...counts].filter(([, n]) => n > 1).map(([t]) => t),
    // A row the DB thinks was accepted must be in the ledger exactly once, and vice versa.
    mismatched: rows.filter((r) => ACCEPTED.has(r.state) !== (counts.get(r.t) === 1)).map((r) => `${r.t}:${r.state}`),
  };
}

/** The invariants every test ends with: each transactionId paid at most once, DB and ledger equal to the paisa. */
export function ledgerCheck(h: Harness): LedgerCheck {
  const rows = h.db.prepare('SELECT transaction_id AS t, state, amount_paise AS a FROM payouts').all() as {
    t: string;
    state: string;
    a: number;
  }[];
  return compareLedger(h, rows);
}

/** ledgerCheck on either engine. */
export async function checkLedger(h: Harness): Promise<LedgerCheck> {
  const rows = await h.rows();
  return compareLedger(
    h,
    rows.map((r) => ({ t: r.transactionId, state: r.state, a: r.amountPaise })),
  );
}

/**
 * Marks Search as proven in the harness's environment (issue 9 point 5), as if it had already found a payout we
 * know landed: for tests about what happens after a proven "not found", not about the proof itself.
 */
export function seedSearchProof(h: Harness, environment: Environment = 'sandbox'): Promise<void> {
  // On SQLite the store runs the write before returning, so callers that do not await it see it at once.
  return h.store.run(
    recordProofOps(environment, {
      fingerprint: searchFingerprint(h.deps.profile(), environment, h.sandbox.url),
      transactionId: 'SEEDEDPROOF',
      source: 'probe',
      at: h.deps.now(),
    }),
  );
}
