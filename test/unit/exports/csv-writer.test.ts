import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIst } from '../../../src/shared/domain/ist';
import { cellText, moneyText, neutraliseCell } from '../../../src/main/services/exports/cell-format';
import { writeTableFile } from '../../../src/main/services/exports/table-file';
import type { ExportTable } from '../../../src/shared/domain/export-table';
import { parseCsvBytes } from '../../../src/shared/sheet/csv-parse';
import { writtenCsv } from './written';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const table: ExportTable = {
  columns: [
    { header: 'Account Number', type: 'text' },
    { header: 'Name', type: 'text' },
    { header: 'Amount', type: 'money' },
    { header: 'Paid At', type: 'date' },
  ],
  rows: [
    ['000123456789012345', 'Ravi, "RK" Kumar', 12345650, new Date('2025-03-31T08:35:09Z')],
    ['=HYPERLINK("http://evil.example","x")', '+91 98765 43210', 5, '2025-03-31T18:30:00Z'],
    ['@SUM(A1)', '-2+3', null, null],
    [undefined, 'Line\nbreak', 0, 'not a date'],
  ],
};

describe('cell formatting', () => {
  it('neutralises formula-looking text', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+91')).toBe("'+91");
    // Issue 17 point 11: a whole cell that is a plain number stays a number; "-5+1" is still a formula.
    expect(neutraliseCell('-5')).toBe('-5');
    expect(neutraliseCell('-5+1')).toBe("'-5+1");
    expect(neutraliseCell('@cmd')).toBe("'@cmd");
    expect(neutraliseCell('\t=1')).toBe("'\t=1");
    expect(neutraliseCell('Ravi = Kumar')).toBe('Ravi = Kumar');
  });

  it('writes money from paise exactly and dates in IST', () => {
    expect(moneyText(12345650)).toBe('123456.50');
    expect(moneyText(5)).toBe('0.05');
    expect(moneyText('99999999999999999')).toBe('999999999999999.99');
    expect(moneyText(1.5)).toBe('1.5');
    expect(formatIst(new Date('2025-03-31T18:30:00Z'))).toBe('2025-04-01 00:00:00');
    expect(cellText({ header: 'x', type: 'date' }, 'garbage')).toBe('garbage');
  });
});

describe('CSV writer', () => {
  it('writes a UTF-8 BOM, CRLF lines, quotes where needed and neutralises injection', async () => {
    const text = await writtenCsv(table);
    expect(text.startsWith('\ufeffAccount Number,Name,Amount,Paid At\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[1]).toBe('000123456789012345,"Ravi, ""RK"" Kumar",123456.50,2025-03-31 14:05:09');
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")",'+91 98765 43210,0.05,2025-04-01 00:00:00`);
    expect(lines[3]).toBe("'@SUM(A1),'-2+3,,");
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('round-trips through our own CSV reader with every digit kept', async () => {
    const bytes = new TextEncoder().encode(await writtenCsv(table));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsvBytes(bytes, 'out.csv');
    expect(parsed.ok && parsed.sheet.rows[0]).toEqual([
      '000123456789012345',
      'Ravi, "RK" Kumar',
      '123456.50',
      '2025-03-31 14:05:09',
    ]);
    expect(parsed.ok && parsed.sheet.rows[3]![1]).toBe('Line\nbreak');
  });

  it('streams to a file through a temp name and leaves nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-'));
    dirs.push(dir);
    const big: ExportTable = {
      columns: table.columns,
      rows: Array.from({ length: 20_000 }, (_, i) => [String(i).padStart(12, '0'), `Payee ${i}`, i * 101, null]),
    };
    const path = join(dir, 'history.csv');
    await writeTableFile(path, 'csv', big);
    expect(readdirSync(dir)).toEqual(['history.csv']);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\ufeffAccount Number,Name,Amount,Paid At\r\n000000000000,Payee 0,0.00,\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 20_000 + 1);
    expect(text.endsWith('000000019999,Payee 19999,20198.99,\r\n')).toBe(true);
    await expect(writeTableFile(join(dir, 'missing', 'x.csv'), 'csv', big)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['history.csv']);
  });
});
