import ExcelJS from 'exceljs';
import { sqliteStore } from '../../src/main/db/store/store';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { runCli } from '../../src/cli/main';
import { DB_FILE } from '../../src/main/context';
import { openDatabase } from '../../src/main/db/open';
import { createLogger } from '../../src/main/log';
import type { HistoryPage } from '../../src/main/services/history/types';
import { reconcileStatement } from '../../src/main/services/statement-recon/reconcile';
import { buildScenario, fakeStatementClient, RANGE } from '../unit/history/recon-scenario';
import { addBatch, addPayout, istTime } from '../unit/history/seed';
import { builtCli } from '../support/built-cli';
import { captureIo as io } from '../support/cli-io';

let dir: string;
let batchId: number;
let runId: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payout-history-cli-'));
  const db = openDatabase({ file: join(dir, DB_FILE) });
  batchId = addBatch(db, { name: 'CLI batch' });
  const states = ['SUCCESS', 'FAILED', 'SUCCESS', 'PROCESSING', 'FAILED'];
  states.forEach((state, i) =>
    addPayout(db, {
      batchId,
      rowNumber: i + 2,
      transactionId: `CLI${i}`,
      payeeName: `Payee ${i}`,
      accountNumber: `00001234567${i}`,
      amountPaise: (i + 1) * 100_00,
      state,
      createdAt: istTime(`2026-03-0${i + 1}`, 12),
    }),
  );
  const s = buildScenario(db);
  ({ runId } = await reconcileStatement(
    {
      store: sqliteStore(db),
      now: () => new Date(),
      log: createLogger(null),
      client: fakeStatementClient(s.entries),
      environment: 'sandbox',
    },
    RANGE,
  ));
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('history and export commands', () => {
  it('history filters by status and IST dates, prints a table or JSON, masks accounts', async () => {
    const out = io({ PAYOUT_DESK_DATA_DIR: dir });
    expect(
      await runCli(
        ['history', '--status', 'FAILED', '--from', '2026-03-02', '--to', '2026-03-04', '--json'],
        out,
        commands,
      ),
    ).toBe(0);
    const page = JSON.parse(out.stdout[0]!) as HistoryPage;
    expect(page.rows.map((r) => r.transactionId)).toEqual(['CLI1']);
    expect(page.rows[0]!.account).toBe('********5671');
    expect(page.total).toEqual({ count: 1, amountPaise: 200_00 });

    const human = io();
    expect(
      await runCli(
        ['history', '--data-dir', dir, '--batch', String(batchId), '--status', 'success,failed', '--limit', '2'],
        human,
        commands,
      ),
    ).toBe(0);
    expect(human.stdout[0]).toMatch(/^Created \(IST\)/);
    expect(human.stdout).toHaveLength(1 + 2 + 2);
    expect(human.stdout[3]).toBe('2 of 4 matching payouts; total ₹1,100.00');
    expect(human.stdout[4]).toMatch(/^More: --after \S+$/);
    const next = io();
    const cursor = human.stdout[4]!.split(' ').at(-1)!;
    expect(
      await runCli(
        [
          'history',
          '--data-dir',
          dir,
          '--batch',
          String(batchId),
          '--status',
          'SUCCESS,FAILED',
          '--after',
          cursor,
          '--json',
        ],
        next,
        commands,
      ),
    ).toBe(0);
    expect((JSON.parse(next.stdout[0]!) as HistoryPage).rows).toHaveLength(2);
  });

  it('history refuses bad flags (exit 2) and a folder with no history (exit 1)', async () => {
    const bad = io();
    expect(await runCli(['history', '--data-dir', dir, '--status', 'PAID'], bad, commands)).toBe(2);
    expect(bad.stderr[0]).toMatch(/--status must be among/);
    expect(await runCli(['history', '--data-dir', dir, '--frobnicate'], io(), commands)).toBe(2);
    expect(await runCli(['history', '--data-dir', dir, '--from', '2026-13-01'], io(), commands)).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'payout-empty-'));
    try {
      const missing = io();
      expect(await runCli(['history', '--data-dir', empty], missing, commands)).toBe(1);
      expect(missing.stderr[0]).toMatch(/No Payout Desk history/);
      expect(existsSync(join(empty, DB_FILE))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('export --batch / --all / --recon write CSV and XLSX files', async () => {
    const csvPath = join(dir, 'batch.csv');
    const a = io();
    expect(
      await runCli(
        ['export', '--data-dir', dir, '--batch', String(batchId), '--format', 'csv', '--out', csvPath],
        a,
        commands,
      ),
    ).toBe(0);
    expect(a.stdout[0]).toBe(`Wrote 5 rows (₹1,500.00) to ${csvPath}`);
    const text = readFileSync(csvPath, 'utf8');
    expect(text.startsWith('\ufeffBatch,')).toBe(true);
    expect(text).toContain('********5670');

    const xlsxPath = join(dir, 'failed.xlsx');
    const b = io();
    expect(
      await runCli(
        [
          'export',
          '--data-dir',
          dir,
          '--all',
          '--status',
          'FAILED',
          '--format',
          'xlsx',
          '--out',
          xlsxPath,
          '--full-account',
          '--json',
        ],
        b,
        commands,
      ),
    ).toBe(0);
    const result = JSON.parse(b.stdout[0]!) as { rows: number; totalPaise: number };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsxPath) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const failedInScenario = 2; // P3 and P14 of the reconciliation scenario
    expect(result.rows).toBe(2 + failedInScenario);
    expect(ws.getRow(2).getCell(9).value).toMatch(/^\d+$/);

    const reconPath = join(dir, 'recon.csv');
    expect(
      await runCli(
        ['export', '--data-dir', dir, '--recon', String(runId), '--format', 'csv', '--out', reconPath],
        io(),
        commands,
      ),
    ).toBe(0);
    expect(readFileSync(reconPath, 'utf8')).toContain('Unmatched statement line');

    for (const args of [
      ['--batch', '1', '--all'],
      ['--batch', '1', '--format', 'pdf', '--out', 'x'],
      ['--batch', '1', '--format', 'csv'],
      ['--batch', '1', '--status', 'FAILED', '--format', 'csv', '--out', 'x.csv'],
    ]) {
      expect(await runCli(['export', '--data-dir', dir, ...args], io(), commands)).toBe(2);
    }
  });

  it('runs as `npm run cli -- history` in its own process', () => {
    const cli = builtCli(['history', '--status', 'PROCESSING', '--json']);
    const result = spawnSync(cli.command, cli.args, {
      encoding: 'utf8',
      env: { ...process.env, PAYOUT_DESK_DATA_DIR: dir },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const page = JSON.parse(result.stdout) as HistoryPage;
    expect(page.rows.map((r) => r.state)).toEqual(expect.arrayContaining(['PROCESSING']));
    expect(page.rows.every((r) => r.state === 'PROCESSING')).toBe(true);
  });
});
