import type { ExportCell, ExportColumn } from '../../../shared/domain/export-table';
import { conflictPayee, flagLabel, parseConflict } from '../../../shared/domain/payout-conflict';
import { maskAccount } from '../../../shared/domain/mask';
import { FIELD } from '../history/query';
import type { HistoryRow, Totals } from '../history/types';

/** Headers of conflictCells, appended to the payout and reconciliation exports. */
export const CONFLICT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Flag', type: 'text', width: 30 },
  { header: 'EnKash amount (₹)', type: 'money' },
  { header: 'EnKash payee', type: 'text', width: 30 },
  { header: 'EnKash mode', type: 'text', width: 9 },
  { header: 'Differs in', type: 'text', width: 20 },
];

/**
 * The payout columns an auditor needs, in the order they read a payment: which batch and sheet row, the ids
 * on both sides, the payee, where the money went, how much and how it ended. Ids, account numbers, IFSC,
 * UTRs and row numbers are text cells (every digit and leading zero kept); amounts are money from paise;
 * times are shown in IST.
 */
export const PAYOUT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Batch', type: 'text', width: 8 },
  { header: 'Batch name', type: 'text', width: 24 },
  { header: 'Environment', type: 'text', width: 12 },
  { header: 'Row', type: 'text', width: 7 },
  { header: 'Transaction ID', type: 'text', width: 26 },
  { header: 'EnKash ID', type: 'text', width: 22 },
  { header: 'Payee name', type: 'text', width: 28 },
  { header: 'Beneficiary ID', type: 'text', width: 18 },
  { header: 'Account number', type: 'text', width: 22 },
  { header: 'IFSC', type: 'text', width: 13 },
  { header: 'VPA', type: 'text', width: 24 },
  { header: 'Mode', type: 'text', width: 7 },
  { header: 'Amount (₹)', type: 'money' },
  { header: 'Status', type: 'text', width: 12 },
  { header: 'EnKash status', type: 'text', width: 14 },
  { header: 'Reject / failure code', type: 'text', width: 24 },
  { header: 'Failure reason', type: 'text', width: 30 },
  { header: 'UTR', type: 'text', width: 16 },
  { header: 'Reference', type: 'text', width: 16 },
  { header: 'Remark', type: 'text', width: 20 },
  { header: 'Created (IST)', type: 'date' },
  { header: 'Sent (IST)', type: 'date' },
  { header: 'Final (IST)', type: 'date' },
  // Appended after the original columns so files and tests that read by position keep working (issue 9 §3).
  ...CONFLICT_COLUMNS,
];

export const AMOUNT_COLUMN = PAYOUT_COLUMNS.findIndex((c) => c.type === 'money');

/** Columns of a raw history row (HISTORY_COLUMNS order) that fill PAYOUT_COLUMNS, in that order. */
const SOURCE: readonly (keyof HistoryRow)[] = [
  'batchId',
  'batchName',
  'environment',
  'rowNumber',
  'transactionId',
  'enkashTransactionId',
  'payeeName',
  'beneficiaryId',
  'account',
  'ifsc',
  'vpa',
  'mode',
  'amountPaise',
  'state',
  'enkashStatus',
  'rejectCode',
  'failureReason',
  'utr',
  'reference',
  'remark',
  'createdAt',
  'sentAt',
  'finalAt',
];
const POSITIONS = SOURCE.map((k) => FIELD[k]);
const BATCH = SOURCE.indexOf('batchId');
const ROW = SOURCE.indexOf('rowNumber');
const ACCOUNT = SOURCE.indexOf('account');

/**
 * One payout (a raw history row) as export cells. Row and batch numbers become text (they are labels, and
 * Excel must not reformat them); the account is masked unless `fullAccount`.
 */
export function payoutCells(raw: readonly unknown[], fullAccount: boolean): ExportCell[] {
  const cells = POSITIONS.map((i) => raw[i] as ExportCell);
  cells[BATCH] = String(cells[BATCH]);
  cells[ROW] = String(cells[ROW]);
  const account = cells[ACCOUNT];
  if (!fullAccount && typeof account === 'string') cells[ACCOUNT] = maskAccount(account);
  cells.push(
    ...conflictCells(raw[FIELD.state] as string, raw[FIELD.conflict], raw[FIELD.flag] as string | null, fullAccount),
  );
  return cells;
}

/**
 * The flag in words and EnKash's side of a CONFLICT (issue 9 §3). EnKash's side only for a CONFLICT: for any
 * other row those cells stay empty, never a copy of ours. Its account is masked like ours unless `fullAccount`.
 */
export function conflictCells(
  state: string | null | undefined,
  conflictJson: unknown,
  flag: string | null | undefined,
  fullAccount: boolean,
): ExportCell[] {
  const conflict = state === 'CONFLICT' ? parseConflict(conflictJson) : null;
  return [
    flagLabel(flag) || null,
    conflict?.amountPaise ?? null,
    conflict ? conflictPayee(conflict, fullAccount ? undefined : maskAccount) || null : null,
    conflict?.mode ?? null,
    conflict?.fields.length ? conflict.fields.join(', ') : null,
  ];
}

export const STATE_FIELD = FIELD.state;
export const AMOUNT_FIELD = FIELD.amountPaise;

/**
 * Running totals of an export, by state, in integer paise. The grand total leaves CANCELLED rows out, like the
 * batch total the user confirmed (they were never going to be paid); they keep their own line.
 */
export class ExportTotals {
  readonly all: Totals = { count: 0, amountPaise: 0 };
  readonly byState = new Map<string, Totals>();

  add(state: string, amountPaise: number): void {
    if (state !== 'CANCELLED') {
      this.all.count += 1;
      this.all.amountPaise += amountPaise;
    }
    const t = this.byState.get(state) ?? { count: 0, amountPaise: 0 };
    t.count += 1;
    t.amountPaise += amountPaise;
    this.byState.set(state, t);
  }

  /**
   * Totals rows under the data: a blank separator, the grand total, then one row per status — so the auditor
   * sees at once how much was paid, failed and returned. The label sits in the first column, the count in the
   * Row column and the amount under Amount.
   */
  footer(width: number, amountColumn: number, countColumn: number): ExportCell[][] {
    const row = (label: string, t: Totals) => {
      const cells: ExportCell[] = new Array(width).fill(null);
      cells[0] = label;
      cells[countColumn] = String(t.count);
      cells[amountColumn] = t.amountPaise;
      return cells;
    };
    const states = [...this.byState.entries()].sort(([a], [b]) => a.localeCompare(b));
    const label = this.byState.has('CANCELLED') ? 'Total (not cancelled)' : 'Total';
    return [new Array(width).fill(null), row(label, this.all), ...states.map(([s, t]) => row(`Total ${s}`, t))];
  }
}
