import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { maskAccount } from '../../../shared/domain/mask';
import type { NewRun } from './store';
import type { LineFlag, LineRole, MatchMethod, PayoutIssueKind, ReconSummary, StatementLine } from './types';

/** Offline views of stored reconciliation runs (nothing here calls EnKash). */

/** A stored run: what was fetched and matched, with its summary. */
export type ReconRun = NewRun & { id: number; summary: ReconSummary };

/** The payout a line or issue refers to, as it is now (its state at the run is beside it). */
export type ReconPayoutRef = {
  id: number;
  batchId: number;
  rowNumber: number;
  transactionId: string;
  enkashTransactionId: string | null;
  payeeName: string | null;
  /** Masked unless asked for in full. */
  account: string | null;
  ifsc: string | null;
  vpa: string | null;
  mode: string;
  amountPaise: number;
  state: string;
  utr: string | null;
  /** Why a person should look at the payout (payouts.flag); null when nothing to say. */
  flag: string | null;
  /** EnKash's side of a CONFLICT as stored (JSON); null otherwise. */
  conflict: string | null;
};

export type ReconLineView = Omit<StatementLine, 'at'> & {
  method: MatchMethod | null;
  confidence: number | null;
  role: LineRole | null;
  payoutStateAtRun: string | null;
  flag: LineFlag | null;
  note: string | null;
  payout: ReconPayoutRef | null;
};

export type ReconIssueView = {
  issue: PayoutIssueKind;
  payoutStateAtRun: string;
  note: string | null;
  payout: ReconPayoutRef;
};

/** Which lines to list: all shown lines, matched ones, in-range lines no payout explains, flagged, reversals. */
export type ReconLineFilter = 'all' | 'matched' | 'unmatched' | 'flagged' | 'reversals';

const PAYOUT = `p.id AS pId, p.batch_id AS pBatchId, p.row_number AS pRowNumber, p.transaction_id AS pTransactionId,
  p.enkash_transaction_id AS pEnkashTransactionId, p.payee_name AS pPayeeName, p.account_number AS pAccount, p.ifsc AS pIfsc,
  p.vpa AS pVpa, p.mode AS pMode, p.amount_paise AS pAmountPaise, p.state AS pState, p.utr AS pUtr,
  p.flag AS pFlag, p.conflict AS pConflict`;

type PayoutCols = {
  pId: number | null;
  pBatchId: number;
  pRowNumber: number;
  pTransactionId: string;
  pEnkashTransactionId: string | null;
  pPayeeName: string | null;
  pAccount: string | null;
  pIfsc: string | null;
  pVpa: string | null;
  pMode: string;
  pAmountPaise: number;
  pState: string;
  pUtr: string | null;
  pFlag: string | null;
  pConflict: string | null;
};

function payoutRef(r: PayoutCols, fullAccount: boolean): ReconPayoutRef | null {
  if (r.pId === null) return null;
  return {
    id: r.pId,
    batchId: r.pBatchId,
    rowNumber: r.pRowNumber,
    transactionId: r.pTransactionId,
    enkashTransactionId: r.pEnkashTransactionId,
    payeeName: r.pPayeeName,
    account: r.pAccount === null ? null : fullAccount ? r.pAccount : maskAccount(r.pAccount),
    ifsc: r.pIfsc,
    vpa: r.pVpa,
    mode: r.pMode,
    amountPaise: r.pAmountPaise,
    state: r.pState,
    utr: r.pUtr,
    flag: r.pFlag,
    conflict: r.pConflict,
  };
}

/** One stored run with its summary. */
export function getReconciliation(db: Db, runId: number): ReconRun {
  const row = db
    .prepare(
      `SELECT id, environment, from_date AS fromDate, to_date AS toDate, range_start AS rangeStart, range_end AS rangeEnd,
         fetched_start AS fetchedStart, fetched_end AS fetchedEnd, debit_account AS debitAccount,
         request_ids AS requestIds, created_at AS createdAt, summary
       FROM recon_runs WHERE id = ?`,
    )
    .get(runId) as (Omit<ReconRun, 'requestIds' | 'summary'> & { requestIds: string; summary: string }) | undefined;
  if (!row) throw new AppError('not_found', 'No such reconciliation.', { runId });
  return {
    ...row,
    requestIds: JSON.parse(row.requestIds) as string[],
    summary: JSON.parse(row.summary) as ReconSummary,
  };
}

/** Stored runs, newest first. */
export function listReconciliations(db: Db, opts: { environment?: string; limit?: number } = {}): ReconRun[] {
  const ids = db
    .prepare(`SELECT id FROM recon_runs ${opts.environment ? 'WHERE environment = ?' : ''} ORDER BY id DESC LIMIT ?`)
    .all(...(opts.environment ? [opts.environment] : []), Math.min(Math.max(opts.limit ?? 50, 1), 500)) as {
    id: number;
  }[];
  return ids.map((r) => getReconciliation(db, r.id));
}

const LINE_WHERE: Record<ReconLineFilter, string> = {
  // Out-of-range lines (fetched as a margin) are shown only when they explain one of our payouts.
  all: '(l.in_range = 1 OR l.payout_id IS NOT NULL)',
  matched: 'l.payout_id IS NOT NULL',
  unmatched: 'l.in_range = 1 AND l.payout_id IS NULL',
  flagged: 'l.flag IS NOT NULL',
  reversals: "l.role = 'reversal'",
};

/** Lines of a run in statement order, paged by `afterSeq`. */
export function listReconLines(
  db: Db,
  runId: number,
  opts: { filter?: ReconLineFilter; limit?: number; afterSeq?: number; fullAccount?: boolean } = {},
): { lines: ReconLineView[]; nextAfterSeq: number | null } {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 5000);
  const where = LINE_WHERE[opts.filter ?? 'all'];
  if (!where) throw new AppError('invalid_input', 'Unknown line filter.', { field: 'filter' });
  const rows = db
    .prepare(
      `SELECT l.seq, l.in_range AS inRange, l.transaction_id AS transactionId, l.transaction_date AS transactionDate,
         l.value_date AS valueDate, l.transaction_type AS transactionType, l.direction, l.remarks,
         l.reference_number AS referenceNumber, l.mode, l.amount_paise AS amountPaise,
         l.running_balance_paise AS runningBalancePaise, l.method, l.confidence, l.role, l.payout_state AS payoutStateAtRun,
         l.flag, l.note, ${PAYOUT}
       FROM recon_lines l LEFT JOIN payouts p ON p.id = l.payout_id
       WHERE l.run_id = ? AND l.seq > ? AND ${where} ORDER BY l.seq LIMIT ?`,
    )
    .all(runId, opts.afterSeq ?? 0, limit + 1) as (Omit<ReconLineView, 'inRange' | 'payout'> &
    PayoutCols & { inRange: number })[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const lines = rows.map((r) => {
    const view: ReconLineView = {
      seq: r.seq,
      inRange: r.inRange === 1,
      transactionId: r.transactionId,
      transactionDate: r.transactionDate,
      valueDate: r.valueDate,
      transactionType: r.transactionType,
      direction: r.direction,
      remarks: r.remarks,
      referenceNumber: r.referenceNumber,
      mode: r.mode,
      amountPaise: r.amountPaise,
      runningBalancePaise: r.runningBalancePaise,
      method: r.method,
      confidence: r.confidence,
      role: r.role,
      payoutStateAtRun: r.payoutStateAtRun,
      flag: r.flag,
      note: r.note,
      payout: payoutRef(r, opts.fullAccount === true),
    };
    return view;
  });
  return { lines, nextAfterSeq: more ? (lines.at(-1)?.seq ?? null) : null };
}

/** Payout-side issues of a run (no debit, refund or reversal credit missing, reversal not recorded). */
export function listReconIssues(db: Db, runId: number, opts: { fullAccount?: boolean } = {}): ReconIssueView[] {
  const rows = db
    .prepare(
      `SELECT i.issue, i.payout_state AS payoutStateAtRun, i.note, ${PAYOUT}
       FROM recon_payout_issues i CROSS JOIN payouts p ON p.id = i.payout_id
       WHERE i.run_id = ? ORDER BY i.issue, p.id`,
    )
    .all(runId) as (Omit<ReconIssueView, 'payout'> & PayoutCols)[];
  return rows.map((r) => ({
    issue: r.issue,
    payoutStateAtRun: r.payoutStateAtRun,
    note: r.note,
    payout: payoutRef(r, opts.fullAccount === true) as ReconPayoutRef,
  }));
}
