import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { type BatchRow, chunksOfBatch, getBatchRow, listBatchRows } from '../../db/repos/batches-repo';
import { payoutsOfBatch, type PayoutRow } from '../../db/repos/payouts-repo';
import { stmt } from '../../db/prepared-cache';
import type { BatchState, PayoutState } from '../journal/states';
import { type BatchProgress, getBatchProgress } from '../journal/progress';

/** History reads for the screens: SQLite only, so they work offline. */

export type BatchSummary = BatchRow & { progress: BatchProgress };

export function listBatches(
  db: Db,
  opts: { environment?: string; states?: readonly BatchState[]; offset?: number; limit?: number } = {},
): BatchSummary[] {
  return listBatchRows(db, { ...opts, limit: Math.min(opts.limit ?? 50, 500) }).map((b) => ({
    ...b,
    progress: getBatchProgress(db, b.id),
  }));
}

export type BatchDetail = {
  batch: BatchRow;
  progress: BatchProgress;
  chunks: number;
  /** The page of rows asked for, in sheet order. */
  rows: PayoutRow[];
  /** Rows matching the state filter (for paging). */
  matching: number;
};

export function getBatch(
  db: Db,
  batchId: number,
  opts: { states?: readonly PayoutState[]; offset?: number; limit?: number } = {},
): BatchDetail {
  const batch = getBatchRow(db, batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  const states = opts.states ?? [];
  const matching = (
    db
      .prepare(
        `SELECT count(*) AS n FROM payouts WHERE batch_id = ?${states.length ? ` AND state IN (${states.map(() => '?').join(', ')})` : ''}`,
      )
      .get(batchId, ...states) as { n: number }
  ).n;
  return {
    batch,
    progress: getBatchProgress(db, batchId),
    chunks: chunksOfBatch(db, batchId).length,
    rows: payoutsOfBatch(db, batchId, { states, offset: opts.offset ?? 0, limit: Math.min(opts.limit ?? 100, 1000) }),
    matching,
  };
}

/** The audit trail of one payout (by transactionId), oldest first. */
export function payoutHistory(
  db: Db,
  transactionId: string,
): { at: string; action: string; fromState: string | null; toState: string | null; data: unknown }[] {
  return (
    stmt(
      db,
      "SELECT at, action, from_state AS fromState, to_state AS toState, data FROM audit_log WHERE entity = 'payout' AND entity_id = ? ORDER BY id",
    ).all(transactionId) as {
      at: string;
      action: string;
      fromState: string | null;
      toState: string | null;
      data: string;
    }[]
  ).map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
}
