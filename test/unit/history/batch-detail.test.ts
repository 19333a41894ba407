import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src/main/db/audit';
import { agingBoard } from '../../../src/main/services/history/aging';
import { listAudit, verifyChain } from '../../../src/main/services/history/audit-viewer';
import { getBatchDetail, listBatches } from '../../../src/main/services/history/batches';
import { payoutTimeline } from '../../../src/main/services/history/timeline';
import { fullScans, planRecorder } from './plans';
import { addBatch, addPayout, openTestDb, refreshTotals, type TestDb } from './seed';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

function audit(
  txn: string,
  payoutId: number,
  batchId: number,
  from: string | null,
  to: string,
  at: string,
  data: Record<string, unknown> = {},
) {
  appendAudit(t.db, {
    entity: 'payout',
    entityId: txn,
    action: 'result',
    fromState: from,
    toState: to,
    at,
    data: { payoutId, batchId, ...data },
  });
}

describe('batch detail', () => {
  it('totals by status and mode in integer paise, rows in sheet order, each with its timeline', () => {
    const b = addBatch(t.db, { name: 'April vendors' });
    const other = addBatch(t.db);
    const specs = [
      ['TA1', 'SUCCESS', 'IMPS', 150_050],
      ['TA2', 'SUCCESS', 'NEFT', 10_00_000_00],
      ['TA3', 'FAILED', 'IMPS', 1],
      ['TA4', 'CANCELLED', 'UPI', 999],
      ['TA5', 'UNKNOWN', 'UPI', 25_00],
    ] as const;
    const ids = specs.map(([txn, state, mode, amountPaise], i) =>
      addPayout(t.db, {
        batchId: b,
        rowNumber: 10 - i,
        transactionId: txn,
        state,
        mode,
        amountPaise,
        vpa: mode === 'UPI' ? 'a@ok' : null,
      }),
    );
    addPayout(t.db, { batchId: other, transactionId: 'TB1', amountPaise: 5 });
    refreshTotals(t.db, b);
    audit('TA1', ids[0]!, b, 'SENDING', 'PENDING', '2026-03-01T05:00:00.000Z', { route: 'batch' });
    audit('TA1', ids[0]!, b, 'PENDING', 'SUCCESS', '2026-03-01T05:10:00.000Z', { utr: '400000000001' });
    audit('TB1', 99, other, 'SENDING', 'PENDING', '2026-03-01T05:11:00.000Z');
    appendAudit(t.db, {
      entity: 'batch',
      entityId: String(b),
      action: 'confirm',
      fromState: 'DRAFT',
      toState: 'CONFIRMED',
      at: '2026-03-01T04:59:00.000Z',
    });

    const rec = planRecorder(t.db);
    const d = getBatchDetail(rec.db, b, { limit: 3, withTimelines: true });
    expect(d.batch.name).toBe('April vendors');
    expect(d.totalsByStatus).toEqual([
      { state: 'CANCELLED', count: 1, amountPaise: 999 },
      { state: 'FAILED', count: 1, amountPaise: 1 },
      { state: 'SUCCESS', count: 2, amountPaise: 150_050 + 10_00_000_00 },
      { state: 'UNKNOWN', count: 1, amountPaise: 2500 },
    ]);
    expect(d.total).toEqual({ count: 4, amountPaise: 150_050 + 10_00_000_00 + 1 + 2500 });
    expect(d.total.amountPaise).toBe(d.batch.totalPaise);
    expect(d.totalsByMode.find((m) => m.mode === 'UPI')).toEqual({ mode: 'UPI', count: 1, amountPaise: 2500 });
    // Sheet order is row_number order.
    expect(d.rows.rows.map((r) => r.transactionId)).toEqual(['TA5', 'TA4', 'TA3']);
    expect(d.events.map((e) => e.action)).toEqual(['confirm']);
    const next = getBatchDetail(t.db, b, { limit: 3, after: d.rows.nextCursor, withTimelines: true });
    expect(next.rows.rows.map((r) => r.transactionId)).toEqual(['TA2', 'TA1']);
    expect(next.timelines?.[ids[0]!]?.map((e) => `${e.fromState}>${e.toState}`)).toEqual([
      'SENDING>PENDING',
      'PENDING>SUCCESS',
    ]);
    expect(next.timelines?.[ids[0]!]?.[1]?.data).toMatchObject({ utr: '400000000001' });
    expect(next.timelines?.[ids[1]!]).toEqual([]);
    expect(rec.plans.length).toBeGreaterThan(3);
    expect(rec.plans.flatMap((p) => fullScans(p.detail))).toEqual([]);
  });

  it('payout timeline, not found, and batch list with counts by state', () => {
    const b = addBatch(t.db, { environment: 'production' });
    const id = addPayout(t.db, { batchId: b, transactionId: 'TX1', state: 'FAILED', amountPaise: 100 });
    audit('TX1', id, b, 'PROCESSING', 'FAILED', '2026-03-02T00:00:00.000Z');
    expect(payoutTimeline(t.db, id)).toMatchObject({ transactionId: 'TX1', entries: [{ toState: 'FAILED' }] });
    expect(() => payoutTimeline(t.db, 12345)).toThrow(/No such payout/);
    expect(() => getBatchDetail(t.db, 999)).toThrow(/No such batch/);
    const s = addBatch(t.db, { environment: 'sandbox' });
    addPayout(t.db, { batchId: s, transactionId: 'TS1', state: 'SUCCESS', amountPaise: 100 });
    addPayout(t.db, { batchId: s, transactionId: 'TS2', state: 'SUCCESS', amountPaise: 100 });
    const all = listBatches(t.db, { limit: 1 });
    expect(all.batches.map((x) => x.id)).toEqual([s]);
    expect(all.batches[0]!.countsByState).toEqual({ SUCCESS: 2 });
    expect(listBatches(t.db, { limit: 1, beforeId: all.nextBeforeId! }).batches.map((x) => x.id)).toEqual([b]);
    expect(listBatches(t.db, { environment: 'production' }).batches.map((x) => x.id)).toEqual([b]);
  });
});

describe('aging board', () => {
  it('buckets waiting rows by time since they were sent (< 1 h, < 1 day, < 3 days, older)', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const b = addBatch(t.db);
    const prod = addBatch(t.db, { environment: 'production' });
    const H = 3_600_000;
    const D = 24 * H;
    const add = (txn: string, state: string, sentAgo: number | null, amountPaise: number, batchId = b) =>
      addPayout(t.db, {
        batchId,
        transactionId: txn,
        state,
        amountPaise,
        sentAt: sentAgo === null ? null : ago(sentAgo),
        createdAt: ago(10 * D),
      });
    add('A1', 'PENDING', 59 * 60_000, 100);
    add('A2', 'UNKNOWN', H, 200); // exactly one hour: no longer "under 1 hour"
    add('A3', 'PROCESSING', 23 * H, 300);
    add('A4', 'PROCESSING', 2 * D, 400);
    add('A5', 'UNKNOWN', 3 * D + 1, 500);
    add('A6', 'PENDING', null, 600); // never sent: counts from creation (10 days)
    add('A7', 'SUCCESS', 60_000, 700); // final: not on the board
    add('A8', 'PENDING', 60_000, 800, prod);
    const rec = planRecorder(t.db);
    const board = agingBoard(rec.db, { now, environment: 'sandbox', rowsPerBucket: 1 });
    const by = Object.fromEntries(board.buckets.map((x) => [x.key, x]));
    expect(by.under1h).toMatchObject({ count: 1, amountPaise: 100, byState: { PENDING: 1 } });
    expect(by.under1d).toMatchObject({ count: 2, amountPaise: 500, byState: { UNKNOWN: 1, PROCESSING: 1 } });
    expect(by.under3d).toMatchObject({ count: 1, amountPaise: 400 });
    expect(by.older).toMatchObject({ count: 2, amountPaise: 1100 });
    // Oldest first, limited per bucket, with the age.
    expect(by.older!.rows.map((r) => r.transactionId)).toEqual(['A6']);
    expect(by.older!.rows[0]!.ageMs).toBe(10 * D);
    expect(by.under1d!.rows.map((r) => r.transactionId)).toEqual(['A3']);
    expect(board.count).toBe(6);
    expect(agingBoard(t.db, { now }).count).toBe(7);
    expect(rec.plans.flatMap((p) => fullScans(p.detail))).toEqual([]);
  });
});

describe('audit log viewer', () => {
  it('lists newest first with filters and paging, and names the first broken link after an edit', () => {
    for (let i = 0; i < 7; i++) {
      appendAudit(t.db, {
        entity: i % 2 ? 'batch' : 'payout',
        entityId: `E${i}`,
        action: i < 3 ? 'send' : 'result',
        at: `2026-03-0${i + 1}T00:00:00.000Z`,
      });
    }
    const first = listAudit(t.db, {}, { limit: 3 });
    expect(first.entries.map((e) => e.entityId)).toEqual(['E6', 'E5', 'E4']);
    expect(listAudit(t.db, {}, { limit: 3, beforeId: first.nextBeforeId }).entries.map((e) => e.entityId)).toEqual([
      'E3',
      'E2',
      'E1',
    ]);
    expect(listAudit(t.db, { entity: 'batch' }).entries.map((e) => e.entityId)).toEqual(['E5', 'E3', 'E1']);
    expect(listAudit(t.db, { entity: 'payout', entityId: 'E2' }).entries).toHaveLength(1);
    expect(listAudit(t.db, { action: 'send' }).entries.map((e) => e.entityId)).toEqual(['E2', 'E1', 'E0']);
    expect(() => listAudit(t.db, { entityId: 'E2' })).toThrow(/kind of record/);
    expect(verifyChain(t.db)).toEqual({ ok: true, entries: 7 });

    // Someone edits the file with a SQLite tool: drop the guard trigger and change an old entry.
    t.db.exec('DROP TRIGGER audit_log_no_update');
    const target = listAudit(t.db, { entity: 'payout', entityId: 'E2' }).entries[0]!;
    t.db.prepare("UPDATE audit_log SET to_state = 'SUCCESS' WHERE id = ?").run(target.id);
    const report = verifyChain(t.db);
    expect(report).toMatchObject({ ok: false, brokenAtId: target.id, reason: 'entry content was changed' });
    expect(report.ok === false && report.entry?.toState).toBe('SUCCESS');
  });
});
