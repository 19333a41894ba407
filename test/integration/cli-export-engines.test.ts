import ExcelJS from 'exceljs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import type { Engine } from '../../src/main/db/store/ops';
import { transaction } from '../../src/main/db/store/ops';
import { appendAuditOps } from '../../src/main/db/audit';
import { ENGINES } from '../support/test-store';
import { MIXED_ROWS, neutral, openEngineDesk, runOn, seedDeskOps, type EngineDesk } from './support/cli-engines';

/**
 * `export` on both engines (issue 13 point 3): a batch and a filtered history to CSV and XLSX, and the Tally file
 * with its remembered ledgers, come out the same from the data folder's SQLite file and from PostgreSQL. A stored
 * reconciliation (`--recon`) is still read from SQLite only, and is refused on PostgreSQL before anything is opened.
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
];

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

  it('--recon is refused on PostgreSQL before anything is opened or written', async () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    const out = join(pg.outDir, 'recon.csv');
    const r = await runOn(pg, 'export', ['--recon', '1', '--format', 'csv', '--out', out, '--json']);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.out[0]!).error.message).toContain('`export --recon` does not run on PostgreSQL yet');
    expect(existsSync(out)).toBe(false);
  });
});
