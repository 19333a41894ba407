import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/domain/errors';
import { verifyAuditChain } from '../../../src/main/db/audit';
import { openDatabase, type Db } from '../../../src/main/db/open';
import { getBatchRow, insertBatch } from '../../../src/main/db/repos/batches-repo';
import { getPayout, insertPayout } from '../../../src/main/db/repos/payouts-repo';
import { editPayoutData, transitionBatch, transitionPayouts } from '../../../src/main/services/journal/transition';

let dir: string;
let db: Db;
let ids: number[];
const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, s));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-unit-'));
  db = openDatabase({ file: join(dir, 'j.sqlite') });
  const batchId = insertBatch(db, {
    importId: null,
    parentBatchId: null,
    name: 'b',
    environment: 'sandbox',
    kind: 'sheet',
    createdAt: t(0).toISOString(),
  });
  ids = [0, 1, 2].map((i) =>
    insertPayout(db, {
      batchId,
      chunkId: null,
      rowNumber: i + 2,
      transactionId: `TXN${i}`,
      payeeName: 'Asha Iyer',
      accountNumber: '123456789012',
      ifsc: 'HDFC0000001',
      amountPaise: 1000 + i,
      mode: 'IMPS',
      state: 'DRAFT',
      createdAt: t(0).toISOString(),
    }),
  );
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const audits = () =>
  db
    .prepare('SELECT entity_id AS e, action, from_state AS f, to_state AS t, data FROM audit_log ORDER BY id')
    .all() as { e: string; action: string; f: string; t: string; data: string }[];

describe('transitionPayouts (the one writer)', () => {
  it('moves rows and writes one chained audit entry per move, in the same transaction', () => {
    const r = transitionPayouts(
      db,
      ids.map((id) => ({ id, from: 'DRAFT' as const, to: 'READY' as const, action: 'confirm' })),
      { at: t(1) },
    );
    expect(r.applied).toEqual(ids);
    expect(ids.map((id) => getPayout(db, id)?.state)).toEqual(['READY', 'READY', 'READY']);
    expect(audits().map((a) => [a.e, a.action, a.f, a.t])).toEqual([
      ['TXN0', 'confirm', 'DRAFT', 'READY'],
      ['TXN1', 'confirm', 'DRAFT', 'READY'],
      ['TXN2', 'confirm', 'DRAFT', 'READY'],
    ]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 3 });
  });

  it('an illegal move throws and rolls back every change of the call', () => {
    expect(() =>
      transitionPayouts(
        db,
        [
          { id: ids[0]!, from: 'DRAFT', to: 'READY', action: 'confirm' },
          { id: ids[1]!, from: 'DRAFT', to: 'SUCCESS', action: 'bug' },
        ],
        { at: t(1) },
      ),
    ).toThrow(AppError);
    expect(getPayout(db, ids[0]!)?.state).toBe('DRAFT');
    expect(audits()).toHaveLength(0);
  });

  it('skips (never overwrites) a row that is no longer in the expected state', () => {
    transitionPayouts(db, [{ id: ids[0]!, from: 'DRAFT', to: 'CANCELLED', action: 'exclude' }], { at: t(1) });
    const r = transitionPayouts(db, [{ id: ids[0]!, from: 'DRAFT', to: 'READY', action: 'confirm' }], { at: t(2) });
    expect(r).toEqual({ applied: [], skipped: [{ id: ids[0], actual: 'CANCELLED' }] });
    expect(getPayout(db, ids[0]!)?.state).toBe('CANCELLED');
  });

  it('keeps the send bookkeeping: attempts, sent time, grace restart, acceptance and final times', () => {
    const id = ids[0]!;
    transitionPayouts(db, [{ id, from: 'DRAFT', to: 'READY', action: 'confirm' }], { at: t(1) });
    transitionPayouts(db, [{ id, from: 'READY', to: 'SENDING', action: 'send', set: { lastRoute: 'batch' } }], {
      at: t(2),
    });
    expect(getPayout(db, id)).toMatchObject({ attempts: 1, sentAt: t(2).toISOString(), lastRoute: 'batch' });
    // Provably not sent: back to READY and the attempt is taken back.
    transitionPayouts(db, [{ id, from: 'SENDING', to: 'READY', action: 'not-sent' }], { at: t(3) });
    expect(getPayout(db, id)?.attempts).toBe(0);
    transitionPayouts(db, [{ id, from: 'READY', to: 'SENDING', action: 'send' }], { at: t(4) });
    transitionPayouts(
      db,
      [{ id, from: 'SENDING', to: 'UNKNOWN', action: 'unknown', set: { searchedAt: t(5).toISOString() } }],
      { at: t(5) },
    );
    transitionPayouts(db, [{ id, from: 'UNKNOWN', to: 'SENDING', action: 'resend' }], { at: t(6) });
    expect(getPayout(db, id)).toMatchObject({ attempts: 2, sentAt: t(6).toISOString(), searchedAt: null });
    transitionPayouts(
      db,
      [
        {
          id,
          from: 'SENDING',
          to: 'PENDING',
          action: 'result',
          set: { enkashTransactionId: 'EK1', enkashStatus: 'PENDING' },
        },
      ],
      { at: t(7), schedule: (to, at) => (to === 'PENDING' ? new Date(at.getTime() + 30_000).toISOString() : null) },
    );
    expect(getPayout(db, id)).toMatchObject({
      acceptedAt: t(7).toISOString(),
      finalAt: null,
      nextCheckAt: t(37).toISOString(),
      enkashTransactionId: 'EK1',
    });
    transitionPayouts(
      db,
      [{ id, from: ['PENDING', 'PROCESSING'], to: 'SUCCESS', action: 'poll', set: { utr: '123456789012' } }],
      { at: t(8) },
    );
    expect(getPayout(db, id)).toMatchObject({
      acceptedAt: t(7).toISOString(),
      finalAt: t(8).toISOString(),
      utr: '123456789012',
      checks: 0,
    });
    const last = audits().at(-1)!;
    expect(JSON.parse(last.data)).toMatchObject({ utr: '123456789012', payoutId: id });
  });

  it('editPayoutData audits which fields changed, never their values, and only in the expected state', () => {
    const id = ids[1]!;
    expect(editPayoutData(db, id, 'REJECTED', { remark: 'x' }, t(1))).toBe(false);
    transitionPayouts(db, [{ id, from: 'DRAFT', to: 'READY', action: 'confirm' }], { at: t(1) });
    transitionPayouts(db, [{ id, from: 'READY', to: 'SENDING', action: 'send' }], { at: t(2) });
    transitionPayouts(
      db,
      [{ id, from: 'SENDING', to: 'REJECTED', action: 'result', set: { rejectCode: 'REJECT_BENEF_ACC' } }],
      { at: t(3) },
    );
    expect(editPayoutData(db, id, 'REJECTED', { account_number: '999988887777', remark: 'Fixed' }, t(4))).toBe(true);
    expect(getPayout(db, id)).toMatchObject({ accountNumber: '999988887777', remark: 'Fixed', state: 'REJECTED' });
    const edit = audits().at(-1)!;
    expect(edit.action).toBe('edit');
    expect(JSON.parse(edit.data).fields).toEqual(['account_number', 'remark']);
    expect(edit.data).not.toContain('999988887777');
  });
});

describe('transitionBatch', () => {
  it('stamps confirmation and finish times and refuses illegal moves', () => {
    const batchId = getPayout(db, ids[0]!)!.batchId;
    expect(transitionBatch(db, batchId, ['DRAFT'], 'CONFIRMED', { at: t(1), action: 'confirm' })).toBe(true);
    expect(getBatchRow(db, batchId)).toMatchObject({ state: 'CONFIRMED', confirmedAt: t(1).toISOString() });
    expect(transitionBatch(db, batchId, ['DRAFT'], 'CONFIRMED', { at: t(2), action: 'confirm' })).toBe(false);
    expect(() => transitionBatch(db, batchId, ['CONFIRMED'], 'DRAFT', { at: t(2), action: 'bug' })).toThrow(AppError);
    transitionBatch(db, batchId, ['CONFIRMED'], 'PAUSED', { at: t(3), action: 'auto-pause', lastError: 'EnKash down' });
    expect(getBatchRow(db, batchId)?.lastError).toBe('EnKash down');
    transitionBatch(db, batchId, ['PAUSED'], 'SENDING', { at: t(4), action: 'resume', lastError: null });
    transitionBatch(db, batchId, ['SENDING'], 'SENT', { at: t(5), action: 'all-sent' });
    expect(getBatchRow(db, batchId)).toMatchObject({ state: 'SENT', finishedAt: t(5).toISOString(), lastError: null });
  });
});
