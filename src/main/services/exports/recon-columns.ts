import type { ExportCell, ExportColumn } from '../../../shared/domain/export-table';
import type { ReconIssueView, ReconLineView, ReconPayoutRef } from '../statement-recon/read';
import { parseStatementTime } from '../statement-recon/normalise';
import { CONFLICT_COLUMNS, conflictCells } from './payout-columns';
import type { ReconSummary } from '../statement-recon/types';

/**
 * The reconciliation as one table (CSV has one sheet): every statement line with what it was matched to, then
 * the payouts the statement does not account for. The `Section` column tells them apart so an auditor can
 * filter in Excel. Statement text (remarks, references) is untrusted and goes through the same neutralising
 * cell rules as everything else.
 */
export const RECON_COLUMNS: readonly ExportColumn[] = [
  { header: 'Section', type: 'text', width: 22 },
  { header: 'Statement line', type: 'text', width: 9 },
  { header: 'Line date (IST)', type: 'date' },
  { header: 'Debit / credit', type: 'text', width: 10 },
  { header: 'Statement type', type: 'text', width: 12 },
  { header: 'Statement reference', type: 'text', width: 22 },
  { header: 'Statement transaction ID', type: 'text', width: 26 },
  { header: 'Remarks', type: 'text', width: 36 },
  { header: 'Line amount (₹)', type: 'money' },
  { header: 'Running balance (₹)', type: 'money' },
  { header: 'Matched by', type: 'text', width: 14 },
  { header: 'Confidence', type: 'text', width: 10 },
  { header: 'Role', type: 'text', width: 10 },
  { header: 'Flag', type: 'text', width: 22 },
  { header: 'Note', type: 'text', width: 40 },
  { header: 'Batch', type: 'text', width: 8 },
  { header: 'Row', type: 'text', width: 7 },
  { header: 'Transaction ID', type: 'text', width: 26 },
  { header: 'EnKash ID', type: 'text', width: 22 },
  { header: 'Payee name', type: 'text', width: 28 },
  { header: 'Account number', type: 'text', width: 22 },
  { header: 'IFSC', type: 'text', width: 13 },
  { header: 'VPA', type: 'text', width: 24 },
  { header: 'Mode', type: 'text', width: 7 },
  { header: 'Payout amount (₹)', type: 'money' },
  { header: 'Status at reconciliation', type: 'text', width: 14 },
  { header: 'Status now', type: 'text', width: 12 },
  { header: 'UTR', type: 'text', width: 16 },
  // Appended: the payout's flag and, for a CONFLICT, EnKash's side (issue 9 §3).
  ...CONFLICT_COLUMNS.map((c) => (c.header === 'Flag' ? { ...c, header: 'Payout flag' } : c)),
];

const LINE_AMOUNT = 8;
const FLAG = RECON_COLUMNS.findIndex((c) => c.header === 'Flag');

function payoutCells(p: ReconPayoutRef | null): ExportCell[] {
  if (!p) return new Array(9).fill(null);
  return [
    String(p.batchId),
    String(p.rowNumber),
    p.transactionId,
    p.enkashTransactionId,
    p.payeeName,
    p.account,
    p.ifsc,
    p.vpa,
    p.mode,
  ];
}

function refConflictCells(p: ReconPayoutRef | null, fullAccount: boolean): ExportCell[] {
  if (!p) return new Array(CONFLICT_COLUMNS.length).fill(null);
  return conflictCells(p.state, p.conflict, p.flag, fullAccount);
}

function section(l: ReconLineView): string {
  if (!l.payout) return 'Unmatched statement line';
  return l.inRange ? 'Matched' : 'Matched (outside range)';
}

export function lineCells(l: ReconLineView, fullAccount = false): ExportCell[] {
  const at = parseStatementTime(l.transactionDate) ?? parseStatementTime(l.valueDate);
  return [
    section(l),
    String(l.seq),
    at !== null ? new Date(at) : (l.transactionDate ?? l.valueDate),
    l.direction,
    l.transactionType,
    l.referenceNumber,
    l.transactionId,
    l.remarks,
    l.amountPaise,
    l.runningBalancePaise,
    l.method,
    l.confidence === null ? null : `${l.confidence}%`,
    l.role,
    l.flag,
    l.note,
    ...payoutCells(l.payout),
    l.payout?.amountPaise ?? null,
    l.payoutStateAtRun,
    l.payout?.state ?? null,
    l.payout?.utr ?? null,
    ...refConflictCells(l.payout, fullAccount),
  ];
}

export function issueCells(i: ReconIssueView, fullAccount = false): ExportCell[] {
  // The statement-line columns stay empty (the statement has no line for it); the issue goes under Flag.
  return [
    'Payout issue',
    ...new Array<ExportCell>(FLAG - 1).fill(null),
    i.issue,
    i.note,
    ...payoutCells(i.payout),
    i.payout.amountPaise,
    i.payoutStateAtRun,
    i.payout.state,
    i.payout.utr,
    ...refConflictCells(i.payout, fullAccount),
  ];
}

/** Totals under the table: debits and credits of the range, and what no payout explains. */
export function reconFooter(summary: ReconSummary): ExportCell[][] {
  const row = (label: string, paise: number) => {
    const cells: ExportCell[] = new Array(RECON_COLUMNS.length).fill(null);
    cells[0] = label;
    cells[LINE_AMOUNT] = paise;
    return cells;
  };
  return [
    new Array(RECON_COLUMNS.length).fill(null),
    row('Total debits in range', summary.debitPaise),
    row('Total credits in range', summary.creditPaise),
    row('Debits matched to payouts', summary.matchedDebitPaise),
    row('Debits not explained', summary.unmatchedDebitPaise),
    row('Credits not explained', summary.unmatchedCreditPaise),
  ];
}
