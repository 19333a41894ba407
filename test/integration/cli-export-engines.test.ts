import ExcelJS from 'exceljs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import { appendAuditOps } from '../../src/main/db/audit';
import { all, q, transaction, type Engine, type Ops } from '../../src/main/db/store/ops';
import { saveRunOps, summarise } from '../../src/main/services/statement-recon/store';
import type { MatchedLine, PayoutIssue, PayoutLite } from '../../src/main/services/statement-recon/types';
import { ENGINES } from '../support/test-store';
import {
  MIXED_ROWS,
  neutral,
  openEngineDesk,
  runOn,
  SEED_AT,
  seedDeskOps,
  type EngineDesk,
} from './support/cli-engines';

/**
 * `export` on both engines (issue 13 point 3): a batch and a filtered history to CSV and XLSX, and the Tally file
 * with its remembered ledgers, and a stored statement reconciliation (`--recon`), come out the same from the data
 * folder's SQLite file and from PostgreSQL.
 */

type Outcome = { code: number; out: string[]; err: string[]; file: string | null };

const CASES: { name: string; file: string; args: (out: string) => string[]; read?: 'xlsx' }[] = [
  { name: 'a batch to CSV', file: 'batch.csv', args: (o) => ['--batch', '1', '--format', 'csv', '--out', o] },
  {
    name: 'a batch to CSV with full accounts, JSON',
    file: 'full.csv',
    args: (o) => ['--batch', '2', '--format', 'csv', '--full-account', '--out', o, '--json'],
  },
  {
    name: 'the filtered history to XLSX',
    file: 'history.xlsx',
    args: (o) => ['--all', '--status', 'SUCCESS,REVERSED', '--payee', 'kumar', '--format', 'xlsx', '--out', o],
    read: 'xlsx',
  },
  {
    name: 'all history by amount to CSV',
    file: 'all.csv',
    args: (o) => ['--all', '--sort', 'amount', '--asc', '--format', 'csv', '--out', o],
  },
  { name: 'no such batch', file: 'none.csv', args: (o) => ['--batch', '9', '--format', 'csv', '--out', o] },
  {
    name: 'Tally without a bank ledger',
    file: 'no-ledger.xml',
    args: (o) => ['--all', '--format', 'tally', '--out', o],
  },
  {
    name: 'Tally naming the bank ledger and party ledgers',
    file: 'tally.xml',
    args: (o) => [
      '--batch',
      '1',
      '--format',
      'tally',
      '--bank-ledger',
      'HDFC Current A/c',
      '--party-ledgers',
      join(o, '..', 'parties.csv'),
      '--company',
      'Acme Pvt Ltd',
      '--out',
      o,
    ],
  },
  {
    name: 'Tally again, the ledgers remembered, JSON',
    file: 'tally-all.xml',
    args: (o) => ['--all', '--format', 'tally', '--out', o, '--json'],
  },
  { name: 'a reconciliation to CSV', file: 'recon.csv', args: (o) => ['--recon', '1', '--format', 'csv', '--out', o] },
  {
    name: 'a reconciliation to XLSX with full accounts, JSON',
    file: 'recon.xlsx',
    args: (o) => ['--recon', '1', '--format', 'xlsx', '--full-account', '--out', o, '--json'],
    read: 'xlsx',
  },
  {
    name: 'no such reconciliation',
    file: 'none-recon.csv',
    args: (o) => ['--recon', '2', '--format', 'csv', '--out', o],
  },
];

type SeededPayout = { id: number; transactionId: string; amountPaise: number; state: string; utr: string | null };

/**
 * One stored run over the seeded payouts, saved the way `reconcile` saves it (statement-recon/store.ts) on either
 * engine: a debit matched by UTR, a refund credit, a reversal the desk has not recorded, a debit nobody explains,
 * a margin line outside the range, and a payout with no debit.
 */
function* seedReconOps(): Ops<number> {
  const payouts = yield* all<SeededPayout>(
    q`SELECT id, transaction_id AS "transactionId", amount_paise AS "amountPaise", state, utr FROM payouts ORDER BY id`,
  );
  const lite = (n: number): PayoutLite => {
    const p = payouts[n]!;
    return {
      id: p.id,
      transactionId: p.transactionId,
      enkashTransactionId: `EK${n}`,
      utr: p.utr,
      reference: null,
      amountPaise: p.amountPaise,
      state: p.state as PayoutLite['state'],
      createdAt: SEED_AT,
      sentAt: SEED_AT,
      acceptedAt: SEED_AT,
      finalAt: SEED_AT,
    };
  };
  const line = (seq: number, over: Partial<MatchedLine>): MatchedLine => ({
    seq,
    transactionId: `STMT${seq}`,
    transactionDate: '2026-03-02 12:30:00',
    valueDate: '2026-03-02',
    transactionType: 'DEBIT',
    direction: 'DEBIT',
    remarks: `Line ${seq}`,
    referenceNumber: null,
    mode: 'IMPS',
    amountPaise: 100,
    runningBalancePaise: 10_00_000_00 - seq * 100,
    at: Date.parse(SEED_AT),
    inRange: true,
    match: null,
    flags: [],
    ...over,
  });
  const lines: MatchedLine[] = [
    line(1, { inRange: false, amountPaise: 42_00, remarks: 'Before the range' }),
    line(2, {
      amountPaise: 1_500_00,
      referenceNumber: 'UTR0001',
      match: { payout: lite(0), method: 'utr', confidence: 100, role: 'payment' },
    }),
    line(3, {
      amountPaise: 25_000_00,
      match: { payout: lite(1), method: 'transaction_id', confidence: 100, role: 'payment' },
    }),
    line(4, {
      direction: 'CREDIT',
      transactionType: 'CREDIT',
      amountPaise: 25_000_00,
      match: { payout: lite(1), method: 'transaction_id', confidence: 100, role: 'refund' },
    }),
    line(5, {
      direction: 'CREDIT',
      transactionType: 'REVERSAL',
      amountPaise: 12_345_67,
      match: { payout: lite(5), method: 'utr', confidence: 100, role: 'reversal' },
      flags: ['reversal_not_recorded', 'reversal'],
    }),
    line(6, { amountPaise: 777_77, flags: ['unknown_debit'] }),
  ];
  const issues: PayoutIssue[] = [
    { payout: lite(5), issue: 'reversal_not_recorded', note: 'Returned by the bank; still SUCCESS here' },
    { payout: lite(2), issue: 'no_debit', note: 'No debit on the statement' },
  ];
  return yield* saveRunOps(
    {
      environment: 'sandbox',
      fromDate: '2026-03-02',
      toDate: '2026-03-02',
      rangeStart: '2026-03-01T18:30:00.000Z',
      rangeEnd: '2026-03-02T18:30:00.000Z',
      fetchedStart: '2026-02-28T18:30:00.000Z',
      fetchedEnd: '2026-03-03T18:30:00.000Z',
      debitAccount: '50200012345678',
      requestIds: ['req-1'],
      createdAt: SEED_AT,
    },
    lines,
    issues,
    summarise(lines, issues, payouts.length),
  );
}

async function xlsxCells(path: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return [[book.worksheets[0]!.name], ...rows];
}

const results: Record<Engine, Map<string, Outcome>> = { sqlite: new Map(), pg: new Map() };
const desks: EngineDesk[] = [];

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    await desk.store.run(seedDeskOps(MIXED_ROWS));
    // The reversed payout went SUCCESS before it came back: its payment date comes from the audit log.
    await desk.store.run(
      transaction(() =>
        appendAuditOps({
          entity: 'payout',
          entityId: 'ENG0003',
          action: 'transition',
          fromState: 'PENDING',
          toState: 'SUCCESS',
          at: '2026-03-02T08:00:00.000Z',
        }),
      ),
    );
    expect(await desk.store.run(seedReconOps())).toBe(1);
    writeFileSync(join(desk.outDir, 'parties.csv'), 'Payee,Ledger\nRavi Kumar,Ravi Kumar (Vendor)\n');
    for (const c of CASES) {
      const path = join(desk.outDir, c.file);
      const r = await runOn(desk, 'export', c.args(path));
      const file = !existsSync(path)
        ? null
        : c.read === 'xlsx'
          ? JSON.stringify(await xlsxCells(path))
          : readFileSync(path, 'utf8');
      results[engine].set(c.name, {
        code: r.code,
        out: r.out.map((l) => neutral(desk, l)),
        err: r.err.map((l) => neutral(desk, l)),
        file,
      });
    }
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('export: the same files on SQLite and PostgreSQL', () => {
  it.each(CASES.map((c) => c.name))('%s', (name) => {
    expect(results.pg.get(name)).toEqual(results.sqlite.get(name));
  });

  it('the files hold the seeded payouts (not two equal mistakes)', () => {
    const batch = results.sqlite.get('a batch to CSV')!;
    expect(batch.code).toBe(0);
    expect(batch.out).toEqual(['Wrote 4 rows (₹2,53,001.00) to <out>/batch.csv']);
    expect(batch.file!.startsWith('\ufeff')).toBe(true);
    expect(batch.file).toContain('ENG0000');
    expect(batch.file).toContain('********1000');
    const full = results.sqlite.get('a batch to CSV with full accounts, JSON')!;
    expect(JSON.parse(full.out[0]!)).toMatchObject({ rows: 3, format: 'csv' });
    expect(full.file).toContain('501000001001');
    const history = results.sqlite.get('the filtered history to XLSX')!;
    expect(history.code).toBe(0);
    expect(history.file).toContain('ENG0000');
    expect(history.file).not.toContain('ENG0004'); // Ravi Kumar, but PENDING
    expect(results.sqlite.get('no such batch')!.err.join('\n')).toContain('No such batch');
    expect(results.sqlite.get('Tally without a bank ledger')!.err.join('\n')).toContain('bank ledger');
    const tally = results.sqlite.get('Tally naming the bank ledger and party ledgers')!;
    expect(tally.code).toBe(0);
    expect(tally.file).toContain('Ravi Kumar (Vendor)');
    expect(tally.file).toContain('HDFC Current A/c');
    const again = JSON.parse(results.sqlite.get('Tally again, the ledgers remembered, JSON')!.out[0]!);
    expect(again).toMatchObject({ payments: 4, reversals: 1, netPaise: 1_500_00 + 2_50_000_00 + 12_345_67 });
    expect(again.ledgers).toContain('Ravi Kumar (Vendor)');
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });

  it('the reconciliation holds the stored run (not two equal mistakes)', () => {
    const csv = results.sqlite.get('a reconciliation to CSV')!;
    expect(csv.code).toBe(0);
    // Five shown lines (the margin line explains no payout) and two payout issues.
    expect(csv.out[0]).toMatch(/^Wrote 7 rows .* to <out>\/recon\.csv$/);
    expect(csv.file).toContain('STMT2');
    expect(csv.file).not.toContain('Before the range');
    expect(csv.file).toContain('ENG0005');
    expect(csv.file).toContain('********1000');
    const full = results.sqlite.get('a reconciliation to XLSX with full accounts, JSON')!;
    expect(JSON.parse(full.out[0]!)).toMatchObject({ rows: 7, format: 'xlsx' });
    expect(full.file).toContain('501000001000');
    expect(full.file).toContain('Recon 2026-03-02 to 2026-03-02');
    expect(results.sqlite.get('no such reconciliation')!.err.join('\n')).toContain('No such reconciliation');
    expect(results.sqlite.get('no such reconciliation')!.file).toBeNull();
  });
});
