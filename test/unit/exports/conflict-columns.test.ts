import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportHistory } from '../../../src/main/services/exports/jobs';
import { PAYOUT_COLUMNS } from '../../../src/main/services/exports/payout-columns';
import { issueCells, RECON_COLUMNS } from '../../../src/main/services/exports/recon-columns';
import { parseCsvBytes } from '../../../src/shared/sheet/csv-parse';
import { addBatch, addPayout, openTestDb, type TestDb } from '../history/seed';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

const THEIRS = {
  amountPaise: 1_23_456_78,
  beneficiaryId: 'BEN-OTHER',
  accountNumber: '99998888777766',
  ifsc: 'HDFC0000001',
  vpa: null,
  mode: 'NEFT',
  status: 'SUCCESS',
  enkashTransactionId: 'EK-9',
  createdOn: '2026-03-01T10:00:00+05:30',
  fields: ['amount', 'beneficiaryId', 'mode'],
};

function csv(path: string): string[][] {
  const parsed = parseCsvBytes(new Uint8Array(readFileSync(path)), 'x.csv');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return [parsed.sheet.headers, ...parsed.sheet.rows];
}

describe('history export: conflict and flag columns (issue 9 §3, §6)', () => {
  it('appends Flag and EnKash’s side after the original columns, filled only for a CONFLICT', async () => {
    // The original columns keep their positions; the new ones come last.
    expect(PAYOUT_COLUMNS.slice(0, 6).map((c) => c.header)).toEqual([
      'Batch',
      'Batch name',
      'Environment',
      'Row',
      'Transaction ID',
      'EnKash ID',
    ]);
    expect(PAYOUT_COLUMNS.slice(-5).map((c) => c.header)).toEqual([
      'Flag',
      'EnKash amount (₹)',
      'EnKash payee',
      'EnKash mode',
      'Differs in',
    ]);
    const b = addBatch(t.db);
    const conflict = addPayout(t.db, {
      batchId: b,
      transactionId: 'TXC1',
      amountPaise: 1500_00,
      state: 'CONFLICT',
      createdAt: '2026-03-01T04:30:00.000Z',
    });
    const flagged = addPayout(t.db, {
      batchId: b,
      transactionId: 'TXF1',
      amountPaise: 200_00,
      state: 'PROCESSING',
      createdAt: '2026-03-01T04:31:00.000Z',
    });
    t.db.prepare('UPDATE payouts SET conflict = ? WHERE id = ?').run(JSON.stringify(THEIRS), conflict);
    t.db.prepare("UPDATE payouts SET flag = 'unknown_status' WHERE id = ?").run(flagged);

    const path = join(t.dir, 'h.csv');
    await exportHistory(t.db, { filters: {}, sort: { key: 'createdAt', direction: 'asc' } }, { format: 'csv', path });
    const rows = csv(path);
    const h = rows[0]!;
    const col = (name: string) => h.indexOf(name);
    const c = rows.find((r) => r[col('Transaction ID')] === 'TXC1')!;
    const f = rows.find((r) => r[col('Transaction ID')] === 'TXF1')!;
    expect(c[col('Status')]).toBe('CONFLICT');
    expect(c[col('Amount (₹)')]).toBe('1500.00');
    expect(c[col('EnKash amount (₹)')]).toBe('123456.78');
    // Masked like our own account column unless the full account was asked for.
    expect(c[col('EnKash payee')]).toBe('BEN-OTHER · ********7766 @ HDFC0000001');
    expect(c[col('EnKash mode')]).toBe('NEFT');
    expect(c[col('Differs in')]).toBe('amount, beneficiaryId, mode');
    expect(f[col('Flag')]).toMatch(/status we do not know/);
    expect([f[col('EnKash amount (₹)')], f[col('EnKash payee')], f[col('EnKash mode')]]).toEqual(['', '', '']);

    await exportHistory(t.db, { filters: {} }, { format: 'csv', path, fullAccount: true });
    const full = csv(path).find((r) => r[col('Transaction ID')] === 'TXC1')!;
    expect(full[col('EnKash payee')]).toBe('BEN-OTHER · 99998888777766 @ HDFC0000001');
  });
});

describe('reconciliation export: the payout’s flag and EnKash’s side', () => {
  it('appends them after the original columns, one cell per header', () => {
    expect(RECON_COLUMNS.slice(-5).map((c) => c.header)).toEqual([
      'Payout flag',
      'EnKash amount (₹)',
      'EnKash payee',
      'EnKash mode',
      'Differs in',
    ]);
    const payout = {
      id: 1,
      batchId: 2,
      rowNumber: 3,
      transactionId: 'TXC1',
      enkashTransactionId: null,
      payeeName: 'Ravi Kumar',
      account: '********9012',
      ifsc: 'SBIN0000300',
      vpa: null,
      mode: 'IMPS',
      amountPaise: 1500_00,
      state: 'CONFLICT',
      utr: null,
      flag: null,
      conflict: JSON.stringify(THEIRS),
    };
    const issue = { issue: 'no_debit' as const, payoutStateAtRun: 'CONFLICT', note: null, payout };
    const cells = issueCells(issue as Parameters<typeof issueCells>[0]);
    expect(cells).toHaveLength(RECON_COLUMNS.length);
    expect(cells.slice(-5)).toEqual([
      null,
      1_23_456_78,
      'BEN-OTHER · ********7766 @ HDFC0000001',
      'NEFT',
      'amount, beneficiaryId, mode',
    ]);
    const paid = issueCells({
      ...issue,
      payout: { ...payout, state: 'SUCCESS', flag: 'settled_by_person' },
    } as Parameters<typeof issueCells>[0]);
    expect(paid.slice(-5)).toEqual([expect.stringMatching(/Settled by a person/), null, null, null, null]);
  });
});
