import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';

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

const SELECT = `SELECT owner_id AS ownerId, pid, host, kind, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt,
  expires_at_ms AS expiresAtMs FROM journal_lease WHERE id = 1`;

/** Who holds the lease, read-only (works on a read-only connection). */
export function readLeaseHolder(db: Db): LeaseHolder | null {
  return (db.prepare(SELECT).get() as LeaseHolder | undefined) ?? null;
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

export function createJournalLease(db: Db, opts: LeaseOptions): JournalLease {
  const ownerId = randomUUID();
  const ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const now = opts.now ?? Date.now;
  const isAlive = opts.isAlive ?? pidAlive;
  const host = hostname();
  installGuard(db, ownerId);

  const gone = (h: LeaseHolder, t: number): boolean => {
    if (h.host === host && h.pid !== process.pid) return !isAlive(h.pid);
    return h.expiresAtMs <= t;
  };

  return {
    ownerId,
    ttlMs,
    tryAcquire(onTakeOver) {
      return db.transaction((): AcquireResult => {
        const t = now();
        const current = readLeaseHolder(db);
        if (current && current.ownerId !== ownerId && !gone(current, t)) return { acquired: false, holder: current };
        const at = new Date(t).toISOString();
        const fresh = current?.ownerId !== ownerId;
        db.prepare(
          `INSERT INTO journal_lease (id, owner_id, pid, host, kind, acquired_at, heartbeat_at, expires_at_ms)
           VALUES (1, @ownerId, @pid, @host, @kind, @at, @at, @exp)
           ON CONFLICT (id) DO UPDATE SET owner_id = @ownerId, pid = @pid, host = @host, kind = @kind,
             acquired_at = CASE WHEN owner_id = @ownerId THEN acquired_at ELSE @at END,
             heartbeat_at = @at, expires_at_ms = @exp`,
        ).run({ ownerId, pid: process.pid, host, kind: opts.kind, at, exp: t + ttlMs });
        const recovered = fresh && onTakeOver ? onTakeOver() : 0;
        return { acquired: true, fresh, previous: fresh ? current : null, recovered };
      })();
    },
    renew() {
      if (!db.open) return false;
      const t = now();
      return db.transaction(
        () =>
          db
            .prepare('UPDATE journal_lease SET heartbeat_at = ?, expires_at_ms = ? WHERE id = 1 AND owner_id = ?')
            .run(new Date(t).toISOString(), t + ttlMs, ownerId).changes === 1,
      )();
    },
    release() {
      if (db.open) {
        db.transaction(() => db.prepare('DELETE FROM journal_lease WHERE id = 1 AND owner_id = ?').run(ownerId))();
      }
      dropGuard(db);
    },
    holder: () => readLeaseHolder(db),
  };
}
