import Papa from 'papaparse';
import { decodeText, toUint8Array } from './decode';
import type { ParseOptions, ParseOutcome, ParseRowProblem } from './parsed-sheet';
import { MAX_DATA_ROWS } from './parsed-sheet';
import { buildParsedSheet, isBlankRecord } from './sheet-builder';

type Delimiter = ',' | ';' | '\t';
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t'];
const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** Chunks are at least this share of the text, so a pathological file re-parses a bounded number of times. */
const MAX_CHUNKS = 25;

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

/** Parses CSV bytes (any of , ; tab; BOM or not; CRLF or LF; quoted newlines) with every cell kept as text. */
export function parseCsvBytes(
  input: Uint8Array | ArrayBuffer,
  fileName: string,
  options: ParseOptions = {},
): ParseOutcome {
  const bytes = toUint8Array(input);
  options.onProgress?.({ phase: 'reading', fraction: 0, rows: 0 });
  if (bytes.length === 0) return { ok: false, error: { code: 'file_empty', message: 'The file is empty (0 bytes).' } };
  const decoded = decodeText(bytes);
  if (!decoded) {
    return {
      ok: false,
      error: {
        code: 'file_unreadable',
        message: `${fileName} is not a text CSV file: it contains binary data. If it is an Excel workbook, save it as .xlsx or "CSV UTF-8".`,
      },
    };
  }
  const notes: string[] = [];
  if (decoded.replaced) {
    notes.push(
      'The file is not valid UTF-8; unreadable characters were replaced with "�". In Excel use "Save as → CSV UTF-8".',
    );
  }
  let text = decoded.text;
  let delimiter: Delimiter;
  // Excel honours (and hides) a first line "sep=;" — so do we.
  const sep = /^sep=([,;\t])[ \t]*(?:\r\n|\n|\r|$)/i.exec(text);
  if (sep) {
    delimiter = sep[1] as Delimiter;
    text = text.slice(sep[0].length);
  } else {
    delimiter = detectDelimiter(text);
  }

  // One line ending for papaparse: it guesses the newline from the first chunk only, so a CRLF file whose first
  // chunk ends mid-line, or a file with mixed endings, would leave stray "\r" in cells. Line breaks inside quoted
  // cells become "\n" too, which is harmless for every field we read.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');

  const records: string[][] = [];
  const problems = new Map<number, Omit<ParseRowProblem, 'row'>>();
  let nonBlank = 0;
  let tooMany = false;
  const total = text.length;
  const chunkSize = Math.max(options.chunkSize ?? DEFAULT_CHUNK, Math.ceil(total / MAX_CHUNKS));
  Papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    dynamicTyping: false,
    skipEmptyLines: false,
    header: false,
    chunkSize,
    worker: false,
    complete: () => undefined,
    chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      const base = records.length;
      for (const error of results.errors) {
        if (error.code === 'MissingQuotes' && typeof error.row === 'number') {
          problems.set(base + error.row, {
            code: 'csv_quote_unmatched',
            severity: 'warning',
            message:
              'This row opens a quote (") that is never closed, so the rest of the file may have been read into one cell.',
          });
        }
      }
      for (const record of results.data) {
        records.push(record);
        if (!isBlankRecord(record)) nonBlank++;
      }
      // Header search rows + the limit: beyond this the answer is "too many rows" whatever the layout.
      if (nonBlank > MAX_DATA_ROWS + 21) {
        tooMany = true;
        parser.abort();
        return;
      }
      options.onProgress?.({
        phase: 'parsing',
        fraction: Math.min(1, results.meta.cursor / Math.max(1, total)),
        rows: records.length,
      });
    },
  });
  if (tooMany) {
    return {
      ok: false,
      error: {
        code: 'too_many_rows',
        message: `The file has more than ${MAX_DATA_ROWS.toLocaleString('en-IN')} data rows. Split it into smaller files.`,
      },
    };
  }
  const outcome = buildParsedSheet({
    records,
    rowNumberOf: (i) => i + 1,
    problemsAt: problems,
    base: { kind: 'csv', fileName, delimiter, encoding: decoded.encoding },
    notes,
  });
  options.onProgress?.({ phase: 'done', fraction: 1, rows: outcome.ok ? outcome.sheet.rows.length : 0 });
  return outcome;
}
