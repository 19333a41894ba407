import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, q } from '../../src/main/db/store/ops';
import { TEST_SENDER, type TestApp } from '../support/test-app';
import { ENGINES } from '../support/test-store';
import { createEngineApp } from './support/engine-app';

describe.each(ENGINES)('import handlers over IPC (%s)', (engine) => {
  let app: TestApp;
  // The save dialog answers with a path in a private temp folder; main writes the file there.
  const saveDir = mkdtempSync(join(tmpdir(), 'import-handlers-'));
  beforeAll(async () => {
    app = await createEngineApp(engine, { files: { chooseSavePath: ({ defaultName }) => join(saveDir, defaultName) } });
  });
  afterAll(async () => {
    await app.cleanup();
    rmSync(saveDir, { recursive: true, force: true });
  });

  it.each([
    ['payouts', 'csv'],
    ['payouts', 'xlsx'],
    ['beneficiaries', 'csv'],
    ['beneficiaries', 'xlsx'],
  ] as const)('serves the %s template as %s', async (kind, format) => {
    const reply = await app.dispatch('imports:save-template', { kind, format }, TEST_SENDER);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { path: string; fileName: string };
    const bytes = readFileSync(value.path);
    expect(value.fileName).toBe(`${kind}-template.${format}`);
    if (format === 'csv') {
      expect(bytes.toString('utf8')).toMatch(/account/i);
    } else {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      const col = headers.findIndex((h) => /account/i.test(h));
      expect(col).toBeGreaterThan(0);
      // The account column is typed text so Excel keeps leading zeros and all digits.
      expect(sheet.getColumn(col).numFmt ?? sheet.getRow(2).getCell(col).numFmt).toBe('@');
    }
  });

  it('stages a payout sheet as a DRAFT batch, re-validating every row in main', async () => {
    const rows = [
      {
        row: 2,
        values: {
          name: 'Ravi Kumar',
          accountNumber: '123456789012',
          ifsc: 'SBIN0000300',
          amount: '1,500',
          mode: 'IMPS',
        },
      },
      // The renderer is not trusted: a row it might have passed is still refused here.
      { row: 3, values: { name: 'Bad Row', accountNumber: '12', ifsc: 'XXXX', amount: '10' } },
    ];
    const reply = await app.dispatch(
      'imports:stage-import',
      { fileName: 'x.csv', sha256: 'c'.repeat(64), kind: 'payouts', rows },
      TEST_SENDER,
    );
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const v = reply.value as {
      batchId: number;
      summary: { validRows: number; invalidRows: number; totalPaise: number };
    };
    expect(v.summary).toMatchObject({ validRows: 1, invalidRows: 1, totalPaise: 150000 });
    const payouts = await app.ctx.store.run(
      all(q`SELECT state, amount_paise FROM payouts WHERE batch_id = ${v.batchId}`),
    );
    expect(payouts).toEqual([{ state: 'DRAFT', amount_paise: 150000 }]);
  });

  it('renders an export table as CSV with a BOM and neutralised formulas', async () => {
    const table = { columns: [{ header: 'Name', type: 'text' }], rows: [['=HYPERLINK("x")'], ['Asha']] };
    const reply = await app.dispatch('exports:save-table', { table, format: 'csv', name: 'report' }, TEST_SENDER);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const text = readFileSync((reply.value as { path: string }).path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).not.toMatch(/^=HYPERLINK/m);
  });
});
