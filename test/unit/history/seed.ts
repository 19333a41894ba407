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

export const NAMES = [
  'Ravi Kumar',
  'Asha Iyer',
  'Meena Sharma',
  'Arjun Reddy',
  'Kavya Nair',
  'Imran Khan',
  'Sneha Das',
];
export const STATES = [
  'SUCCESS',
  'SUCCESS',
  'SUCCESS',
  'FAILED',
  'PROCESSING',
  'PENDING',
  'REVERSED',
  'UNKNOWN',
  'REJECTED',
];
export const MODES = ['IMPS', 'NEFT', 'RTGS', 'UPI'];

/** The IST day index → a UTC ISO time on that IST day (hour in IST). */
export function istTime(day: string, hour = 10, minute = 0): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - 330 * 60_000 + (hour * 60 + minute) * 60_000).toISOString();
}

export type SeededRow = {
  id: number;
  batchId: number;
  environment: string;
  transactionId: string;
  enkashTransactionId: string | null;
  payeeName: string | null;
  beneficiaryId: string | null;
  accountNumber: string | null;
  vpa: string | null;
  amountPaise: number;
  mode: string;
  state: string;
  utr: string | null;
  createdAt: string;
  rowNumber: number;
};

const EXTRA = ['Bcd', 'Éclair', 'Zed', 'Kumaran', 'Om'];
const AMOUNTS = [50_000, 123_456, 1_000_000, 99];

/**
 * A varied history: two environments, several batches, payees with and without names, bank and UPI rows,
 * repeated amounts and account endings, every state, creation times across IST day boundaries.
 */
export function seedVaried(db: Db, rows: number, seed = 1): SeededRow[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const out: SeededRow[] = [];
  db.transaction(() => {
    const batches: { id: number; environment: string }[] = [];
    for (let b = 0; b < 8; b++) {
      const environment = b % 4 === 3 ? 'production' : 'sandbox';
      batches.push({ id: addBatch(db, { environment, name: `Batch ${b}` }), environment });
    }
    const base = Date.UTC(2026, 2, 1, 18, 30);
    for (let i = 0; i < rows; i++) {
      const batch = pick(batches);
      const mode = pick(MODES);
      const upi = mode === 'UPI';
      const named = r() > 0.1;
      const state = pick(STATES);
      const accepted = ['SUCCESS', 'FAILED', 'PROCESSING', 'PENDING', 'REVERSED'].includes(state);
      // Some rows sit exactly on an IST midnight (18:30:00.000Z) or just before it.
      const edge = i % 17 === 0 ? 0 : i % 19 === 0 ? -1 : Math.floor(r() * 86_400_000);
      const createdAt = new Date(base + Math.floor(r() * 20) * 86_400_000 + edge).toISOString();
      const account = upi
        ? null
        : String(100000000000 + Math.floor(r() * 899999999999)).slice(0, 8) +
          pick(['1234', '5678', '0042', String(1000 + i)]);
      const row = {
        batchId: batch.id,
        rowNumber: i + 2,
        transactionId: `PD${String(i).padStart(6, '0')}X${seed}`,
        payeeName: named ? `${pick(NAMES)} ${pick(EXTRA)}` : null,
        beneficiaryId: named ? null : `BEN${i}`,
        accountNumber: account,
        ifsc: upi ? null : 'HDFC0000001',
        vpa: upi ? `payee${i % 50}@okhdfcbank` : null,
        amountPaise: r() < 0.3 ? pick(AMOUNTS) : 100 + Math.floor(r() * 10_000_000),
        mode,
        state,
        enkashTransactionId: accepted ? `EK${i}` : null,
        utr: state === 'SUCCESS' || state === 'REVERSED' ? String(400000000000 + i) : null,
        createdAt,
      };
      const id = addPayout(db, row);
      out.push({ ...row, id, environment: batch.environment });
    }
  })();
  return out;
}
