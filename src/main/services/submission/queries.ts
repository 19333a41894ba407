import { AppError } from '../../../shared/domain/errors';
import {
  type BatchRow,
  chunksOfBatchOps,
  getBatchRowOps,
  type ListBatchOptions,
  listBatchRowsOps,
} from '../../db/repos/batches-repo';
import { inParams } from '../../db/repos/repo-sql';
import { payoutsOfBatchOps, type PayoutRow } from '../../db/repos/payouts-repo';
import { all, get, named, type Ops } from '../../db/store/ops';
import type { BatchState, PayoutState } from '../journal/states';
import { type BatchProgress, getBatchProgressOps } from '../journal/progress';

/** History reads for the screens, as storage work for either engine (on the desk: SQLite, so they work offline). */

export type BatchSummary = BatchRow & { progress: BatchProgress };

type ListOptions = Omit<ListBatchOptions, 'states'> & { states?: readonly BatchState[] };

export function* listBatchesOps(opts: ListOptions = {}): Ops<BatchSummary[]> {
  const rows = yield* listBatchRowsOps({ ...opts, limit: Math.min(opts.limit ?? 50, 500) });
  const out: BatchSummary[] = [];
  for (const b of rows) out.push({ ...b, progress: yield* getBatchProgressOps(b.id) });
  return out;
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

type DetailOptions = { states?: readonly PayoutState[]; offset?: number; limit?: number };

export function* getBatchOps(batchId: number, opts: DetailOptions = {}): Ops<BatchDetail> {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  const states = opts.states ?? [];
  const list = states.length ? inParams('s', states) : { text: '', params: {} };
  const where = states.length ? ` AND state IN (${list.text})` : '';
  const counted = yield* get<{ n: number }>(
    named(`SELECT count(*) AS n FROM payouts WHERE batch_id = @batchId${where}`, { ...list.params, batchId }),
  );
  return {
    batch,
    progress: yield* getBatchProgressOps(batchId),
    chunks: (yield* chunksOfBatchOps(batchId)).length,
    rows: yield* payoutsOfBatchOps(batchId, {
      states,
      offset: opts.offset ?? 0,
      limit: Math.min(opts.limit ?? 100, 1000),
    }),
    matching: Number(counted?.n ?? 0),
  };
}

export type PayoutHistoryEntry = {
  at: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  data: unknown;
};

const PAYOUT_HISTORY = `SELECT at, action, from_state AS fromState, to_state AS toState, data FROM audit_log
  WHERE entity = 'payout' AND entity_id = @transactionId ORDER BY id`;

/** The audit trail of one payout (by transactionId), oldest first. */
export function* payoutHistoryOps(transactionId: string): Ops<PayoutHistoryEntry[]> {
  const rows = yield* all<Omit<PayoutHistoryEntry, 'data'> & { data: string }>(
    named(PAYOUT_HISTORY, { transactionId }),
  );
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
}
