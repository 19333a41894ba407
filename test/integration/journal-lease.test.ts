import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reconcileCommand } from '../../src/cli/commands/reconcile';
import { DB_FILE } from '../../src/main/context';
import { openDatabase, type Db } from '../../src/main/db/open';
import { sqliteStore } from '../../src/main/db/store/store';
import { createJournalLease } from '../../src/main/services/journal/lease';
import { payoutsOfBatch } from '../../src/main/db/repos/payouts-repo';
import type { JournalDeps } from '../../src/main/services/journal/deps';
import { ACCEPTED_STATES } from '../../src/main/services/journal/states';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import type { JournalRuntime } from '../../src/main/services/journal/runtime';
import { createAppRuntime } from '../../src/main/services/lifecycle';
import { stageBatch } from '../../src/main/services/submission/stage';
import {
  createHarness,
  type Harness,
  ledgerCheck,
  makeRows,
  rupees,
  SHA,
  sumPaise,
  seedSearchProof,
} from './support/journal-harness';

/**
 * Issue 9 point 4: one owner of the journal. Two runtimes on one data folder (separate SQLite connections,
 * as the app and the CLI have): only the lease holder recovers, sends and polls.
 */

let h: Harness | null = null;
const runtimes: JournalRuntime[] = [];
const extraDbs: Db[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const db of extraDbs.splice(0)) db.close();
  await h?.close();
  h = null;
});

/** A second process on the same data folder: its own connection, same EnKash. */
function secondDeps(harness: Harness): JournalDeps {
  const db = openDatabase({ file: join(harness.dir, 'desk.sqlite') });
  extraDbs.push(db);
  return { ...harness.deps, db, store: sqliteStore(db) };
}

const LEASE = { ttlMs: 2_000, renewEveryMs: 20 };

async function until(what: () => boolean, label: string, tries = 1000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (what()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${label}`);
}

const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

function stageConfirmed(deps: JournalDeps, n: number, seed: number, offset: number) {
  const rows = makeRows(n, seed, offset);
  const { batchId } = stageBatch(deps, {
    fileName: `f${seed}.csv`,
    sha256: `${SHA.slice(0, -4)}${String(seed).padStart(4, '0')}`,
    kind: 'payouts',
    rows,
  });
  return { batchId: batchId!, rows };
}

describe('journal lease: one owner per data folder', () => {
  it('a second runtime does not become owner and never turns the owner’s in-flight SENDING rows into UNKNOWN', async () => {
    h = await createHarness({ sandbox: { latencyMs: 150 }, profile: { batchChunkSize: 5 } });
    const a = createAppRuntime(h.deps, { pollEveryMs: 10, lease: LEASE });
    runtimes.push(a);
    await a.start();
    const { batchId, rows } = stageConfirmed(h.deps, 40, 31, 0);
    await confirmBatch(h.deps, batchId, rupees(sumPaise(rows)));
    const sending = a.engine.start(batchId);
    await until(() => count(h!.db, "SELECT count(*) AS n FROM payouts WHERE state = 'SENDING'") > 0, 'SENDING rows');

    const b = createAppRuntime(secondDeps(h), { pollEveryMs: 10, lease: LEASE });
    runtimes.push(b);
    await b.start();
    expect(a.isOwner()).toBe(true);
    expect(b.isOwner()).toBe(false);
    expect(b.owner()?.pid).toBe(process.pid);
    // Nobody crashed: nothing may have been "recovered".
    expect(count(h.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'startup'")).toBe(0);
    await sending;
    await until(
      () => payoutsOfBatch(h!.db, batchId).every((p) => ACCEPTED_STATES.includes(p.state)),
      'every row accepted',
    );
    expect(count(h.db, "SELECT count(*) AS n FROM audit_log WHERE to_state = 'UNKNOWN'")).toBe(0);
    expect(ledgerCheck(h).paidTwice).toEqual([]);
  });

  it('the non-owner refuses to send with a clear error; the owner picks the confirmed batch up (hand-over)', async () => {
    h = await createHarness();
    const a = createAppRuntime(h.deps, { pollEveryMs: 10, lease: LEASE });
    runtimes.push(a);
    await a.start();
    const deps2 = secondDeps(h);
    const b = createAppRuntime(deps2, { pollEveryMs: 10, lease: LEASE });
    runtimes.push(b);
    await b.start();
    const { batchId, rows } = stageConfirmed(deps2, 12, 32, 100);
    await confirmBatch(deps2, batchId, rupees(sumPaise(rows)));
    await expect(b.engine.start(batchId)).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'journal_owned_elsewhere' },
    });
    await until(
      () => payoutsOfBatch(h!.db, batchId).every((p) => ACCEPTED_STATES.includes(p.state)),
      'the owner sent the handed-over batch',
    );
    expect(ledgerCheck(h).paidTwice).toEqual([]);
  });

  it('a crashed owner’s lease is taken over; the new owner recovers and settles its SENDING rows', async () => {
    h = await createHarness();
    seedSearchProof(h); // rows that never left are resent only after a proven "not found" (issue 9 point 5)
    const { batchId, rows } = stageConfirmed(h.deps, 10, 33, 200);
    await confirmBatch(h.deps, batchId, rupees(sumPaise(rows)));
    // A process on this host died holding the lease (its pid is gone) with a chunk SENDING.
    const now = Date.now();
    h.db
      .prepare(
        `INSERT INTO journal_lease (id, owner_id, pid, host, kind, acquired_at, heartbeat_at, expires_at_ms)
         VALUES (1, 'dead-owner', 2147483646, ?, 'cli', ?, ?, ?)`,
      )
      .run(hostname(), new Date(now).toISOString(), new Date(now).toISOString(), now + 60_000);
    h.db.prepare("UPDATE chunks SET state = 'SENDING' WHERE batch_id = ?").run(batchId);
    h.db
      .prepare(
        "UPDATE payouts SET state = 'SENDING', attempts = 1, sent_at = ?, last_route = 'batch' WHERE batch_id = ?",
      )
      .run(new Date(now).toISOString(), batchId);
    const c = createAppRuntime(h.deps, { pollEveryMs: 10, lease: LEASE });
    runtimes.push(c);
    const report = await c.start();
    expect(c.isOwner()).toBe(true);
    expect(report.interrupted).toBe(10);
    await until(
      () => payoutsOfBatch(h!.db, batchId).every((p) => ACCEPTED_STATES.includes(p.state)),
      'SENDING rows settled',
    );
    expect(ledgerCheck(h).paidTwice).toEqual([]);
  });

  it('a live owner’s expired lease on another host is taken only after expiry; the loser stops sending', async () => {
    h = await createHarness();
    const now = Date.now();
    h.db
      .prepare(
        `INSERT INTO journal_lease (id, owner_id, pid, host, kind, acquired_at, heartbeat_at, expires_at_ms)
         VALUES (1, 'other-host', 1, 'elsewhere', 'app', ?, ?, ?)`,
      )
      .run(new Date(now).toISOString(), new Date(now).toISOString(), now + 60_000);
    const c = createAppRuntime(h.deps, { pollEveryMs: 10, lease: LEASE });
    runtimes.push(c);
    await c.start();
    expect(c.isOwner()).toBe(false);
    expect(c.owner()?.host).toBe('elsewhere');
    h.db.prepare('UPDATE journal_lease SET expires_at_ms = ?').run(now - 1);
    await until(() => c.isOwner(), 'take-over after expiry');
  });

  it('an owner that lost the lease sends nothing more: the SENDING commit checks the lease in its transaction', async () => {
    h = await createHarness();
    // Renewals far apart, so the loss is seen by the departure check, not by a heartbeat first.
    const a = createAppRuntime(h.deps, { pollEveryMs: 10, lease: { ttlMs: 60_000, renewEveryMs: 60_000 } });
    runtimes.push(a);
    await a.start();
    const { batchId, rows } = stageConfirmed(h.deps, 8, 34, 300);
    await confirmBatch(h.deps, batchId, rupees(sumPaise(rows)));
    // Another process took the lease over (ours had lapsed).
    h.db.prepare("UPDATE journal_lease SET owner_id = 'someone-else', host = 'elsewhere'").run();
    await expect(a.engine.start(batchId)).rejects.toMatchObject({ details: { reason: 'journal_owned_elsewhere' } });
    expect(count(h.db, "SELECT count(*) AS n FROM payouts WHERE state = 'SENDING'")).toBe(0);
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it('`reconcile` beside the open app reports read-only, names the owner and exits 3', async () => {
    h = await createHarness();
    const dataDir = join(h.dir, 'cli-data');
    const appDb = openDatabase({ file: join(dataDir, DB_FILE) });
    extraDbs.push(appDb);
    const appLease = createJournalLease(appDb, { kind: 'app' });
    expect(appLease.tryAcquire().acquired).toBe(true);
    const out: string[] = [];
    const err: string[] = [];
    const code = await reconcileCommand.run(
      ['--json', '--env', 'sandbox', '--base-url', h.sandbox.url, '--data-dir', dataDir],
      { out: (t) => out.push(t), err: (t) => err.push(t), env: {} },
    );
    expect(code).toBe(3);
    expect(err.join('\n')).toContain(`the desktop app (pid ${process.pid}) owns sending on this data folder`);
    expect(JSON.parse(out[0]!)).toMatchObject({ owner: false, ownerPid: process.pid, unknown: 0 });
    // The app still owns it: the CLI did not release a lease it never held.
    expect(appLease.renew()).toBe(true);
    appLease.release();
  });
});
