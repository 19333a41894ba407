import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { engine, get, type Ops, q, run, transaction } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import type { Store } from '../../db/store/store';

/**
 * The journal lease (DESIGN.md "One owner", issue 9 point 4): one row in `journal_lease` names the process that
 * may send, poll and run start-up recovery on this data folder. Every other process (the CLI beside the app)
 * stages and reads only.
 *
 * - Taken and renewed in IMMEDIATE transactions (open.ts makes every transaction IMMEDIATE), so two processes
 *   can never both believe they took it.
 * - A holder is taken over only when it is provably gone: its expiry passed, or its pid no longer exists on
 *   this host (a SIGKILLed process — no need to wait for the expiry). A holder on this host whose pid is alive
 *   is never taken over, even with a lapsed heartbeat: recovering its rows while it still awaits answers is
 *   exactly the bug this fixes.
 * - The departure check: a TEMP trigger on this connection refuses any payout moving to SENDING unless the
 *   lease row still names this owner. It runs inside the very transaction that commits SENDING, so a process
 *   that lost the lease cannot send even one more request, whatever code path tries (engine or resend).
 *   TEMP because the owner id is per connection, and other tools opening the file must not see it.
 */

export type LeaseKind = 'app' | 'cli';

export type LeaseHolder = {
  ownerId: string;
  pid: number;
  host: string;
  kind: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAtMs: number;
};

export type LeaseOptions = {
  kind: LeaseKind;
  /** How long a heartbeat keeps the lease (wall clock: it is compared across processes). */
  ttlMs?: number;
  now?: () => number;
  /** Whether a pid on this host still exists (tests inject it). */
  isAlive?: (pid: number) => boolean;
};

export type AcquireResult =
  | { acquired: true; fresh: boolean; previous: LeaseHolder | null; recovered: number }
  | { acquired: false; holder: LeaseHolder };

export type JournalLease = {
  readonly ownerId: string;
  readonly ttlMs: number;
  /**
   * Takes the lease if it is free, ours, or its holder is gone. `onTakeOver` runs inside the same IMMEDIATE
   * transaction when the lease was not ours before (start-up recovery: nobody can take it back in between).
   */
  tryAcquire(onTakeOver?: () => number): AcquireResult;
  /** Extends our expiry; false when the lease is no longer ours. */
  renew(): boolean;
  release(): void;
  holder(): LeaseHolder | null;
};

export const DEFAULT_LEASE_TTL_MS = 30_000;
export const LEASE_LOST = 'journal_lease_lost';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the lease, read-only (works on a read-only connection). */
export function readLeaseHolder(db: Db): LeaseHolder | null {
  return runSqlite(db, readLeaseHolderOps());
}

/** Who holds the lease; `lock` (PostgreSQL, inside the acquiring transaction) holds the row until commit. */
export function* readLeaseHolderOps(lock = false): Ops<LeaseHolder | null> {
  const row = lock
    ? yield* get<LeaseHolder>(q`SELECT owner_id AS ownerId, pid, host, kind, acquired_at AS acquiredAt,
        heartbeat_at AS heartbeatAt, expires_at_ms AS expiresAtMs FROM journal_lease WHERE id = 1 FOR UPDATE`)
    : yield* get<LeaseHolder>(q`SELECT owner_id AS ownerId, pid, host, kind, acquired_at AS acquiredAt,
        heartbeat_at AS heartbeatAt, expires_at_ms AS expiresAtMs FROM journal_lease WHERE id = 1`);
  return row ?? null;
}

/** "the desktop app (pid 123)" / "another command-line run (pid 9 on host-b)". */
export function describeHolder(holder: LeaseHolder): string {
  const who = holder.kind === 'app' ? 'the desktop app' : 'another command-line run';
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `${who} (pid ${holder.pid}${where})`;
}

export function notOwnerError(holder: LeaseHolder | null, batchId?: number): AppError {
  const who = holder ? describeHolder(holder) : 'another process';
  const batch = batchId === undefined ? '' : ` Batch #${batchId} stays confirmed; the owner sends it.`;
  return new AppError('conflict', `${who} owns sending on this data folder; this process does not send.${batch}`, {
    reason: 'journal_owned_elsewhere',
    ...(holder ? { ownerPid: holder.pid, ownerHost: holder.host, ownerKind: holder.kind } : {}),
  });
}

/** True for the error the departure trigger raises when the lease was lost. */
export function isLeaseLost(error: unknown): boolean {
  return error instanceof Error && error.message.includes(LEASE_LOST);
}

const guarded = new WeakMap<Db, string>();

function installGuard(db: Db, ownerId: string): void {
  if (guarded.has(db) && guarded.get(db) !== ownerId) {
    throw new AppError('internal', 'One journal lease per database connection.');
  }
  guarded.set(db, ownerId);
  db.exec('CREATE TEMP TABLE IF NOT EXISTS journal_lease_self (owner_id TEXT NOT NULL)');
  db.prepare('DELETE FROM temp.journal_lease_self').run();
  db.prepare('INSERT INTO temp.journal_lease_self (owner_id) VALUES (?)').run(ownerId);
  db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS journal_lease_guard BEFORE UPDATE OF state ON main.payouts
    WHEN NEW.state = 'SENDING' AND NOT EXISTS (
      SELECT 1 FROM main.journal_lease l JOIN temp.journal_lease_self s ON s.owner_id = l.owner_id WHERE l.id = 1)
    BEGIN SELECT RAISE(ABORT, '${LEASE_LOST}'); END`);
}

/** The trigger stays after release: without the lease row it refuses every departure, as it should. */
function dropGuard(db: Db): void {
  guarded.delete(db);
}

/** Who this lease is, for the lease's storage work. */
export type LeaseSelf = {
  ownerId: string;
  pid: number;
  host: string;
  kind: LeaseKind;
  ttlMs: number;
  isAlive: (pid: number) => boolean;
};

function leaseSelf(opts: LeaseOptions): LeaseSelf {
  return {
    ownerId: randomUUID(),
    pid: process.pid,
    host: hostname(),
    kind: opts.kind,
    ttlMs: opts.ttlMs ?? DEFAULT_LEASE_TTL_MS,
    isAlive: opts.isAlive ?? pidAlive,
  };
}

/** Provably gone: on this host its pid no longer exists; elsewhere (a pid means nothing there) its expiry passed. */
function holderGone(self: LeaseSelf, h: LeaseHolder, t: number): boolean {
  if (h.host === self.host && h.pid !== self.pid) return !self.isAlive(h.pid);
  return h.expiresAtMs <= t;
}

/**
 * Takes the lease if it is free, ours, or its holder is gone, in one transaction (SQLite: BEGIN IMMEDIATE, the one
 * write lock; PostgreSQL: the lease row FOR UPDATE). `onTakeOver` runs in that same transaction when the lease was
 * not ours before (start-up recovery: nobody can take it back in between). The upsert only overwrites the holder
 * this transaction read: on PostgreSQL two servers may both find no row, and the second insert must lose, not win.
 */
export function* tryAcquireLeaseOps(
  self: LeaseSelf,
  nowMs: number,
  onTakeOver?: () => Ops<number>,
): Ops<AcquireResult> {
  const pg = (yield* engine()) === 'pg';
  return yield* transaction(function* (): Ops<AcquireResult> {
    const current = yield* readLeaseHolderOps(pg);
    if (current && current.ownerId !== self.ownerId && !holderGone(self, current, nowMs)) {
      return { acquired: false, holder: current };
    }
    const at = new Date(nowMs).toISOString();
    const fresh = current?.ownerId !== self.ownerId;
    const { changes } = yield* run(
      q`INSERT INTO journal_lease (id, owner_id, pid, host, kind, acquired_at, heartbeat_at, expires_at_ms)
        VALUES (1, ${self.ownerId}, ${self.pid}, ${self.host}, ${self.kind}, ${at}, ${at}, ${nowMs + self.ttlMs})
        ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, pid = excluded.pid, host = excluded.host,
          kind = excluded.kind,
          acquired_at = CASE WHEN journal_lease.owner_id = excluded.owner_id THEN journal_lease.acquired_at
            ELSE excluded.acquired_at END,
          heartbeat_at = excluded.heartbeat_at, expires_at_ms = excluded.expires_at_ms
        WHERE journal_lease.owner_id = ${current?.ownerId ?? null}`,
    );
    if (changes !== 1) {
      // Another server inserted the first lease row while we read none (PostgreSQL only).
      const holder = yield* readLeaseHolderOps();
      if (holder) return { acquired: false, holder };
    }
    const recovered = fresh && onTakeOver ? yield* onTakeOver() : 0;
    return { acquired: true, fresh, previous: fresh ? current : null, recovered };
  });
}

/** Extends our expiry; false when the lease is no longer ours. */
export function* renewLeaseOps(ownerId: string, nowMs: number, ttlMs: number): Ops<boolean> {
  return yield* transaction(function* () {
    const { changes } = yield* run(
      q`UPDATE journal_lease SET heartbeat_at = ${new Date(nowMs).toISOString()}, expires_at_ms = ${nowMs + ttlMs}
        WHERE id = 1 AND owner_id = ${ownerId}`,
    );
    return changes === 1;
  });
}

/** Deletes the row only if it is ours. */
export function* releaseLeaseOps(ownerId: string): Ops<void> {
  yield* transaction(function* () {
    yield* run(q`DELETE FROM journal_lease WHERE id = 1 AND owner_id = ${ownerId}`);
  });
}

/** The journal lease for today's synchronous callers on the desk's SQLite file (the CLI, tests). */
export function createJournalLease(db: Db, opts: LeaseOptions): JournalLease {
  const self = leaseSelf(opts);
  const now = opts.now ?? Date.now;
  installGuard(db, self.ownerId);
  return {
    ownerId: self.ownerId,
    ttlMs: self.ttlMs,
    tryAcquire(onTakeOver) {
      // The callback is synchronous SQLite work: it runs inside the IMMEDIATE transaction runSqlite is in.
      const take = onTakeOver
        ? // eslint-disable-next-line require-yield -- the take-over is plain synchronous work wrapped as storage work
          function* (): Ops<number> {
            return onTakeOver();
          }
        : undefined;
      return runSqlite(db, tryAcquireLeaseOps(self, now(), take));
    },
    renew() {
      if (!db.open) return false;
      return runSqlite(db, renewLeaseOps(self.ownerId, now(), self.ttlMs));
    },
    release() {
      if (db.open) runSqlite(db, releaseLeaseOps(self.ownerId));
      dropGuard(db);
    },
    holder: () => readLeaseHolder(db),
  };
}

/** The journal lease on a Store (either engine), for the async runtime. */
export type StoreLease = {
  readonly ownerId: string;
  readonly ttlMs: number;
  /** As JournalLease.tryAcquire; `onTakeOver` is storage work run in the acquiring transaction. */
  tryAcquire(onTakeOver?: () => Ops<number>): Promise<AcquireResult>;
  renew(): Promise<boolean>;
  release(): Promise<void>;
  holder(): Promise<LeaseHolder | null>;
};

const owners = new WeakMap<Store, string>();

/**
 * The owner id this process's journal lease on `store` writes — what the engine claims chunk leases with and
 * declares before a departure (chunk-leases.ts declareOwnerOps). Null when no lease was created on this store.
 */
export function journalOwnerId(store: Store): string | null {
  return owners.get(store) ?? null;
}

export function createStoreLease(store: Store, opts: LeaseOptions): StoreLease {
  const self = leaseSelf(opts);
  const now = opts.now ?? Date.now;
  const db = store.sqlite;
  // SQLite: the departure check is this connection's TEMP trigger. PostgreSQL: migration 011's trigger, by declaration.
  if (db) installGuard(db, self.ownerId);
  owners.set(store, self.ownerId);
  const open = () => !db || db.open;
  return {
    ownerId: self.ownerId,
    ttlMs: self.ttlMs,
    tryAcquire: (onTakeOver) => store.run(tryAcquireLeaseOps(self, now(), onTakeOver)),
    renew: async () => open() && (await store.run(renewLeaseOps(self.ownerId, now(), self.ttlMs))),
    async release() {
      if (open()) await store.run(releaseLeaseOps(self.ownerId));
      if (db) dropGuard(db);
      if (owners.get(store) === self.ownerId) owners.delete(store);
    },
    holder: () => store.run(readLeaseHolderOps()),
  };
}

// The chunk leases live beside the journal lease for the engine and the reconciler that look for them here.
export {
  claimChunkOps,
  declareOwnerOps,
  recoverExpiredChunksOps,
  releaseChunkLeaseOps,
  renewChunkLeaseOps,
} from './chunk-leases';
