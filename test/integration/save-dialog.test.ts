import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/shared/ipc/registry';
import type { SaveRequest } from '../../src/main/services/exports/save-desk';
import { createTestApp, TEST_SENDER, type TestApp } from '../support/test-app';

/**
 * Issue 10 point 5: main writes files where the user chooses. The handlers ask an injected save dialog for the
 * destination (the app's is Electron's; here a stub answers with a path in a temp folder), write straight there,
 * and only report the path back; no file content crosses IPC.
 */

const NOW = new Date('2026-12-03T09:15:00Z');

let app: TestApp;
let dir: string;
const asked: SaveRequest[] = [];
const revealed: string[] = [];
let answer: (request: SaveRequest) => string | null = () => null;

beforeAll(async () => {
  app = await createTestApp({
    now: () => NOW,
    files: {
      chooseSavePath: (request) => {
        asked.push(request);
        return answer(request);
      },
      revealFile: (path) => revealed.push(path),
    },
  });
});
afterAll(() => app.cleanup());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'save-dialog-'));
  asked.length = 0;
  revealed.length = 0;
  answer = (request) => join(dir, request.defaultName);
  return () => rmSync(dir, { recursive: true, force: true });
});

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const reply = await app.dispatch(channel, input, TEST_SENDER);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

async function stagedBatch(): Promise<number> {
  const rows = [
    {
      row: 2,
      values: { name: 'Ravi Kumar', accountNumber: '000123456789', ifsc: 'SBIN0000300', amount: '1500', mode: 'IMPS' },
    },
    { row: 3, values: { name: 'Meena Iyer', vpa: 'meena.iyer@okaxis', amount: '800.50', mode: 'UPI' } },
  ];
  const staged = await call<{ batchId: number }>('imports:stage-import', {
    fileName: 'april.csv',
    sha256: 'd'.repeat(64),
    kind: 'payouts',
    rows,
    allowDuplicate: true,
  });
  return staged.batchId;
}

type Saved = { status: 'saved'; path: string; fileName: string; rows?: number; totalPaise?: number };

describe('export job → save dialog → main writes', () => {
  it('asks for a destination in Downloads style (dated name, filter) and writes the export straight there', async () => {
    await stagedBatch();
    const result = await call<Saved>('exports:start-export', {
      jobId: 'job-00000001',
      what: { kind: 'history', filters: {} },
      format: 'csv',
      fullAccount: false,
    });
    expect(asked).toEqual([
      { defaultName: 'payouts-2026-12-03.csv', filters: [{ name: 'CSV (UTF-8)', extensions: ['csv'] }] },
    ]);
    expect(result).toMatchObject({
      status: 'saved',
      path: join(dir, 'payouts-2026-12-03.csv'),
      fileName: 'payouts-2026-12-03.csv',
      rows: 2,
      totalPaise: 2300_50,
    });
    expect(result).not.toHaveProperty('base64');
    // Only the finished file is in the chosen folder: no temp file left beside it.
    expect(readdirSync(dir)).toEqual(['payouts-2026-12-03.csv']);
    const text = readFileSync(result.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Ravi Kumar');
    expect(text).toContain('********6789');
    expect(text).not.toContain('000123456789');
  });

  it('a batch XLSX gets the batch name by default and keeps account numbers as text when asked for in full', async () => {
    const batchId = await stagedBatch();
    const result = await call<Saved>('exports:start-export', {
      jobId: 'job-00000002',
      what: { kind: 'batch', batchId },
      format: 'xlsx',
      fullAccount: true,
    });
    expect(asked[0]).toEqual({
      defaultName: `batch-${batchId}-2026-12-03.xlsx`,
      filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(result.path) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const account = ws.getRow(2).getCell(header.indexOf('Account number') + 1);
    expect([account.type, account.value]).toEqual([ExcelJS.ValueType.String, '000123456789']);
  });

  it('a cancelled dialog writes nothing, runs no export and answers "cancelled" without an error', async () => {
    await stagedBatch();
    answer = () => null;
    const progress: unknown[] = [];
    const stop = app.ctx.events.subscribe((channel, payload) => {
      if (channel === 'exports:progress') progress.push(payload);
    });
    const result = await call<{ status: string }>('exports:start-export', {
      jobId: 'job-00000003',
      what: { kind: 'history', filters: {} },
      format: 'csv',
      fullAccount: false,
    });
    stop();
    expect(result).toEqual({ status: 'cancelled' });
    expect(progress).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('shows in the folder only a file main wrote this session', async () => {
    await stagedBatch();
    const saved = await call<Saved>('exports:start-export', {
      jobId: 'job-00000004',
      what: { kind: 'history', filters: {} },
      format: 'csv',
      fullAccount: false,
    });
    expect(await call('app:reveal-file', { path: saved.path })).toEqual({ revealed: true });
    expect(revealed).toEqual([saved.path]);
    const other = await app.dispatch('app:reveal-file', { path: join(dir, '..', 'elsewhere.csv') }, TEST_SENDER);
    expect(other.ok).toBe(false);
    expect(!other.ok && other.error.code).toBe('not_found');
    expect(revealed).toEqual([saved.path]);
  });
});

describe('error reports and templates → save dialog → main writes', () => {
  it('saves an error report table at the chosen path (BOM, formulas neutralised)', async () => {
    const table = { columns: [{ header: 'Name', type: 'text' }], rows: [['=HYPERLINK("x")'], ['Asha']] };
    const result = await call<Saved>('exports:save-table', { table, format: 'csv', name: 'april-errors' });
    expect(asked).toEqual([
      { defaultName: 'april-errors.csv', filters: [{ name: 'CSV (UTF-8)', extensions: ['csv'] }] },
    ]);
    expect(result).toEqual({ status: 'saved', path: join(dir, 'april-errors.csv'), fileName: 'april-errors.csv' });
    const text = readFileSync(result.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toMatch(/^=HYPERLINK/m);
    expect(readdirSync(dir)).toEqual(['april-errors.csv']);
  });

  it('refuses a suggested name that is a path', async () => {
    const table = { columns: [{ header: 'Name', type: 'text' }], rows: [['Asha']] };
    const reply = await app.dispatch(
      'exports:save-table',
      { table, format: 'csv', name: '../../etc/passwd' },
      TEST_SENDER,
    );
    expect(!reply.ok && reply.error.code).toBe('invalid_input');
    expect(asked).toEqual([]);
  });

  it.each(['csv', 'xlsx'] as const)('saves the payouts template (%s) as shipped at the chosen path', async (format) => {
    const result = await call<Saved>('imports:save-template', { kind: 'payouts', format });
    expect(asked[0]!.defaultName).toBe(`payouts-template.${format}`);
    expect(result.status).toBe('saved');
    const shipped = readFileSync(join('resources', 'templates', `payouts-template.${format}`));
    expect(readFileSync(result.path).equals(shipped)).toBe(true);
    expect(readdirSync(dir)).toEqual([`payouts-template.${format}`]);
  });

  it('a cancelled template or report dialog writes nothing', async () => {
    answer = () => null;
    expect(await call('imports:save-template', { kind: 'beneficiaries', format: 'csv' })).toEqual({
      status: 'cancelled',
    });
    const table = { columns: [{ header: 'Name', type: 'text' }], rows: [['Asha']] };
    expect(await call('exports:save-table', { table, format: 'xlsx', name: 'results' })).toEqual({
      status: 'cancelled',
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'results.xlsx'))).toBe(false);
  });
});

describe('the IPC contract carries no file content', () => {
  it('no command output declares a base64 field', () => {
    const withBase64 = Object.entries(commands)
      .filter(([, c]) => JSON.stringify(z.toJSONSchema(c.output, { unrepresentable: 'any' })).includes('"base64"'))
      .map(([name]) => name);
    expect(withBase64).toEqual([]);
  });
});
