/**
 * A CSV piece split into cells without papaparse, for the well-formed records nearly every sheet has (issue 15):
 * no record arrays and no cell strings are made — a cell is a [start, end) range into the piece's text, which the
 * sheet's table then keeps as it is (sheet-table.ts). The answer is exactly papaparse's (`new Papa.Parser({
 * delimiter, newline: '\n' }).parse(text, 0, !last)`: the same records, the same cursor) whenever this returns
 * one; anything it does not read plainly — an unclosed quote at the end of the file, a closing quote followed by
 * anything but the delimiter or a line end — makes it return false, and the caller gives the piece to papaparse,
 * so its quirks (spaces after a closing quote, malformed quotes, the MissingQuotes error) stay papaparse's own.
 * test/unit/sheet/csv-scan.test.ts compares both on generated text.
 */

const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;
const ESCAPED_QUOTES = /""/g;
const CRLF = /\r\n/g;

/** Growable scratch for one piece's cells and records; reused piece after piece. */
export type CsvScan = {
  /** Per cell: its range in the text. */
  starts: Uint32Array;
  ends: Uint32Array;
  cells: number;
  /** Per record: its first cell (its cells are first[r] ..< first[r + 1]; first[records] = cells). */
  first: Uint32Array;
  records: number;
  /** Cells whose value is not their text as written (a quoted cell with "" inside): cell → value. */
  special: Map<number, string> | null;
  /** Where the unfinished last record starts (the text's length when there is none): papaparse's cursor. */
  consumed: number;
};

export function createCsvScan(): CsvScan {
  return {
    starts: new Uint32Array(4096),
    ends: new Uint32Array(4096),
    cells: 0,
    first: new Uint32Array(1024),
    records: 0,
    special: null,
    consumed: 0,
  };
}

function addCell(s: CsvScan, start: number, end: number): void {
  if (s.cells === s.starts.length) {
    const starts = new Uint32Array(s.cells * 2);
    const ends = new Uint32Array(s.cells * 2);
    starts.set(s.starts);
    ends.set(s.ends);
    s.starts = starts;
    s.ends = ends;
  }
  s.starts[s.cells] = start;
  s.ends[s.cells] = end;
  s.cells++;
}

/** Closes a record whose cells began at cell `first`. */
function addRecord(s: CsvScan, first: number): void {
  if (s.records + 1 >= s.first.length) {
    const grown = new Uint32Array(s.first.length * 2);
    grown.set(s.first);
    s.first = grown;
  }
  s.first[s.records++] = first;
  s.first[s.records] = s.cells;
}

/**
 * Splits `text` into records of cells. `last`: the text ends the file, so its final record is complete (papaparse's
 * `!ignoreLastRow`). `crlf`: the text may hold "\r\n" line ends (and no "\r" without a "\n" after it: the caller's
 * `hasLoneCr`); they are read as "\n" — the records are papaparse's of the text with "\r\n" made "\n", which
 * spares a 100,000-row Windows sheet a copy of all its text. Returns false when papaparse must read the piece.
 */
export function scanCsv(text: string, delimiter: number, last: boolean, s: CsvScan, crlf = false): boolean {
  s.cells = 0;
  s.records = 0;
  s.first[0] = 0;
  s.special = null;
  s.consumed = 0;
  const n = text.length;
  if (n === 0) return true;
  let pos = 0;
  const delimiterChar = String.fromCharCode(delimiter);
  let nextDelimiter = -1;
  let nextNewline = -1;
  for (;;) {
    const recordStart = pos;
    const firstCell = s.cells;
    if (pos === n) {
      // papaparse reads the empty rest after a final line end as one record of one empty cell.
      if (last) {
        addCell(s, n, n);
        addRecord(s, firstCell);
      }
      s.consumed = n;
      return true;
    }
    // One record, cell by cell; `done` when it ended the text (last piece only).
    let ended = false;
    let unfinished = false;
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        const contentStart = pos + 1;
        let q = contentStart;
        let escaped = false;
        let next = -1;
        for (;;) {
          q = text.indexOf('"', q);
          if (q === -1) {
            // An unclosed quote: papaparse carries it (not last) or reports it (last) — its call.
            if (!last) unfinished = true;
            else return false;
            break;
          }
          if (q === n - 1) {
            if (!last) unfinished = true;
            else next = -2;
            break;
          }
          const after = text.charCodeAt(q + 1);
          if (after === QUOTE) {
            escaped = true;
            q += 2;
            continue;
          }
          if (crlf && after === CR) {
            if (text.charCodeAt(q + 2) !== NEWLINE) return false;
            next = CR;
            break;
          }
          if (after !== delimiter && after !== NEWLINE) return false;
          next = after;
          break;
        }
        if (unfinished) break;
        addCell(s, contentStart, q);
        // A line break inside the quotes is "\r\n" in the text and "\n" in the value.
        let broken = false;
        if (crlf) {
          const cr = text.indexOf('\r', contentStart);
          broken = cr !== -1 && cr < q;
        }
        if (escaped || broken) {
          let value = text.substring(contentStart, q);
          if (escaped) value = value.replace(ESCAPED_QUOTES, '"');
          if (broken) value = value.replace(CRLF, '\n');
          s.special ??= new Map();
          s.special.set(s.cells - 1, value);
        }
        if (next === -2) {
          ended = true;
          break;
        }
        if (next === CR) {
          pos = q + 3;
          break;
        }
        pos = q + 2;
        if (next === NEWLINE) break;
        continue;
      }
      // The cell ends at the nearer of the next delimiter and the next line end, found with indexOf (a native
      // search, several times faster than a charCodeAt loop over a 100,000-row sheet). Each is remembered while it
      // lies ahead of `pos`: no delimiter or line end sits between where it was searched from and where it was found.
      if (nextDelimiter < pos) {
        nextDelimiter = text.indexOf(delimiterChar, pos);
        if (nextDelimiter === -1) nextDelimiter = n;
      }
      if (nextNewline < pos) {
        nextNewline = text.indexOf('\n', pos);
        if (nextNewline === -1) nextNewline = n;
      }
      const j = nextDelimiter < nextNewline ? nextDelimiter : nextNewline;
      const c = j < n ? text.charCodeAt(j) : -1;
      if (j === n) {
        if (!last) {
          unfinished = true;
          break;
        }
        addCell(s, pos, n);
        ended = true;
        break;
      }
      // "\r\n": the cell ends before the "\r".
      addCell(s, pos, crlf && c === NEWLINE && j > pos && text.charCodeAt(j - 1) === CR ? j - 1 : j);
      pos = j + 1;
      if (c === NEWLINE) break;
    }
    if (unfinished) {
      s.cells = firstCell;
      s.consumed = recordStart;
      return true;
    }
    addRecord(s, firstCell);
    if (ended) {
      s.consumed = n;
      return true;
    }
  }
}

/** Whether `text` has a "\r" not followed by "\n" (an old Mac line end, or a stray one): `scanCsv` reads only "\r\n". */
export function hasLoneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1))
    if (text.charCodeAt(i + 1) !== NEWLINE) return true;
  return false;
}

/** Cell `k` of the scan's text. */
export function scannedCell(s: CsvScan, text: string, k: number): string {
  if (s.special !== null) {
    const value = s.special.get(k);
    if (value !== undefined) return value;
  }
  return text.substring(s.starts[k]!, s.ends[k]!);
}

/** Record `r` as papaparse gives it: an array of its cells. */
export function scannedRecord(s: CsvScan, text: string, r: number): string[] {
  const out: string[] = [];
  for (let k = s.first[r]!; k < s.first[r + 1]!; k++) out.push(scannedCell(s, text, k));
  return out;
}
