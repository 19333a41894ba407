import Papa from 'papaparse';
import type { TextSource } from './decode';
import { decodeChunks, sniffText, toUint8Array } from './decode';
import type { ParseOptions, ParseOutcome, ParseRowProblem } from './parsed-sheet';
import { MAX_DATA_ROWS } from './parsed-sheet';
import type { RawSheet } from './sheet-builder';
import { isBlankRecord, isBlankScanned, sheetAccumulator } from './sheet-builder';
import { createCsvScan, hasLoneCr, scanCsv } from './csv-scan';

type Delimiter = ',' | ';' | '\t';
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t'];
/**
 * Small pieces: a piece's record arrays die young, so the garbage collector's young-generation copies stay cheap
 * (4 MiB pieces made a 1,000,000-row import spend ~3 s copying live records and peak ~230 MB higher).
 */
const DEFAULT_CHUNK = 128 * 1024;
/** Bytes decoded up front for the delimiter and sep= checks: 65,536 characters of up to 4 bytes. */
const SAMPLE_BYTES = 65_536 * 4;
const SEP_LINE = /^sep=([,;\t])[ \t]*(?:\r\n|\n|\r|$)/i;
const LINE_ENDINGS = /\r\n?/g;

/** Counts delimiter candidates per record outside quotes, over the first records of the text. */
function countPerRecord(sample: string, maxRecords: number): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(CANDIDATES.map((d) => [d, []]));
  let current = new Map<Delimiter, number>(CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  let records = 0;
  let lineHasContent = false;
  const flush = () => {
    if (lineHasContent) {
      for (const d of CANDIDATES) counts.get(d)!.push(current.get(d)!);
      records++;
    }
    current = new Map(CANDIDATES.map((d) => [d, 0]));
    lineHasContent = false;
  };
  for (let i = 0; i < sample.length && records < maxRecords; i++) {
    const ch = sample[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) flush();
    else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) current.set(ch, current.get(ch)! + 1);
    if (ch !== '\n' && ch !== '\r' && ch !== ' ') lineHasContent = true;
  }
  if (records < maxRecords) flush();
  return counts;
}

/**
 * Picks the delimiter among comma, semicolon and tab: the one that splits the first record and keeps the same
 * count on most records wins; ties go to the larger count, then to comma. Semicolon files come from European
 * Excel locales; tab files from "Unicode Text" exports.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = countPerRecord(text.slice(0, 65_536), 20);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const list = counts.get(d)!;
    const header = list[0] ?? 0;
    if (header === 0) continue;
    const consistent = list.filter((n) => n === header).length / list.length;
    const score = consistent * 1000 + Math.min(header, 999);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

type RecordsRead = {
  outcome: ParseOutcome | null;
  tooMany: boolean;
};

/** Thrown by the fatal decoder's pieces: the file is not valid in its encoding. */
class InvalidText extends Error {}

function* checkedChunks(bytes: Uint8Array, source: TextSource, chunkBytes: number, fatal: boolean) {
  try {
    yield* decodeChunks(bytes, source, chunkBytes, fatal);
  } catch (error) {
    if (fatal && error instanceof TypeError) throw new InvalidText();
    throw error;
  }
}

/**
 * Papaparse's chunk loop (its ChunkStreamer: the unfinished last record of a piece is carried into the next) run
 * over pieces decoded from the bytes, so the text is never held whole, nor once more with its line endings made
 * one: a piece's "\r\n" are read as "\n" by the scanner, and a piece with a lone "\r" (or one papaparse
 * reads) gets "\r\n" and "\r" → "\n" on its own; a "\r" ending a piece waits for the next. Each piece's
 * records go straight into the sheet's compact table (sheet-builder.ts), so they are never all held as arrays.
 */
function readRecords(
  bytes: Uint8Array,
  source: TextSource,
  fatal: boolean,
  delimiter: Delimiter,
  skipChars: number,
  chunkBytes: number,
  options: ParseOptions,
  base0: Omit<RawSheet, 'records' | 'rowNumberOf' | 'problemsAt'>,
): RecordsRead {
  const problems = new Map<number, Omit<ParseRowProblem, 'row'>>();
  const acc = sheetAccumulator({ ...base0, rowNumberOf: (i) => i + 1, problemsAt: problems });
  let count = 0;
  let nonBlank = 0;
  const parser = new Papa.Parser({ delimiter, newline: '\n' });
  const scan = createCsvScan();
  const delimiterCode = delimiter.charCodeAt(0);
  let partial = '';
  let carried = 0;
  let base = 0;
  let toSkip = skipChars;
  let pendingCr = false;
  let first = true;
  for (const piece of checkedChunks(bytes, source, chunkBytes, fatal)) {
    const last = piece.end === bytes.length;
    let text = piece.text;
    if (toSkip > 0) {
      const n = Math.min(toSkip, text.length);
      text = text.slice(n);
      toSkip -= n;
    }
    if (first && text !== '') {
      // Papaparse drops a BOM at the start of its input; one may follow the sep= line or a BOM we removed.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (pendingCr) {
      text = `\r${text}`;
      pendingCr = false;
    }
    if (!last && text.endsWith('\r')) {
      text = text.slice(0, -1);
      pendingCr = true;
    }
    let aggregate = partial + text;
    // "\r\n" is read by the scanner as it is; any other "\r" (and papaparse, below) needs the text made "\n".
    let crlf = aggregate.includes('\r');
    if (crlf && hasLoneCr(aggregate)) {
      aggregate = aggregate.replace(LINE_ENDINGS, '\n');
      crlf = false;
    }
    // An unfinished record (an open quote) is carried into the next parse; parsing again only once the text has
    // doubled keeps a file-long open quote linear instead of re-reading it with every small piece.
    if (!last && carried > 0 && aggregate.length < 2 * carried) {
      partial = aggregate;
      options.onProgress?.({ phase: 'parsing', fraction: piece.end / bytes.length, rows: count });
      continue;
    }
    partial = '';
    // Well-formed records are split here, straight into the table (csv-scan.ts); papaparse reads the rest.
    if (scanCsv(aggregate, delimiterCode, last, scan, crlf)) {
      acc.beginText(aggregate, scan);
      let open = true;
      for (let r = 0; r < scan.records; r++) {
        const blank = isBlankScanned(scan, aggregate, r);
        if (!blank) nonBlank++;
        if (open) open = acc.pushScanned(r, count, blank);
        count++;
      }
      acc.endText();
      if (nonBlank > MAX_DATA_ROWS + 21) return { outcome: null, tooMany: true };
      if (!last) {
        partial = aggregate.substring(scan.consumed);
        carried = partial.length;
        base += scan.consumed;
      }
      options.onProgress?.({ phase: 'parsing', fraction: piece.end / bytes.length, rows: count });
      continue;
    }
    if (crlf) aggregate = aggregate.replace(LINE_ENDINGS, '\n');
    const results = parser.parse(aggregate, base, !last) as Papa.ParseResult<string[]>;
    const at = count;
    for (const error of results.errors) {
      if (error.code === 'MissingQuotes' && typeof error.row === 'number') {
        problems.set(at + error.row, {
          code: 'csv_quote_unmatched',
          severity: 'warning',
          message:
            'This row opens a quote (") that is never closed, so the rest of the file may have been read into one cell.',
        });
      }
    }
    let open = true;
    for (const record of results.data) {
      if (!isBlankRecord(record)) nonBlank++;
      if (open) open = acc.push(record, count);
      count++;
    }
    // Header search rows + the limit: beyond this the answer is "too many rows" whatever the layout.
    if (nonBlank > MAX_DATA_ROWS + 21) return { outcome: null, tooMany: true };
    if (!last) {
      partial = aggregate.substring(results.meta.cursor - base);
      carried = partial.length;
      base = results.meta.cursor;
    }
    options.onProgress?.({ phase: 'parsing', fraction: piece.end / bytes.length, rows: count });
  }
  return { outcome: acc.finish(), tooMany: false };
}

/** Parses CSV bytes (any of , ; tab; BOM or not; CRLF or LF; quoted newlines) with every cell kept as text. */
export function parseCsvBytes(
  input: Uint8Array | ArrayBuffer,
  fileName: string,
  options: ParseOptions = {},
): ParseOutcome {
  const bytes = toUint8Array(input);
  options.onProgress?.({ phase: 'reading', fraction: 0, rows: 0 });
  if (bytes.length === 0) return { ok: false, error: { code: 'file_empty', message: 'The file is empty (0 bytes).' } };
  const source = sniffText(bytes);
  if (!source) {
    return {
      ok: false,
      error: {
        code: 'file_unreadable',
        message: `${fileName} is not a text CSV file: it contains binary data. If it is an Excel workbook, save it as .xlsx or "CSV UTF-8".`,
      },
    };
  }
  // The delimiter and a "sep=" line are judged on the start of the text (detectDelimiter reads 65,536 characters,
  // at most 4 bytes each), so only that much is decoded up front.
  const sample = new TextDecoder(source.encoding, { ignoreBOM: true }).decode(
    bytes.subarray(source.start, source.start + SAMPLE_BYTES),
  );
  let delimiter: Delimiter;
  let skipChars = 0;
  // Excel honours (and hides) a first line "sep=;" — so do we.
  const sep = SEP_LINE.exec(sample);
  if (sep) {
    delimiter = sep[1] as Delimiter;
    skipChars = sep[0].length;
  } else {
    delimiter = detectDelimiter(sample);
  }

  // One line ending for papaparse: it guesses the newline from the first chunk only, so a CRLF file whose first
  // chunk ends mid-line, or a file with mixed endings, would leave stray "\r" in cells. Line breaks inside quoted
  // cells become "\n" too, which is harmless for every field we read.
  const chunkBytes = options.chunkSize ?? DEFAULT_CHUNK;
  const notes: string[] = [];
  const base = { base: { kind: 'csv' as const, fileName, delimiter, encoding: source.encoding }, notes };
  let read: RecordsRead;
  try {
    read = readRecords(bytes, source, true, delimiter, skipChars, chunkBytes, options, base);
  } catch (error) {
    if (!(error instanceof InvalidText)) throw error;
    // Not valid in its encoding (e.g. a Windows-1252 "CSV (Comma delimited)"): read again with "�" replacement.
    notes.push(
      'The file is not valid UTF-8; unreadable characters were replaced with "�". In Excel use "Save as → CSV UTF-8".',
    );
    read = readRecords(bytes, source, false, delimiter, skipChars, chunkBytes, options, base);
  }
  if (read.tooMany || !read.outcome) {
    return {
      ok: false,
      error: {
        code: 'too_many_rows',
        message: `The file has more than ${MAX_DATA_ROWS.toLocaleString('en-IN')} data rows. Split it into smaller files.`,
      },
    };
  }
  const outcome = read.outcome;
  options.onProgress?.({ phase: 'done', fraction: 1, rows: outcome.ok ? outcome.sheet.rowNumbers.length : 0 });
  return outcome;
}
