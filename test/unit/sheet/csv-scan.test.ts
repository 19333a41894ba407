import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createCsvScan, hasLoneCr, scanCsv, scannedRecord } from '../../../src/shared/sheet/csv-scan';
import { parseCsvBytes } from '../../../src/shared/sheet/csv-parse';
import { encode, sheetOf } from './helpers';

/**
 * csv-scan.ts splits well-formed CSV pieces itself and leaves the rest to papaparse: whenever it answers, its
 * records and its cursor must be exactly papaparse's on the same text (the reader swaps one for the other piece by
 * piece, so any difference would change a cell or drop a record at a piece boundary).
 */
function papaparse(text: string, delimiter: string, last: boolean) {
  const parser = new Papa.Parser({ delimiter, newline: '\n' });
  const results = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
  return { records: results.data, cursor: results.meta.cursor };
}

function scanned(text: string, delimiter: string, last: boolean, crlf = false) {
  const s = createCsvScan();
  if (!scanCsv(text, delimiter.charCodeAt(0), last, s, crlf)) return null;
  const records: string[][] = [];
  for (let r = 0; r < s.records; r++) records.push(scannedRecord(s, text, r));
  return { records, consumed: s.consumed };
}

function expectSame(text: string, delimiter: string, last: boolean): boolean {
  const ours = scanned(text, delimiter, last);
  if (ours === null) return false;
  const theirs = papaparse(text, delimiter, last);
  expect(ours.records, JSON.stringify(text)).toEqual(theirs.records);
  // Only an unfinished piece carries a rest; papaparse's cursor is where that rest starts.
  if (!last) expect(ours.consumed, JSON.stringify(text)).toBe(theirs.cursor);
  return true;
}

// Text made of the characters that matter to a CSV reader, so quotes, delimiters and line ends meet often.
const csvText = fc
  .array(fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\n', 'é', '₹', '1'), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('scanCsv against papaparse', () => {
  it('gives papaparse’s records and cursor on generated text, for whole files and unfinished pieces', () => {
    let answered = 0;
    fc.assert(
      fc.property(csvText, fc.constantFrom(',', ';'), fc.boolean(), (text, delimiter, last) => {
        if (expectSame(text, delimiter, last)) answered++;
      }),
      { numRuns: 3000 },
    );
    // The comparison means something only if the scanner answered for much of the text.
    expect(answered).toBeGreaterThan(1000);
  });

  it('reads the usual shapes itself: quoted cells with delimiters, escaped quotes and line breaks', () => {
    const cases = [
      'a,b,c\n1,2,3\n',
      'a,b,c\n1,2,3',
      '"x, y",2\n"say ""hi""",3\n',
      '"two\nlines",1\nnext,2\n',
      'a,,\n,,\n',
      '',
      '\n\n',
      'a,"b"\n',
      'ends,"quoted"',
    ];
    for (const text of cases)
      for (const last of [true, false]) expect(expectSame(text, ',', last), JSON.stringify(text)).toBe(true);
    // A quote still open where a piece ends is carried to the next piece, as papaparse carries it.
    expect(expectSame('unfinished,"quote\nstill open', ',', false)).toBe(true);
  });

  it('leaves to papaparse what it does not read plainly', () => {
    // Text after a closing quote, and a quote never closed at the end of the file.
    expect(scanned('"a"b,c\n', ',', true)).toBeNull();
    expect(scanned('a,"open\n', ',', true)).toBeNull();
    expect(scanned('unfinished,"quote\nstill open', ',', true)).toBeNull();
  });
});

/** Text with "\r\n" line ends (and no other "\r"), read by the scanner as it is and by papaparse made "\n". */
function expectSameCrlf(text: string, delimiter: string, last: boolean): boolean {
  expect(hasLoneCr(text)).toBe(false);
  const ours = scanned(text, delimiter, last, true);
  if (ours === null) return false;
  const lf = text.replace(/\r\n/g, '\n');
  const theirs = papaparse(lf, delimiter, last);
  expect(ours.records, JSON.stringify(text)).toEqual(theirs.records);
  // The rest carried is the same text: what is left after `consumed` in ours is papaparse's rest, "\r\n" made "\n".
  if (!last)
    expect(text.slice(ours.consumed).replace(/\r\n/g, '\n'), JSON.stringify(text)).toBe(lf.slice(theirs.cursor));
  return true;
}

describe('scanCsv on "\r\n" line ends, read in place', () => {
  const crlfText = fc
    .array(fc.constantFrom('a', ' ', ',', '"', '""', '\r\n', '\n', 'é', '1'), { maxLength: 60 })
    .map((parts) => parts.join(''));

  it('gives papaparse’s records of the text with "\r\n" made "\n", and the same rest', () => {
    let answered = 0;
    fc.assert(
      fc.property(crlfText, fc.boolean(), (text, last) => {
        if (expectSameCrlf(text, ',', last)) answered++;
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(1000);
    for (const text of ['a,b\r\n1,2\r\n', '"x\r\ny",2\r\n', '"q",\r\n"say ""hi""\r\n",3', '\r\n\r\n', 'a\r\nb\nc\r\n'])
      for (const last of [true, false]) expect(expectSameCrlf(text, ',', last), JSON.stringify(text)).toBe(true);
  });

  it('finds a lone "\r" (which it leaves to the caller to make "\n")', () => {
    expect(hasLoneCr('a\r\nb\r\n')).toBe(false);
    expect(hasLoneCr('a\rb')).toBe(true);
    expect(hasLoneCr('a\r\nb\r')).toBe(true);
    expect(hasLoneCr('plain\n')).toBe(false);
  });
});

describe('the CSV reader with the scanner', () => {
  it('reads the same sheet whatever the piece size (pieces split quoted cells and CRLF pairs)', () => {
    const lines = ['Name,Account,IFSC,Amount,Remark'];
    for (let i = 0; i < 300; i++)
      lines.push(
        i % 7 === 0
          ? `"Payee ${i}, Jr",1234567890${i % 10},SBIN0000300,"1,${i}00.50","said ""ok""\nthen left"`
          : `Payee ${i},1234567890${i % 10},SBIN0000300,${i + 100},Salary`,
      );
    const bytes = encode(`${lines.join('\r\n')}\r\n`);
    const whole = sheetOf(parseCsvBytes(bytes, 'p.csv', { chunkSize: 1 << 20 }));
    for (const chunkSize of [7, 64, 1000]) {
      const pieces = sheetOf(parseCsvBytes(bytes, 'p.csv', { chunkSize }));
      expect(pieces.rows).toEqual(whole.rows);
      expect(pieces.rowNumbers).toEqual(whole.rowNumbers);
    }
    expect(whole.rows).toHaveLength(300);
    // Mixed line ends (a lone "\r" among "\r\n") read the same as the sheet with "\n" throughout.
    const mixed = `${lines.slice(0, 150).join('\r\n')}\r${lines.slice(150).join('\r\n')}\r\n`;
    for (const chunkSize of [64, 1 << 20])
      expect(sheetOf(parseCsvBytes(encode(mixed), 'p.csv', { chunkSize })).rows).toEqual(whole.rows);
    expect(whole.rows[0]).toEqual(['Payee 0, Jr', '12345678900', 'SBIN0000300', '1,000.50', 'said "ok"\nthen left']);
  });
});
