import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MappedRow } from '../../../src/shared/sheet/row-draft';
import { DEFAULT_API_PROFILE, type ApiProfile, type Environment } from '../../../src/shared/settings/api-profile';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { createLogger } from '../../../src/main/log';
import { createEnkashClient } from '../../../src/main/enkash/client';
import { startSandbox, SANDBOX_DEMO, type SandboxHandle, type SandboxOptions } from '../../../src/main/sandbox/index';
import { DEFAULT_TIMING, type JournalDeps, type JournalEvent, type JournalTiming } from '../../../src/main/services/journal/deps';

/** A manual clock shared by the journal and the sandbox, for lifecycle/poller tests. */
export type ManualClock = { now: () => number; advance: (ms: number) => void; set: (ms: number) => void };

export function manualClock(startMs = Date.UTC(2026, 10, 26, 6, 0, 0)): ManualClock {
  let t = startMs;
  return { now: () => t, advance: (ms) => (t += ms), set: (ms) => (t = ms) };
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
