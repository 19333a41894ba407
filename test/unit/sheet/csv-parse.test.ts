import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsvBytes } from '../../../src/shared/sheet/csv-parse';
import { parseSheetBytes } from '../../../src/shared/sheet/index';
import type { ParseProgress } from '../../../src/shared/sheet/index';
import { encode, fixture, sheetOf } from './helpers';

describe('CSV fixtures', () => {
  it('strips the UTF-8 BOM and reads CRLF lines', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-bom-crlf.csv'), 'payouts-bom-crlf.csv'));
    expect(s.kind).toBe('csv');
    expect(s.encoding).toBe('utf-8');
    expect(s.headers[0]).toBe('Beneficiary Name');
    expect(s.headers).toHaveLength(6);
    expect(s.rows.map((r) => r[3])).toEqual(['₹1,23,456.50', 'Rs. 2,500/-', 'INR 123,456.75']);
    expect(s.rows.every((r) => r.every((c) => !c.includes('\r')))).toBe(true);
    expect(s.rowNumbers).toEqual([2, 3, 4]);
  });

  it('keeps every cell as text: leading zeros stay', async () => {
    const s = sheetOf(parseCsvBytes(encode('Account,Amount,Pin\n00012,0001500.50,011001\n'), 'z.csv'));
    expect(s.rows[0]).toEqual(['00012', '0001500.50', '011001']);
  });

  it('detects semicolons and tabs, and honours a "sep=" line', async () => {
    const semi = sheetOf(await parseSheetBytes(fixture('payouts-semicolon.csv'), 'payouts-semicolon.csv'));
    expect(semi.delimiter).toBe(';');
    expect(semi.rows[1]).toEqual(['Priya Sharma', '223456789012', 'HDFC0000240', '2,25,000', 'NEFT', 'Advance']);
    const tab = sheetOf(await parseSheetBytes(fixture('payouts-tab.csv'), 'payouts-tab.csv'));
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows[0]![5]).toBe('Rent, April');
    const sep = sheetOf(await parseSheetBytes(fixture('payouts-sep-line.csv'), 'payouts-sep-line.csv'));
    expect(sep.delimiter).toBe(';');
    expect(sep.headerRowNumber).toBe(1);
    expect(sep.rows).toEqual([['Ravi Kumar', '123456789012', 'SBIN0000300', '1,500.00']]);
  });

  it('keeps quoted commas, quotes and newlines inside one cell and counts the record as one Excel row', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-quoted-newlines.csv'), 'q.csv'));
    expect(s.rows).toHaveLength(3);
    expect(s.rows[0]![5]).toBe('Flat 4B,\nMG Road, Pune');
    expect(s.rows[1]![0]).toBe('Priya "PK" Sharma');
    expect(s.rows[2]![3]).toBe('3,000');
    expect(s.rows[2]![5]).toBe('Line one\nline two');
    expect(s.rowNumbers).toEqual([2, 3, 4]);
  });

  it('drops blank rows (also whitespace-only and delimiter-only) but keeps Excel row numbers', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-blank-rows.csv'), 'b.csv'));
    expect(s.rows.map((r) => r[0])).toEqual(['Ravi Kumar', 'Priya Sharma']);
    expect(s.rowNumbers).toEqual([3, 5]);
  });

  it('finds the header below title rows', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-title-rows.csv'), 't.csv'));
    expect(s.headerRowNumber).toBe(3);
    expect(s.headers).toEqual(['Employee Name', 'Bank Account Number', 'IFSC', 'Net Pay']);
    expect(s.rowNumbers).toEqual([4, 5]);
    expect(s.notes.join(' ')).toMatch(/row 3/);
  });

  it('reads UTF-16 "Unicode Text" exports', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-utf16.csv'), 'u.csv'));
    expect(s.encoding).toBe('utf-16le');
    expect(s.headers).toEqual(['Name', 'Account Number', 'IFSC', 'Amount (₹)']);
    expect(s.rows[0]).toEqual(['Ravi Kumar', '123456789012', 'SBIN0000300', '1,500.00']);
  });

  it('decodes invalid UTF-8 with replacement characters and says so', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-invalid-utf8.csv'), 'w.csv'));
    expect(s.rows[0]![0]).toBe('Jos\ufffd Fernandes');
    expect(s.notes.join(' ')).toMatch(/not valid UTF-8/);
  });

  it('reads valid and invalid UTF-8 alike in pieces of any size (each piece ends between characters)', () => {
    // Multi-byte characters, a stray continuation byte, a truncated sequence and a bad lead byte, on lines long and short.
    const parts = [encode('Name,Amount\r\nJosé ₹ Ñ,1\r\n'), Uint8Array.of(0x41, 0x80, 0x2c, 0x32, 0x0a, 0xe2, 0x82)];
    parts.push(encode(',3\n'), Uint8Array.of(0xc0, 0x41, 0x2c, 0x34, 0x0a), encode(`${'ü'.repeat(40)},5\n`));
    const invalid = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (invalid.set(p, at), at + p.length), 0);
    const valid = encode(`Name,Amount\n${'€ü'.repeat(30)},1\nZoë,2\n`);
    for (const bytes of [invalid, valid]) {
      const whole = parseCsvBytes(bytes, 'w.csv');
      for (const chunkSize of [1, 2, 3, 4, 5, 7, 13, 64])
        expect(parseCsvBytes(bytes, 'w.csv', { chunkSize })).toEqual(whole);
    }
    expect(sheetOf(parseCsvBytes(invalid, 'w.csv')).rows.map((r) => r[0])).toEqual([
      'José ₹ Ñ',
      'A\ufffd',
      '\ufffd',
      '\ufffdA',
      'ü'.repeat(40),
    ]);
  });

  it('reports an unmatched quote as a row problem instead of failing', () => {
    const s = sheetOf(parseCsvBytes(encode('Name,Amount\nRavi,100\n"Priya,200\nAnil,300\n'), 'x.csv'));
    expect(s.rowProblems).toEqual([
      expect.objectContaining({ row: 3, code: 'csv_quote_unmatched', severity: 'warning' }),
    ]);
  });
});

describe('file-level problems', () => {
  const error = async (name: string) => {
    const out = await parseSheetBytes(fixture(name), name);
    return out.ok ? null : out.error;
  };

  it('names what is wrong and what was found', async () => {
    expect(await error('empty.csv')).toMatchObject({ code: 'file_empty' });
    const headerOnly = await error('header-only.csv');
    expect(headerOnly).toMatchObject({
      code: 'file_empty',
      columnsFound: ['Name', 'Account Number', 'IFSC', 'Amount'],
    });
    expect(headerOnly!.message).toContain('Name, Account Number, IFSC, Amount');
    const noHeader = await error('no-header.csv');
    expect(noHeader).toMatchObject({ code: 'header_missing' });
    expect(noHeader!.message).toContain('Ravi Kumar');
    expect(await error('binary-renamed.csv')).toMatchObject({ code: 'file_unreadable' });
    expect(await error('text-renamed.xlsx')).toMatchObject({ code: 'file_unreadable' });
    expect(await error('old-excel.xls')).toMatchObject({ code: 'file_unsupported' });
  });

  it('reads an .xlsx renamed to .csv as a workbook, and says so', async () => {
    const s = sheetOf(await parseSheetBytes(fixture('payouts-mixed.xlsx'), 'payouts.csv'));
    expect(s.kind).toBe('xlsx');
    expect(s.notes[0]).toMatch(/read as \.xlsx/);
  });

  it('refuses more than 1,000,000 data rows', () => {
    const text = `Name,Amount\n${'a,1\n'.repeat(1_000_001)}`;
    const out = parseCsvBytes(encode(text), 'big.csv');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.code).toBe('too_many_rows');
  });

  it('accepts exactly 1,000,000 data rows', () => {
    const out = parseCsvBytes(encode(`Name,Amount\n${'a,1\n'.repeat(1_000_000)}`), 'max.csv');
    expect(out.ok && out.sheet.rows.length).toBe(1_000_000);
  });
});

describe('delimiter detection', () => {
  it('prefers the delimiter that splits the header and stays consistent', () => {
    expect(detectDelimiter('Name;Amount;Remark\nRavi;1,500.00;Rent\n')).toBe(';');
    expect(detectDelimiter('Name,Amount\nRavi,"1,500.00"\n')).toBe(',');
    expect(detectDelimiter('Name\tAmount\tRemark\nRavi\t1,500\tRent, April\n')).toBe('\t');
    expect(detectDelimiter('"Name;with;semis",Amount\nRavi,1\n')).toBe(',');
    expect(detectDelimiter('Name\nRavi\n')).toBe(',');
  });
});

describe('chunked parsing', () => {
  const cell = fc.string({
    maxLength: 12,
    unit: fc.constantFrom('a', 'B', '1', ',', '"', '\n', '\r\n', ' ', '₹', ';'),
  });
  const quote = (c: string) => (/[",\r\n]/.test(c) || c !== c.trim() ? `"${c.replace(/"/g, '""')}"` : c);

  it('gives the same records whatever the chunk size, with progress reported up to done', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        (records, chunkSize) => {
          const rows = records.map((r) => ['x', ...r]);
          const text = ['Name,Amount,Remark,Ref', ...rows.map((r) => r.map(quote).join(','))].join('\r\n');
          const progress: ParseProgress[] = [];
          const small = parseCsvBytes(encode(text), 'p.csv', { chunkSize, onProgress: (p) => progress.push(p) });
          const whole = parseCsvBytes(encode(text), 'p.csv');
          expect(small).toEqual(whole);
          const sheet = sheetOf(whole);
          // Line breaks inside quoted cells come back as "\n" (documented normalisation).
          expect(sheet.rows).toEqual(rows.map((r) => r.map((c) => c.replace(/\r\n?/g, '\n'))));
          expect(progress.at(-1)!.phase).toBe('done');
          const fractions = progress.map((p) => p.fraction);
          expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
        },
      ),
      { numRuns: 150 },
    );
  });
});
