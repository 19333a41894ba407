/** Test data for history, dashboard, reconciliation and export tests: rows inserted straight into SQLite. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/db/open';

export type TestDb = { db: Db; dir: string; close: () => void };

export function openTestDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'payout-history-'));
  const db = openDatabase({ file: join(dir, 'desk.sqlite') });
  return {
    db,
    dir,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type SeedBatch = { name?: string; environment?: string; state?: string; createdAt?: string; kind?: string };

export function addBatch(db: Db, b: SeedBatch = {}): number {
  const info = db
    .prepare(
      `INSERT INTO batches (name, environment, state, kind, row_count, total_paise, created_at)
       VALUES (@name, @environment, @state, @kind, 0, 0, @createdAt)`,
    )
    .run({
      name: b.name ?? 'March salaries',
      environment: b.environment ?? 'sandbox',
      state: b.state ?? 'SENT',
      kind: b.kind ?? 'sheet',
      createdAt: b.createdAt ?? '2026-03-01T04:30:00.000Z',
    });
  return Number(info.lastInsertRowid);
}

export type SeedPayout = {
  batchId: number;
  rowNumber?: number;
  transactionId: string;
  payeeName?: string | null;
  beneficiaryId?: string | null;
  accountNumber?: string | null;
  ifsc?: string | null;
  vpa?: string | null;
  amountPaise: number;
  mode?: string;
  state?: string;
  enkashStatus?: string | null;
  enkashTransactionId?: string | null;
  utr?: string | null;
  rejectCode?: string | null;
  failureReason?: string | null;
  reference?: string | null;
  remark?: string | null;
  createdAt?: string;
  sentAt?: string | null;
  acceptedAt?: string | null;
  finalAt?: string | null;
};

let rowCounter = 0;

export function addPayout(db: Db, p: SeedPayout): number {
  const createdAt = p.createdAt ?? '2026-03-01T04:30:00.000Z';
  const info = db
    .prepare(
      `INSERT INTO payouts (batch_id, row_number, transaction_id, beneficiary_id, payee_name, account_number, ifsc, vpa,
         amount_paise, mode, state, enkash_status, enkash_transaction_id, utr, reject_code, failure_reason, reference,
         remark, created_at, sent_at, accepted_at, final_at, updated_at)
       VALUES (@batchId, @rowNumber, @transactionId, @beneficiaryId, @payeeName, @accountNumber, @ifsc, @vpa,
         @amountPaise, @mode, @state, @enkashStatus, @enkashTransactionId, @utr, @rejectCode, @failureReason, @reference,
         @remark, @createdAt, @sentAt, @acceptedAt, @finalAt, @createdAt)`,
    )
    .run({
      rowNumber: p.rowNumber ?? ++rowCounter + 1,
      beneficiaryId: null,
      payeeName: 'Ravi Kumar',
      accountNumber: '000123456789',
      ifsc: 'HDFC0000001',
      vpa: null,
      mode: 'IMPS',
      state: 'SUCCESS',
      enkashStatus: null,
      enkashTransactionId: null,
      utr: null,
      rejectCode: null,
      failureReason: null,
      reference: null,
      remark: null,
      sentAt: null,
      acceptedAt: null,
      finalAt: null,
      ...p,
      createdAt,
    });
  return Number(info.lastInsertRowid);
}

/** Recomputes a batch's row_count / total_paise like staging does. */
export function refreshTotals(db: Db, batchId: number): void {
  db.prepare(
    `UPDATE batches SET row_count = (SELECT count(*) FROM payouts WHERE batch_id = @id AND state != 'CANCELLED'),
       total_paise = (SELECT coalesce(sum(amount_paise), 0) FROM payouts WHERE batch_id = @id AND state != 'CANCELLED')
     WHERE id = @id`,
  ).run({ id: batchId });
}

/** xorshift PRNG: the same data on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export const NAMES = ['Ravi Kumar', 'Asha Iyer', 'Meena Sharma', 'Arjun Reddy', 'Kavya Nair', 'Imran Khan', 'Sneha Das'];
export const STATES = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED', 'PROCESSING', 'PENDING', 'REVERSED', 'UNKNOWN', 'REJECTED'];
export const MODES = ['IMPS', 'NEFT', 'RTGS', 'UPI'];

/** The IST day index → a UTC ISO time on that IST day (hour in IST). */
export function istTime(day: string, hour = 10, minute = 0): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - 330 * 60_000 + (hour * 60 + minute) * 60_000).toISOString();
}
