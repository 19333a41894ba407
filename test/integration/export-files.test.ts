import ExcelJS from 'exceljs';
import { sqliteStore, type Store } from '../../src/main/db/store/store';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/domain/errors';
import Papa from 'papaparse';
import { totalPayoutsOps } from '../../src/main/services/history/search';
import {
  exportBatchOn,
  exportHistoryOn,
  exportReconciliationOn,
  type ExportProgress,
} from '../../src/main/services/exports/jobs';
import { createLogger } from '../../src/main/log';
import { reconcileStatement } from '../../src/main/services/statement-recon/reconcile';
import { buildScenario, fakeStatementClient, RANGE } from '../unit/history/recon-scenario';
import { addBatch, addPayout, openTestDb, seedVaried, type TestDb } from '../unit/history/seed';
import { ENGINES, openTestStore } from '../support/test-store';
import { mirrorSeed } from './support/seed-mirror';

/**
 * The fixtures are seeded into a SQLite file (t.db, the history seeders' own); on PostgreSQL they are then copied
 * (ids kept) into a fresh database, and the exports read that store.
 */
let t: TestDb;
let store: Store;
let closeStore: () => Promise<void> = async () => {};
afterEach(async () => {
  await closeStore();
  closeStore = async () => {};
  t.close();
});

async function openFor(engine: 'sqlite' | 'pg'): Promise<void> {
  t = openTestDb();
  if (engine === 'sqlite') {
    store = sqliteStore(t.db);
  } else {
    const pg = await openTestStore('pg');
    store = pg.store;
    closeStore = () => pg.close();
  }
}
/** What the seeders wrote so far, in the store under test. */
const seeded = () => mirrorSeed(t.db, store);

const HOSTILE = ["=cmd|' /C calc'!A0", '+91 98765 43210', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

/** A batch with leading-zero accounts, long UTRs and a formula in every free-text field. */
async function hostileBatch(): Promise<number> {
  const b = addBatch(t.db, { name: '=Batch+1' });
  HOSTILE.forEach((text, i) =>
    addPayout(t.db, {
      batchId: b,
      rowNumber: i + 2,
      transactionId: `TXH${i}`,
      payeeName: text,
      accountNumber: `000${i}23456789012`,
      ifsc: 'SBIN0000300',
      amountPaise: 100_00 * (i + 1) + i,
      state: i % 2 ? 'FAILED' : 'SUCCESS',
      rejectCode: null,
      failureReason: i % 2 ? text : null,
      utr: i % 2 ? null : `00${i}123456789`,
      reference: text,
      remark: text,
      enkashTransactionId: `EK${i}`,
      createdAt: '2026-03-31T18:30:00.000Z',
      sentAt: '2026-03-31T18:31:00.000Z',
      finalAt: '2026-03-31T18:35:09.000Z',
    }),
  );
  await seeded();
  return b;
}

function csvRows(path: string): string[][] {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  // Read as plain CSV, not through the import pipeline: that one leaves "Total …" rows out of a payee sheet.
  const parsed = Papa.parse<string[]>(bytes.subarray(3).toString('utf8'), { skipEmptyLines: 'greedy' });
  if (parsed.errors.length) throw new Error(parsed.errors[0]!.message);
  // Line breaks inside a cell compared as LF, as the import pipeline (the reader these tests used before) gives them.
  return parsed.data
    .filter((row) => row.some((cell) => cell !== ''))
    .map((row) => row.map((cell) => cell.replace(/\r\n?/g, '\n')));
}

async function sheetOf(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe.each(ENGINES)('payout exports (%s)', (engine) => {
  beforeEach(() => openFor(engine));

  it('CSV: BOM, masked accounts, every hostile cell neutralised, IST times, totals rows', async () => {
    const b = await hostileBatch();
    const path = join(t.dir, 'batch.csv');
    const result = await exportBatchOn(store, b, { format: 'csv', path });
    expect(result).toMatchObject({ rows: 6, totalPaise: 2100_00 + 15 });
    const rows = csvRows(path);
    const h = rows[0]!;
    const col = (name: string) => h.indexOf(name);
    expect(h.slice(0, 6)).toEqual(['Batch', 'Batch name', 'Environment', 'Row', 'Transaction ID', 'EnKash ID']);
    const data = rows.slice(1, 7);
    // A CR inside a quoted cell reads back as a line break; the file itself holds it as written (checked below).
    const back = (text: string) => `'${text.replace('\r', '\n')}`;
    data.forEach((r, i) => {
      expect(r[col('Batch name')]).toBe("'=Batch+1");
      expect(r[col('Payee name')]).toBe(back(HOSTILE[i]!));
      expect(r[col('Reference')]).toBe(back(HOSTILE[i]!));
      expect(r[col('Remark')]).toBe(back(HOSTILE[i]!));
      expect(r[col('Account number')]).toBe(`********${`000${i}23456789012`.slice(-4)}`);
      expect(r[col('Amount (₹)')]).toBe(`${100 * (i + 1)}.${String(i).padStart(2, '0')}`);
      // 18:30 UTC on the 31st is midnight IST on 1 April.
      expect(r[col('Created (IST)')]).toBe('2026-04-01 00:00:00');
      expect(r[col('Final (IST)')]).toBe('2026-04-01 00:05:09');
    });
    const raw = readFileSync(path, 'utf8');
    expect(raw).toContain(`"'\r=1+1"`);
    expect(raw).toContain(`,'\t=1+1,`);
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(data[0]![col('UTR')]).toBe('000123456789');
    expect(data[1]![col('Failure reason')]).toBe(`'${HOSTILE[1]}`);
    // A blank line, then the totals: all rows, then per status (our reader skips the blank line).
    expect(raw.split('\r\n').slice(-5)).toEqual([
      ',,,,,,,,,,,,,,,,,,,,,,,,,,,',
      expect.stringMatching(/^Total,/),
      expect.stringMatching(/^Total FAILED,/),
      expect.stringMatching(/^Total SUCCESS,/),
      '',
    ]);
    expect([rows[7]![0], rows[7]![col('Row')], rows[7]![col('Amount (₹)')]]).toEqual(['Total', '6', '2100.15']);
    expect([rows[8]![0], rows[8]![col('Row')], rows[8]![col('Amount (₹)')]]).toEqual(['Total FAILED', '3', '1200.09']);
    expect([rows[9]![0], rows[9]![col('Row')], rows[9]![col('Amount (₹)')]]).toEqual(['Total SUCCESS', '3', '900.06']);
    // Nothing left but the file itself.
    expect(readdirSync(t.dir).filter((f) => f.startsWith('batch'))).toEqual(['batch.csv']);

    await exportBatchOn(store, b, { format: 'csv', path, fullAccount: true });
    expect(csvRows(path)[1]![col('Account number')]).toBe('000023456789012');

    // A cancelled row keeps its own line and stays out of the grand total, like the confirmed batch total.
    addPayout(t.db, { batchId: b, rowNumber: 99, transactionId: 'TXC', amountPaise: 5_00, state: 'CANCELLED' });
    await seeded();
    const withCancelled = await exportBatchOn(store, b, { format: 'csv', path });
    expect(withCancelled).toMatchObject({ rows: 7, totalPaise: 2100_15 });
    const footer = csvRows(path)
      .slice(8)
      .map((r) => [r[0], r[col('Row')], r[col('Amount (₹)')]]);
    expect(footer).toEqual([
      ['Total (not cancelled)', '6', '2100.15'],
      ['Total CANCELLED', '1', '5.00'],
      ['Total FAILED', '3', '1200.09'],
      ['Total SUCCESS', '3', '900.06'],
    ]);
  });

  it('XLSX round-trip: ids and accounts are text cells, money numbers, dates IST, formulas neutralised, totals bold', async () => {
    const b = await hostileBatch();
    const path = join(t.dir, 'batch.xlsx');
    await exportBatchOn(store, b, { format: 'xlsx', path, fullAccount: true });
    const ws = await sheetOf(path);
    expect(ws.name).toBe(`Batch ${b}`);
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const c = (name: string) => header.indexOf(name) + 1;
    expect(ws.getRow(1).font?.bold).toBe(true);
    for (let i = 0; i < HOSTILE.length; i++) {
      const row = ws.getRow(i + 2);
      const account = row.getCell(c('Account number'));
      expect(account.type).toBe(ExcelJS.ValueType.String);
      expect(account.value).toBe(`000${i}23456789012`);
      expect(account.numFmt).toBe('@');
      expect(row.getCell(c('Row')).value).toBe(String(i + 2));
      expect(row.getCell(c('Row')).type).toBe(ExcelJS.ValueType.String);
      // XML reads a CR back as LF (XML line-end normalisation); what matters is the leading apostrophe.
      expect(row.getCell(c('Payee name')).value).toBe(`'${HOSTILE[i]!.replace('\r', '\n')}`);
      expect(row.getCell(c('Remark')).type).toBe(ExcelJS.ValueType.String);
      const amount = row.getCell(c('Amount (₹)'));
      expect(amount.type).toBe(ExcelJS.ValueType.Number);
      expect(amount.value).toBe(Number(`${100 * (i + 1)}.${String(i).padStart(2, '0')}`));
      const created = row.getCell(c('Created (IST)'));
      expect(created.type).toBe(ExcelJS.ValueType.Date);
      expect((created.value as Date).toISOString()).toBe('2026-04-01T00:00:00.000Z');
    }
    const utr = ws.getRow(2).getCell(c('UTR'));
    expect([utr.type, utr.value]).toEqual([ExcelJS.ValueType.String, '000123456789']);
    expect(ws.getRow(3).getCell(c('UTR')).value).toBeNull();
    const total = ws.getRow(9);
    expect(total.getCell(1).value).toBe('Total');
    expect(total.getCell(c('Amount (₹)')).value).toBe(2100.15);
    expect(total.font?.bold).toBe(true);
    expect(ws.rowCount).toBe(1 + 6 + 1 + 3);
  });

  it('a filtered history view exports every match (not one page), with the same total as SQL', async () => {
    seedVaried(t.db, 3000, 9);
    await seeded();
    const filters = {
      environment: 'sandbox',
      states: ['SUCCESS', 'FAILED'] as ('SUCCESS' | 'FAILED')[],
      modes: ['IMPS' as const],
    };
    const expected = await store.run(totalPayoutsOps(filters));
    const progress: ExportProgress[] = [];
    const path = join(t.dir, 'history.csv');
    const result = await exportHistoryOn(
      store,
      { filters },
      { format: 'csv', path, pageSize: 97, onProgress: (p) => progress.push(p) },
    );
    expect(result.rows).toBe(expected.count);
    expect(result.totalPaise).toBe(expected.amountPaise);
    const rows = csvRows(path);
    // Header, the rows, then Total, Total FAILED, Total SUCCESS (the blank separator is skipped by our reader).
    expect(rows.length).toBe(1 + expected.count + 3);
    const statusCol = rows[0]!.indexOf('Status');
    expect(new Set(rows.slice(1, 1 + expected.count).map((r) => r[statusCol]))).toEqual(new Set(['SUCCESS', 'FAILED']));
    // Progress: starts at 0, never goes back, ends at the total.
    expect(progress[0]).toEqual({ written: 0, total: expected.count });
    expect(progress.at(-1)).toEqual({ written: expected.count, total: expected.count });
    expect(progress.every((p, i) => i === 0 || p.written >= progress[i - 1]!.written)).toBe(true);
    expect(progress).toHaveLength(1 + Math.ceil(expected.count / 97));
  });

  it.each(['csv', 'xlsx'] as const)(
    '%s: cancelling mid-way throws "cancelled" and leaves no file behind',
    async (format) => {
      seedVaried(t.db, 2000, 2);
      await seeded();
      const abort = new AbortController();
      const path = join(t.dir, `cancel.${format}`);
      const error = await exportHistoryOn(
        store,
        { filters: {} },
        {
          format,
          path,
          pageSize: 100,
          signal: abort.signal,
          onProgress: (p) => {
            if (p.written >= 300) abort.abort();
          },
        },
      ).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('cancelled');
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(t.dir).filter((f) => f.startsWith('cancel'))).toEqual([]);
    },
  );

  it('refuses an unknown batch, format or path', async () => {
    await expect(exportBatchOn(store, 42, { format: 'csv', path: join(t.dir, 'x.csv') })).rejects.toThrow(
      /No such batch/,
    );
    const b = addBatch(t.db);
    await seeded();
    await expect(exportBatchOn(store, b, { format: 'pdf' as never, path: join(t.dir, 'x.pdf') })).rejects.toThrow(
      /csv or xlsx/,
    );
    await expect(exportBatchOn(store, b, { format: 'csv', path: '' })).rejects.toThrow(/Choose a file/);
  });

  // SQLite only: on PostgreSQL this export never settles. The temp file's open fails (ENOENT) while the writer
  // awaits the first page from the database, with no 'error' listener on the stream yet (an unhandled error), and
  // the writer then waits for a 'finish' that a destroyed stream never emits (csv-writer.ts). On SQLite the pages
  // come back before the open fails, so the error reaches once(out, 'finish') and the export rejects.
  it('refuses a path whose folder does not exist, clearly, and creates no folder (csv and xlsx)', async () => {
    const b = addBatch(t.db);
    await seeded();
    // On PostgreSQL the first page is a real round trip: the failed open must still end the export, not hang it.
    for (const format of ['csv', 'xlsx'] as const) {
      const path = join(t.dir, 'missing', `x.${format}`);
      await expect(exportBatchOn(store, b, { format, path })).rejects.toThrow(/folder .*missing does not exist/);
    }
    expect(existsSync(join(t.dir, 'missing'))).toBe(false);
  });
});

describe.each(ENGINES)('reconciliation export (%s)', (engine) => {
  beforeEach(() => openFor(engine));

  it('lists lines with their matches, then payout issues, then totals; bank text neutralised', async () => {
    const s = fakeStatementClient(buildScenario(t.db).entries);
    await seeded();
    const { runId, summary } = await reconcileStatement(
      {
        store,
        now: () => new Date('2026-03-15T00:00:00Z'),
        log: createLogger(null),
        client: s,
        environment: 'sandbox',
      },
      RANGE,
    );
    const path = join(t.dir, 'recon.csv');
    const result = await exportReconciliationOn(store, runId, { format: 'csv', path });
    const rows = csvRows(path);
    const h = rows[0]!;
    const col = (name: string) => h.indexOf(name);
    const body = rows.slice(1, 1 + result.rows);
    expect(body.filter((r) => r[0] === 'Matched')).toHaveLength(20);
    expect(body.filter((r) => r[0] === 'Matched (outside range)')).toHaveLength(1);
    expect(body.filter((r) => r[0] === 'Unmatched statement line')).toHaveLength(5);
    expect(
      body
        .filter((r) => r[0] === 'Payout issue')
        .map((r) => r[col('Flag')])
        .sort(),
    ).toEqual(['no_debit', 'no_debit', 'refund_missing', 'reversal_credit_missing', 'reversal_not_recorded']);
    const charge = body.find((r) => r[col('Remarks')]?.includes('GST'))!;
    expect(charge[col('Remarks')]!.startsWith("'=HYPERLINK")).toBe(true);
    expect(body.find((r) => r[col('Statement type')] === 'XFER')![col('Remarks')]).toBe("'@SUM(A1)");
    const ambiguous = body.find((r) => r[col('Flag')] === 'ambiguous')!;
    expect([ambiguous[col('Matched by')], ambiguous[col('Confidence')], ambiguous[col('Transaction ID')]]).toEqual([
      'amount_date',
      '60%',
      'TXP7',
    ]);
    // Our reader skips the blank separator line.
    const footer = rows.slice(1 + result.rows);
    expect(footer.map((r) => [r[0], r[col('Line amount (₹)')]])).toEqual([
      ['Total debits in range', (summary.debitPaise / 100).toFixed(2)],
      ['Total credits in range', (summary.creditPaise / 100).toFixed(2)],
      ['Debits matched to payouts', (summary.matchedDebitPaise / 100).toFixed(2)],
      ['Debits not explained', '1711.80'],
      ['Credits not explained', '1000003.33'],
    ]);
  });
});
