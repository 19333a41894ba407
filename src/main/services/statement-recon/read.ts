import { AppError } from '../../../shared/domain/errors';
import { sql } from 'kysely';
import type { Db } from '../../db/open';
import { all, engine, get, q, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
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

// The payout columns beside a line or an issue. Aliases are quoted so PostgreSQL keeps their case (SQLite reads a
// quoted alias the same way).
const PAYOUT = sql.raw(`p.id AS "pId", p.batch_id AS "pBatchId", p.row_number AS "pRowNumber",
  p.transaction_id AS "pTransactionId", p.enkash_transaction_id AS "pEnkashTransactionId", p.payee_name AS "pPayeeName",
  p.account_number AS "pAccount", p.ifsc AS "pIfsc", p.vpa AS "pVpa", p.mode AS "pMode", p.amount_paise AS "pAmountPaise",
  p.state AS "pState", p.utr AS "pUtr", p.flag AS "pFlag", p.conflict AS "pConflict"`);

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

type RunRow = Omit<ReconRun, 'requestIds' | 'summary'> & { requestIds: string; summary: string };

/** One stored run with its summary. */
export function* getReconciliationOps(runId: number): Ops<ReconRun> {
  const row = yield* get<RunRow>(
    q`SELECT id, environment, from_date AS "fromDate", to_date AS "toDate", range_start AS "rangeStart",
       range_end AS "rangeEnd", fetched_start AS "fetchedStart", fetched_end AS "fetchedEnd",
       debit_account AS "debitAccount", request_ids AS "requestIds", created_at AS "createdAt", summary
     FROM recon_runs WHERE id = ${runId}`,
  );
  if (!row) throw new AppError('not_found', 'No such reconciliation.', { runId });
  return {
    ...row,
    requestIds: JSON.parse(row.requestIds) as string[],
    summary: JSON.parse(row.summary) as ReconSummary,
  };
}

export function getReconciliation(db: Db, runId: number): ReconRun {
  return runSqlite(db, getReconciliationOps(runId));
}

type ListOptions = { environment?: string; limit?: number };

export function* listReconciliationsOps(opts: ListOptions): Ops<ReconRun[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const where = opts.environment ? sql`WHERE environment = ${opts.environment}` : sql``;
  const ids = yield* all<{ id: number }>(q`SELECT id FROM recon_runs ${where} ORDER BY id DESC LIMIT ${limit}`);
  const runs: ReconRun[] = [];
  for (const r of ids) runs.push(yield* getReconciliationOps(r.id));
  return runs;
}

/** Stored runs, newest first. */
export function listReconciliations(db: Db, opts: ListOptions = {}): ReconRun[] {
  return runSqlite(db, listReconciliationsOps(opts));
}

const LINE_WHERE: Record<ReconLineFilter, string> = {
  // Out-of-range lines (fetched as a margin) are shown only when they explain one of our payouts.
  all: '(l.in_range = 1 OR l.payout_id IS NOT NULL)',
  matched: 'l.payout_id IS NOT NULL',
  unmatched: 'l.in_range = 1 AND l.payout_id IS NULL',
  flagged: 'l.flag IS NOT NULL',
  reversals: "l.role = 'reversal'",
};

/** How many lines the `all` filter shows (an export's total for its progress). */
export function* countShownReconLinesOps(runId: number): Ops<number> {
  const row = yield* get<{ n: number }>(
    q`SELECT count(*) AS n FROM recon_lines l WHERE l.run_id = ${runId} AND ${sql.raw(LINE_WHERE.all)}`,
  );
  return Number(row?.n ?? 0);
}

type LineOptions = { filter?: ReconLineFilter; limit?: number; afterSeq?: number; fullAccount?: boolean };
type LinePage = { lines: ReconLineView[]; nextAfterSeq: number | null };

/** Lines of a run in statement order, paged by `afterSeq`. */
export function* listReconLinesOps(runId: number, opts: LineOptions = {}): Ops<LinePage> {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 5000);
  // The chosen text goes into the SQL as it is: only the five names above may pick it (not `toString` & co).
  const filter = opts.filter ?? 'all';
  const where = Object.hasOwn(LINE_WHERE, filter) ? LINE_WHERE[filter] : undefined;
  if (!where) throw new AppError('invalid_input', 'Unknown line filter.', { field: 'filter' });
  const rows = yield* all<Omit<ReconLineView, 'inRange' | 'payout'> & PayoutCols & { inRange: number }>(
    q`SELECT l.seq, l.in_range AS "inRange", l.transaction_id AS "transactionId",
       l.transaction_date AS "transactionDate", l.value_date AS "valueDate", l.transaction_type AS "transactionType",
       l.direction, l.remarks, l.reference_number AS "referenceNumber", l.mode, l.amount_paise AS "amountPaise",
       l.running_balance_paise AS "runningBalancePaise", l.method, l.confidence, l.role,
       l.payout_state AS "payoutStateAtRun", l.flag, l.note, ${PAYOUT}
     FROM recon_lines l LEFT JOIN payouts p ON p.id = l.payout_id
     WHERE l.run_id = ${runId} AND l.seq > ${opts.afterSeq ?? 0} AND ${sql.raw(where)} ORDER BY l.seq
     LIMIT ${limit + 1}`,
  );
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

export function listReconLines(db: Db, runId: number, opts: LineOptions = {}): LinePage {
  return runSqlite(db, listReconLinesOps(runId, opts));
}

/** Payout-side issues of a run (no debit, refund or reversal credit missing, reversal not recorded). */
export function* listReconIssuesOps(runId: number, opts: { fullAccount?: boolean } = {}): Ops<ReconIssueView[]> {
  // SQLite's CROSS JOIN keeps the issues as the outer loop (few rows, looked up in payouts by id); PostgreSQL has no
  // CROSS JOIN … ON and plans the join itself. The issue kinds are lower-case ASCII words joined by "_" that order
  // the same under every collation.
  const join = (yield* engine()) === 'sqlite' ? sql`CROSS JOIN` : sql`JOIN`;
  const rows = yield* all<Omit<ReconIssueView, 'payout'> & PayoutCols>(
    q`SELECT i.issue, i.payout_state AS "payoutStateAtRun", i.note, ${PAYOUT}
     FROM recon_payout_issues i ${join} payouts p ON p.id = i.payout_id
     WHERE i.run_id = ${runId} ORDER BY i.issue, p.id`,
  );
  return rows.map((r) => ({
    issue: r.issue,
    payoutStateAtRun: r.payoutStateAtRun,
    note: r.note,
    payout: payoutRef(r, opts.fullAccount === true) as ReconPayoutRef,
  }));
}

export function listReconIssues(db: Db, runId: number, opts: { fullAccount?: boolean } = {}): ReconIssueView[] {
  return runSqlite(db, listReconIssuesOps(runId, opts));
}
