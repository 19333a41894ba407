import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { detectSheetKind, parseSheetBytes, suggestMapping, validateSheet } from '../../../src/shared/sheet/index';
import type { ParseOutcome } from '../../../src/shared/sheet/index';
import { FILE_ISSUE_CODES } from '../../../src/shared/domain/issue';
import { encode, fixture, sheetOf } from './helpers';

// Hostile input must end in a sheet or a clear file-level error — never a throw, never a hang. Loop sizes are
// bounded; the generous per-test timeouts only guard against a hang and are not performance assertions.
const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };

function validateAny(out: ParseOutcome) {
  if (!out.ok) {
    expect(FILE_ISSUE_CODES).toContain(out.error.code);
    expect(out.error.message.length).toBeGreaterThan(10);
    return null;
  }
  const kind = detectSheetKind(out.sheet.headers);
  const result = validateSheet(out.sheet, suggestMapping(out.sheet.headers, kind), kind, options);
  expect(result.summary.rows).toBe(result.fileError ? 0 : out.sheet.rows.length);
  return result;
}

describe('hostile input', () => {
  it('random bytes named .csv or .xlsx give a sheet or a file error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.constantFrom('x.csv', 'x.xlsx', 'x.txt', 'x'),
        async (bytes, name) => {
          validateAny(await parseSheetBytes(bytes, name));
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('zip-looking junk, truncated and bit-flipped workbooks never throw', async () => {
    const good = fixture('payouts-mixed.xlsx');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
          fc.integer({ min: 0, max: good.length }).map((n) => good.slice(0, n)),
          fc
            .array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 })
            .map((flips) => {
              const copy = good.slice();
              for (const [at, value] of flips) copy[at] = value;
              return copy;
            }),
        ),
        async (bytes) => {
          validateAny(await parseSheetBytes(bytes, 'x.xlsx'));
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('arbitrary Unicode text and invalid UTF-8 inside cells is read and validated', async () => {
    const cell = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('SBIN0000300', '123456789012', '1,500.00', ''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 15 }),
        fc.uint8Array({ maxLength: 8 }),
        async (rows, junk) => {
          const text = [
            'Name,Account Number,IFSC,Amount',
            ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')),
          ].join('\n');
          const bytes = Uint8Array.from([
            ...encode(text),
            0x0a,
            0x22,
            ...junk.filter((b) => b !== 0x22 && b !== 0),
            0x22,
            0x2c,
            0x31,
            0x0a,
          ]);
          validateAny(await parseSheetBytes(bytes, 'u.csv'));
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('a 10 MB cell is a row error, not a crash', async () => {
    const huge = 'A'.repeat(10 * 1024 * 1024);
    const text = `Name,Account Number,IFSC,Amount,Extra\n"${huge}",123456789012,SBIN0000300,100,x\nRavi,223456789012,HDFC0000240,200,"${huge},\n${huge}"\n`;
    const out = await parseSheetBytes(encode(text), 'big-cell.csv');
    const result = validateAny(out)!;
    expect(result.issues.map((i) => [i.row, i.code])).toEqual([[2, 'value_too_long']]);
    expect(result.issues[0]!.message.length).toBeLessThan(200);
    expect(sheetOf(out).rows[1]![4]).toHaveLength(2 * huge.length + 2);
  }, 60_000);

  it('10,000 columns are read; more than Excel allows is a file error', async () => {
    const wide = (n: number) => {
      const headers = [
        'Name',
        'Account Number',
        'IFSC',
        'Amount',
        ...Array.from({ length: n - 4 }, (_, i) => `Extra ${i}`),
      ];
      const row = [
        'Ravi Kumar',
        '123456789012',
        'SBIN0000300',
        '100',
        ...Array.from({ length: n - 4 }, (_, i) => String(i)),
      ];
      return encode(`${headers.join(',')}\n${row.join(',')}\n`);
    };
    const ok = await parseSheetBytes(wide(10_000), 'wide.csv');
    expect(sheetOf(ok).headers).toHaveLength(10_000);
    expect(validateAny(ok)!.issues).toEqual([]);
    const tooWide = await parseSheetBytes(wide(20_000), 'wider.csv');
    expect(!tooWide.ok && tooWide.error.code).toBe('too_many_columns');
  }, 60_000);

  it('formula-looking cells are just invalid values', async () => {
    const text =
      'Name,Account Number,IFSC,Amount,Remarks,Mobile\n' +
      '"=cmd|\' /C calc\'!A0",@SUM(1+1),=HYPERLINK("x"),=1+1,+Rent,+91 98765 43210\n';
    const result = validateAny(await parseSheetBytes(encode(text), 'f.csv'))!;
    expect(result.issues.map((i) => i.code)).toEqual([
      'name_invalid',
      'account_invalid',
      'ifsc_invalid',
      'amount_invalid',
      'remark_invalid',
    ]);
  });

  it('an unmatched quote swallowing the file is reported, not fatal', async () => {
    const text = `Name,Account Number,IFSC,Amount\n"Ravi,123456789012,SBIN0000300,100\n${'Priya,223456789012,HDFC0000240,200\n'.repeat(1000)}`;
    const result = validateAny(await parseSheetBytes(encode(text), 'q.csv'))!;
    // Everything after the stray quote is one Name cell, so the row has no account and no amount.
    expect(result.summary.rows).toBe(1);
    expect(result.issues.map((i) => i.code)).toEqual(['csv_quote_unmatched', 'payee_missing', 'amount_invalid']);
  });

  it('binary files under sheet names are refused clearly', async () => {
    const png = Uint8Array.from([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0,
      0,
      0,
      13,
      0x49,
      0x48,
      0x44,
      0x52,
      ...new Array<number>(200).fill(7),
    ]);
    for (const name of ['photo.csv', 'photo.xlsx']) {
      const out = await parseSheetBytes(png, name);
      expect(out.ok, name).toBe(false);
      expect(!out.ok && out.error.code).toBe('file_unreadable');
    }
  });
});
