import { fastAmountPaise } from '../domain/money';
import type { Issue } from '../domain/issue';
import type { ModeLimits, TransferMode } from '../domain/payout';
import { TRANSFER_MODES } from '../domain/payout';
import { isCleanAccount } from '../rules/account';
import { MIN_AMOUNT_PAISE } from '../rules/amount';
import { KEY_CELLS, plainPayoutKey } from '../rules/duplicates';
import { ENKASH_AMOUNT, ENKASH_FIELDS } from '../rules/enkash-fields';
import { looksScientificAt } from '../rules/excel-damage';
import { isCleanIfsc } from '../rules/ifsc';
import { ifscExistsAt } from '../rules/ifsc-data';
import { checkModeLimits, defaultMode, exactModeAt, modeMatchesPayee } from '../rules/mode';
import { isCleanName } from '../rules/name';
import { cleanPayeeShape } from '../rules/payee';
import { isCleanReference } from '../rules/reference';
import { isCleanRemark } from '../rules/remark';
import { isAsciiAlnum } from '../rules/transaction-id';
import { isCleanVpa } from '../rules/vpa';
import type { FieldKey } from './fields';
import { FIELD_LABELS } from './fields';
import type { RowContext } from './row-draft';
import { idKeyNumberAt } from './row-keys';
import type { SheetTable } from './sheet-table';
import { blockOf } from './sheet-table';

/**
 * Plain payout rows (issue 15): a row whose every mapped cell passes its rule's clean test has no issue (but for an
 * amount outside its mode's limits), and what the validation state keeps of it (amount, mode, account flag, id and
 * duplicate keys) can be read from the sheet's table in place — no cell string, no mapped row, no checker.
 * `plainPayoutRow` tests the cells where they lie in their block's text with the same `isClean…` tests the
 * checker's clean paths use, and hashes the keys from the text; any cell it does not read as clean (blank where a
 * value is needed, spaces at its ends, anything a rule would report or change) makes it answer false, and the row
 * takes the full path (scanPayoutRow) as before. Kept exactly equal to that path: test/unit/sheet/plain-rows.test.ts
 * validates generated sheets both ways.
 */

/** The row's cells, two ints each (start, end in the block's text): the key cells first (KEY_CELLS), then these. */
const NAME = 12;
const AMOUNT = 14;
const MODE = 16;
const TRANSACTION_ID = 18;
const EMAIL = 20;
const PHONE = 22;
const SLOTS = 24;

const SLOT_OF: Partial<Record<FieldKey, number>> = {
  accountNumber: KEY_CELLS.account,
  ifsc: KEY_CELLS.ifsc,
  vpa: KEY_CELLS.vpa,
  beneficiaryId: KEY_CELLS.beneficiaryId,
  remark: KEY_CELLS.remark,
  reference: KEY_CELLS.reference,
  name: NAME,
  amount: AMOUNT,
  mode: MODE,
  transactionId: TRANSACTION_ID,
  email: EMAIL,
  phone: PHONE,
};

export type PlainReader = {
  /** Per slot pair (slot / 2): the field's column, -1 when it is not mapped. */
  cols: Int32Array;
  /** The current row's cells (scratch, reused row after row). */
  ranges: Int32Array;
  /** Per mode index (TRANSFER_MODES + 1): the limits, null as ±Infinity (no keyed read per row). */
  minByMode: Float64Array;
  maxByMode: Float64Array;
  limits: ModeLimits;
  ifscExists: ((ifsc: string) => boolean) | undefined;
  /** The amount column's label, as the checker names it in an issue. */
  amountLabel: string;
};

/** A reader for the mapping, or null when it maps a field the plain rows do not read (those sheets take the full path). */
export function plainReader(entries: [FieldKey, number][], ctx: RowContext): PlainReader | null {
  const cols = new Int32Array(SLOTS / 2).fill(-1);
  for (const [field, col] of entries) {
    const slot = SLOT_OF[field];
    if (slot === undefined) return null;
    cols[slot / 2] = col;
  }
  const minByMode = new Float64Array(TRANSFER_MODES.length + 1);
  const maxByMode = new Float64Array(TRANSFER_MODES.length + 1);
  TRANSFER_MODES.forEach((mode, m) => {
    const { minPaise, maxPaise } = ctx.modeLimits[mode];
    minByMode[m + 1] = minPaise ?? -Infinity;
    maxByMode[m + 1] = maxPaise ?? Infinity;
  });
  return {
    cols,
    ranges: new Int32Array(SLOTS),
    minByMode,
    maxByMode,
    limits: ctx.modeLimits,
    ifscExists: ctx.ifscExists,
    amountLabel: ctx.labels.amount ?? FIELD_LABELS.amount,
  };
}

/**
 * What the validation state keeps of a plain row (written into one reused object). `issues`: null, or the one
 * issue a row with every cell clean can still have — an amount outside its mode's limits (issue 15: the usual
 * error of a big sheet, a UPI row above the UPI limit, need not send the row down the full path).
 */
export type PlainRow = {
  amountPaise: number;
  mode: number;
  hasAccount: boolean;
  idKey: number;
  dupKey: number;
  issues: Issue[] | null;
};

export function createPlainRow(): PlainRow {
  return { amountPaise: 0, mode: 0, hasAccount: false, idKey: NaN, dupKey: NaN, issues: null };
}

/** Printable ASCII at both ends: `cell()` keeps such a cell as it is (any other end may be trimmed). */
function untrimmed(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  return first > 32 && first < 127 && last > 32 && last < 127;
}

/**
 * Reads table row `row` into `r.ranges`; false when a mapped cell is not a plain range of its block's text (an
 * edit, a quoted cell with "" inside) or has an end `cell()` would trim.
 */
function readCells(table: SheetTable, row: number, r: PlainReader): string | null {
  if (table.edits.size !== 0) return null;
  const block = blockOf(table, row);
  const j = row - block.start;
  const length = Math.min(block.lengths[j]!, table.width);
  const first = block.first[j]!;
  const { text, starts, ends, special } = block;
  const { cols, ranges } = r;
  for (let s = 0; s < SLOTS / 2; s++) {
    const col = cols[s]!;
    let start = 0;
    let end = 0;
    if (col >= 0 && col < length) {
      const k = first + col;
      if (special !== null && special.has(k)) return null;
      start = starts[k]!;
      end = ends[k]!;
      if (end > start && !untrimmed(text, start, end)) return null;
    }
    ranges[2 * s] = start;
    ranges[2 * s + 1] = end;
  }
  return text;
}

/**
 * Row `row` of the table when it is plain (see above): what scanPayoutRow would give for it, into `out`, and
 * true; false (out untouched) when the row must take the full path. The caller checks the row has no xlsx number
 * cell and no parse problem.
 */
export function plainPayoutRow(
  table: SheetTable,
  row: number,
  rowNumber: number,
  r: PlainReader,
  out: PlainRow,
): boolean {
  const text = readCells(table, row, r);
  if (text === null) return false;
  const g = r.ranges;
  const { account, ifsc, vpa, beneficiaryId, remark, reference } = KEY_CELLS;
  const hasId = g[beneficiaryId]! < g[beneficiaryId + 1]!;
  const hasAccount = g[account]! < g[account + 1]!;
  const hasIfsc = g[ifsc]! < g[ifsc + 1]!;
  const hasVpa = g[vpa]! < g[vpa + 1]!;
  // Blank email and phone only: their rules are not read here.
  if (g[EMAIL]! < g[EMAIL + 1]! || g[PHONE]! < g[PHONE + 1]!) return false;
  const shape = cleanPayeeShape(hasId, hasAccount, hasIfsc, hasVpa, true);
  if (shape === null) return false;
  if (hasId && !plainIdentifier(text, g[beneficiaryId]!, g[beneficiaryId + 1]!, ENKASH_FIELDS.beneficiaryId.max))
    return false;
  // An inline payee needs a valid name (requiredName); with only an id the name is never reported (quietName).
  if ((hasAccount || hasVpa) && !isCleanName(text, g[NAME]!, g[NAME + 1]!)) return false;
  if (hasAccount && !isCleanAccount(text, g[account]!, g[account + 1]!)) return false;
  if (hasIfsc && !plainIfsc(text, g[ifsc]!, g[ifsc + 1]!, r)) return false;
  if (hasVpa && !isCleanVpa(text, g[vpa]!, g[vpa + 1]!)) return false;
  if (g[AMOUNT] === g[AMOUNT + 1]) return false;
  const amountPaise = fastAmountPaise(text, g[AMOUNT]!, g[AMOUNT + 1]!);
  // A plain or grouped amount within the payout bounds is exactly what checkAmount accepts without a problem.
  if (!(amountPaise >= MIN_AMOUNT_PAISE && amountPaise <= ENKASH_AMOUNT.maxPaise)) return false;
  let mode: number;
  if (g[MODE] === g[MODE + 1]) mode = TRANSFER_MODES.indexOf(defaultMode(shape === 'vpa', amountPaise, r.limits)) + 1;
  else {
    mode = exactModeAt(text, g[MODE]!, g[MODE + 1]!);
    if (mode === 0) return false;
  }
  if (!modeMatchesPayee(TRANSFER_MODES[mode - 1]!, shape)) return false;
  const withinLimits = amountPaise <= r.maxByMode[mode]! && amountPaise >= r.minByMode[mode]!;
  if (g[remark]! < g[remark + 1]! && !isCleanRemark(text, g[remark]!, g[remark + 1]!)) return false;
  const hasReference = g[reference]! < g[reference + 1]!;
  if (
    hasReference &&
    (looksScientificAt(text, g[reference]!, g[reference + 1]!) ||
      !isCleanReference(text, g[reference]!, g[reference + 1]!))
  )
    return false;
  let idKey = NaN;
  if (g[TRANSACTION_ID]! < g[TRANSACTION_ID + 1]!) {
    const start = g[TRANSACTION_ID]!;
    const end = g[TRANSACTION_ID + 1]!;
    if (!plainIdentifier(text, start, end, ENKASH_FIELDS.transactionId.max)) return false;
    idKey = idKeyNumberAt(text, start, end);
  }
  out.amountPaise = amountPaise;
  out.mode = mode;
  out.hasAccount = hasAccount;
  out.idKey = idKey;
  out.dupKey = plainPayoutKey(text, g, amountPaise) ?? NaN;
  out.issues = withinLimits ? null : limitIssues(r, rowNumber, TRANSFER_MODES[mode - 1]!, amountPaise);
  return true;
}

/** The issue the checker adds for an amount outside its mode's limits (`RowChecker.add`: same fields, same order). */
function limitIssues(r: PlainReader, row: number, mode: TransferMode, amountPaise: number): Issue[] {
  return checkModeLimits(mode, amountPaise, r.limits).map((p) => ({
    row,
    column: r.amountLabel,
    code: p.code,
    severity: p.severity,
    message: p.message,
    field: 'amount' as const,
  }));
}

/** A beneficiary or transaction id kept as it is: its rule book's letters and digits, not Excel's 1.5E+3. */
function plainIdentifier(text: string, start: number, end: number, max: number): boolean {
  return isAsciiAlnum(text, start, end, max) && !looksScientificAt(text, start, end);
}

/** The IFSC kept as it is: well-formed upper-case and in the dataset (or the caller's own check). */
function plainIfsc(text: string, start: number, end: number, r: PlainReader): boolean {
  if (!isCleanIfsc(text, start, end)) return false;
  return r.ifscExists ? r.ifscExists(text.slice(start, end)) : ifscExistsAt(text, start, end);
}
