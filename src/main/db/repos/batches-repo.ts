import type { BatchState, ChunkState } from '../../../shared/domain/payout-states';
import type { Db } from '../open';
import { all, get, named, type Ops, run } from '../store/ops';
import { runSqlite } from '../store/run-sqlite';
import { inParams, NO_LIMIT } from './repo-sql';

/**
 * Reads and inserts of `batches` and `chunks`, as storage work for both engines (db/store/ops.ts). The `…Ops`
 * functions hold the SQL; the plain names are synchronous SQLite wrappers kept for callers not yet on a Store.
 * State changes go through services/journal/transition.ts.
 */

export type BatchKind = 'sheet' | 'single' | 'retry';

export type BatchRow = {
  id: number;
  importId: number | null;
  parentBatchId: number | null;
  name: string;
  environment: string;
  state: BatchState;
  kind: BatchKind;
  rowCount: number;
  totalPaise: number;
  createdAt: string;
  confirmedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
};

const BATCH_COLUMNS = `id, import_id AS importId, parent_batch_id AS parentBatchId, name, environment, state, kind,
  row_count AS rowCount, total_paise AS totalPaise, created_at AS createdAt, confirmed_at AS confirmedAt,
  finished_at AS finishedAt, last_error AS lastError`;

const GET_BATCH = `SELECT ${BATCH_COLUMNS} FROM batches WHERE id = @id`;

export function* getBatchRowOps(id: number): Ops<BatchRow | undefined> {
  return yield* get<BatchRow>(named(GET_BATCH, { id }));
}

export function getBatchRow(db: Db, id: number): BatchRow | undefined {
  return runSqlite(db, getBatchRowOps(id));
}

export type ListBatchOptions = {
  environment?: string;
  states?: readonly BatchState[];
  offset?: number;
  limit?: number;
};

/** Newest first; optionally one environment and/or some states. */
export function* listBatchRowsOps(opts: ListBatchOptions = {}): Ops<BatchRow[]> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: opts.limit ?? NO_LIMIT, offset: opts.offset ?? 0 };
  if (opts.environment) {
    where.push('environment = @environment');
    params.environment = opts.environment;
  }
  if (opts.states?.length) {
    const list = inParams('s', opts.states);
    where.push(`state IN (${list.text})`);
    Object.assign(params, list.params);
  }
  const text = `SELECT ${BATCH_COLUMNS} FROM batches ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY id DESC LIMIT @limit OFFSET @offset`;
  return yield* all<BatchRow>(named(text, params));
}

export type NewBatch = {
  importId: number | null;
  parentBatchId: number | null;
  name: string;
  environment: string;
  kind: BatchKind;
  createdAt: string;
};

const INSERT_BATCH = `INSERT INTO batches (import_id, parent_batch_id, name, environment, state, kind, row_count,
    total_paise, created_at)
  VALUES (@importId, @parentBatchId, @name, @environment, 'DRAFT', @kind, 0, 0, @createdAt) RETURNING id`;

/** A DRAFT batch with zero rows; the staging transaction fills in the totals. */
export function* insertBatchOps(b: NewBatch): Ops<number> {
  const row = yield* get<{ id: number }>(
    named(INSERT_BATCH, {
      importId: b.importId,
      parentBatchId: b.parentBatchId,
      name: b.name,
      environment: b.environment,
      kind: b.kind,
      createdAt: b.createdAt,
    }),
  );
  return Number(row!.id);
}

export function insertBatch(db: Db, b: NewBatch): number {
  return runSqlite(db, insertBatchOps(b));
}

const BATCH_TOTALS = `SELECT count(*) AS rowCount, coalesce(sum(amount_paise), 0) AS totalPaise
  FROM payouts WHERE batch_id = @batchId AND state != 'CANCELLED'`;
const SET_BATCH_TOTALS = 'UPDATE batches SET row_count = @rowCount, total_paise = @totalPaise WHERE id = @batchId';

/** Recomputes row_count and total_paise from the rows that will be paid (everything not CANCELLED). */
export function* refreshBatchTotalsOps(batchId: number): Ops<{ rowCount: number; totalPaise: number }> {
  const t = (yield* get<{ rowCount: number; totalPaise: number }>(named(BATCH_TOTALS, { batchId })))!;
  const totals = { rowCount: Number(t.rowCount), totalPaise: Number(t.totalPaise) };
  yield* run(named(SET_BATCH_TOTALS, { ...totals, batchId }));
  return totals;
}

const SET_LAST_ERROR = 'UPDATE batches SET last_error = @message WHERE id = @batchId';

export function* setBatchLastErrorOps(batchId: number, message: string | null): Ops<void> {
  yield* run(named(SET_LAST_ERROR, { message, batchId }));
}

export type ChunkRow = {
  id: number;
  batchId: number;
  seq: number;
  batchTransactionId: string;
  state: ChunkState;
  sentAt: string | null;
  landed: boolean;
  attempts: number;
};

const CHUNK_COLUMNS = `id, batch_id AS batchId, seq, batch_transaction_id AS batchTransactionId, state,
  sent_at AS sentAt, landed, attempts`;

function toChunk(raw: unknown): ChunkRow {
  const r = raw as Omit<ChunkRow, 'landed'> & { landed: number };
  return { ...r, landed: r.landed === 1 };
}

const GET_CHUNK = `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE id = @id`;

export function* getChunkOps(id: number): Ops<ChunkRow | undefined> {
  const raw = yield* get(named(GET_CHUNK, { id }));
  return raw ? toChunk(raw) : undefined;
}

const CHUNKS_OF_BATCH = `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE batch_id = @batchId ORDER BY seq`;

export function* chunksOfBatchOps(batchId: number): Ops<ChunkRow[]> {
  return (yield* all(named(CHUNKS_OF_BATCH, { batchId }))).map(toChunk);
}

const INSERT_CHUNK = `INSERT INTO chunks (batch_id, seq, batch_transaction_id, state)
  VALUES (@batchId, @seq, @batchTransactionId, 'READY') RETURNING id`;

export function* insertChunkOps(c: { batchId: number; seq: number; batchTransactionId: string }): Ops<number> {
  const row = yield* get<{ id: number }>(
    named(INSERT_CHUNK, { batchId: c.batchId, seq: c.seq, batchTransactionId: c.batchTransactionId }),
  );
  return Number(row!.id);
}

export function insertChunk(db: Db, c: { batchId: number; seq: number; batchTransactionId: string }): number {
  return runSqlite(db, insertChunkOps(c));
}

const BATCH_TX_ID_TAKEN = 'SELECT 1 AS taken FROM chunks WHERE upper(batch_transaction_id) = upper(@id)';

/** True when this batchTransactionId exists in the database (case-insensitive, like transactionIds). */
export function* batchTransactionIdTakenOps(id: string): Ops<boolean> {
  return (yield* get(named(BATCH_TX_ID_TAKEN, { id }))) !== undefined;
}

const MARK_LANDED = 'UPDATE chunks SET landed = 1 WHERE id = @chunkId AND landed = 0';

/** Records that EnKash has seen this chunk's batchTransactionId: it is never posted again. */
export function* markChunkLandedOps(chunkId: number): Ops<void> {
  yield* run(named(MARK_LANDED, { chunkId }));
}
