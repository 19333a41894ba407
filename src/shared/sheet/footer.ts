import { fastAmountPaise, parseAmountToPaise } from '../domain/money';
import { IFSC_PATTERN } from '../rules/ifsc';
import type { FieldKey } from './fields';
import { fieldForHeader } from './header-synonyms';

/**
 * Total rows under the data ("Total", "Grand Total", "Sub-total" with a SUM beside it). Excel exports of a
 * salary register end with one; read as a payee it would be a bogus error row at best. We leave such rows out
 * of the data and use the total as a cross-check of the rows' sum — a classic way to catch a row lost or
 * changed between the register and the upload.
 */

/** A row recognised as a total, as read (cells padded to the header width). */
export type SheetFooter = {
  /** Excel row number. */
  row: number;
  /** Its label as written ("Grand Total:"). */
  label: string;
  /** Sub-totals are left out but never used for the cross-check (they cover part of the sheet). */
  subtotal: boolean;
  cells: string[];
};

// The label word must end there: "Total:", "TOTAL AMOUNT", "Totals" are labels, "Totala Devi" is a payee.
const TOTAL_LABEL = /^(?:(grand)[\s-]*|(sub)[\s-]*)?totals?(?![\p{L}\p{N}])/iu;
// Fields whose value makes a row someone's payout: a total row never has them.
const PAYEE_DETAIL_FIELDS: ReadonlySet<FieldKey> = new Set(['accountNumber', 'ifsc', 'vpa', 'beneficiaryId']);
const VPA_LIKE = /^[\w.-]+@[A-Za-z]+$/;

export type FooterColumns = { payeeDetail: number[]; amount: number[] };

/** Which columns hold payee details and amounts, judged from the headers alone (the mapping comes later). */
export function footerColumns(headers: readonly string[]): FooterColumns {
  const out: FooterColumns = { payeeDetail: [], amount: [] };
  headers.forEach((h, i) => {
    const field = h.length > 100 ? undefined : fieldForHeader(h);
    if (field === 'amount') out.amount.push(i);
    else if (field && PAYEE_DETAIL_FIELDS.has(field)) out.payeeDetail.push(i);
  });
  return out;
}

/** Whether the cell could start a total label (g, s, t; "ſ" is an s under /iu): skips the regex on most rows. */
function mayBeLabel(cell: string): boolean {
  const c = cell.charCodeAt(0) | 0x20;
  return c === 0x67 || c === 0x73 || c === 0x74 || cell.charCodeAt(0) === 0x17f;
}

/**
 * Whether a trimmed cell can start an amount: a digit, a point, ₹, or a currency word's first two letters (Rs,
 * Rupees, INR: parseAmountToPaise accepts nothing else in front). Names are most cells before a row's first
 * number, and "Ravi" or "Irfan" must not pay for the full amount parse (test/unit/sheet/footer.test.ts).
 */
function mayBeAmount(cell: string): boolean {
  const c = cell.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 46 || c === 0x20b9) return true;
  const lower = c | 0x20;
  const second = cell.charCodeAt(1) | 0x20;
  if (lower === 0x72) return second === 0x73 || second === 0x75;
  return lower === 0x69 && second === 0x6e;
}

/**
 * `isAmountText` / `isTotalLabel` of the cell text[start, end) read in place, for the cells nearly every row starts
 * with (a serial number, a name): 1 = an amount (1–13 plain digits), 0 = neither, -1 = unsure, read it as a string.
 * Only printable ASCII ends are judged (trim leaves them), and every letter test mirrors mayBeLabel/mayBeAmount.
 */
export function footerCellAt(text: string, start: number, end: number): -1 | 0 | 1 {
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (!(first > 32 && first < 127 && last > 32 && last < 127)) return -1;
  const n = end - start;
  if (first >= 48 && first <= 57) {
    let i = start + 1;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i === end && n <= 13 ? 1 : -1;
  }
  if (first === 46) return -1;
  const lower = first | 0x20;
  const second = n > 1 ? text.charCodeAt(start + 1) : 0;
  if (
    (lower === 0x72 && ((second | 0x20) === 0x73 || (second | 0x20) === 0x75)) ||
    (lower === 0x69 && (second | 0x20) === 0x6e)
  )
    return -1;
  if (lower !== 0x67 && lower !== 0x73 && lower !== 0x74) return 0;
  // A label starts "grand", "sub" or "total" (5 letters at least); a non-ASCII letter may fold to one (ſ → s).
  if (n < 5) return 0;
  const third = text.charCodeAt(start + 2);
  if (second >= 127 || third >= 127) return -1;
  const prefix = String.fromCharCode(lower, second | 0x20, third | 0x20);
  return prefix === 'gra' || prefix === 'sub' || prefix === 'tot' ? -1 : 0;
}

/** A trimmed cell a total row may hold beside its label: an amount. */
export function isAmountText(cell: string): boolean {
  if (!mayBeAmount(cell)) return false;
  if (fastAmountPaise(cell) >= 0) return true;
  return footerAmountPaise(cell) !== null;
}

/** Whether a trimmed, non-blank cell is a total label ("Total", "Grand Total:", "Sub-total"). */
export function isTotalLabel(cell: string): boolean {
  return mayBeLabel(cell) && TOTAL_LABEL.test(cell);
}

/**
 * A total row: its first text cell is a total label, every other non-blank cell is a number, at least one of
 * them is (in the amount column when the headers name one), and no payee-detail column is filled. A payee
 * whose name starts "Total" but who has an account, an IFSC or a remark stays a row. Cheap for non-matches:
 * most rows fail at their first text cell.
 */
export function footerOf(record: readonly string[], columns: FooterColumns, row: number): SheetFooter | null {
  let label: string | null = null;
  let labelAt = -1;
  for (let c = 0; c < record.length; c++) {
    const cell = record[c]!.trim();
    if (cell === '') continue;
    // The label test first: it fails on a name's first letter, the amount parse would not be that quick.
    if (!isTotalLabel(cell)) {
      if (isAmountText(cell)) continue;
      return null;
    }
    label = cell;
    labelAt = c;
    break;
  }
  if (label === null) return null;
  for (const c of columns.payeeDetail) if ((record[c] ?? '').trim() !== '') return null;
  let numbers = 0;
  for (let c = 0; c < record.length; c++) {
    if (c === labelAt) continue;
    const cell = record[c]!.trim();
    if (cell === '') continue;
    if (IFSC_PATTERN.test(cell.toUpperCase()) || VPA_LIKE.test(cell) || !isAmountText(cell)) return null;
    numbers++;
  }
  if (numbers === 0) return null;
  if (columns.amount.length > 0 && !columns.amount.some((c) => isAmountText((record[c] ?? '').trim()))) return null;
  const m = TOTAL_LABEL.exec(label)!;
  return { row, label, subtotal: m[2] !== undefined, cells: record.slice() };
}

/**
 * The amount a total cell states, in paise, or null. Unlike a payout amount, a total may carry a spreadsheet
 * float artefact (SUM of 2-decimal values → "622500.50000000006"): it is a check, not money we send, so it is
 * rounded half-up to the paisa — in decimal digits, never through a float.
 */
export function footerAmountPaise(cell: string): number | null {
  const parsed = parseAmountToPaise(cell);
  if (parsed.ok) return parsed.paise;
  const long = parsed.reason === 'too_many_decimals' ? /^(\d{1,13})\.(\d+)$/.exec(cell.trim()) : null;
  if (!long) return null;
  const paise = BigInt(long[1]!) * 100n + BigInt(long[2]!.slice(0, 2)) + (long[2]![2]! >= '5' ? 1n : 0n);
  return Number(paise);
}
