import type { BatchState, ChunkState } from '../../../shared/domain/payout-states';
import type { Db } from '../open';
import { stmt } from '../prepared-cache';
import { placeholders } from '../sql-in';

/** Reads and inserts of `batches` and `chunks`. State changes go through services/journal/transition.ts. */

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

export function getBatchRow(db: Db, id: number): BatchRow | undefined {
  return stmt(db, `SELECT ${BATCH_COLUMNS} FROM batches WHERE id = ?`).get(id) as BatchRow | undefined;
}

/** Newest first; optionally one environment and/or some states. */
export function listBatchRows(
  db: Db,
  opts: { environment?: string; states?: readonly BatchState[]; offset?: number; limit?: number } = {},
): BatchRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.environment) {
    where.push('environment = ?');
    args.push(opts.environment);
  }
  if (opts.states?.length) {
    where.push(`state IN (${placeholders(opts.states.length)})`);
    args.push(...opts.states);
  }
  const sql = `SELECT ${BATCH_COLUMNS} FROM batches ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY id DESC LIMIT ? OFFSET ?`;
  return db.prepare(sql).all(...args, opts.limit ?? -1, opts.offset ?? 0) as BatchRow[];
}

export type NewBatch = {
  importId: number | null;
  parentBatchId: number | null;
  name: string;
  environment: string;
  kind: BatchKind;
  createdAt: string;
};

/** A DRAFT batch with zero rows; the staging transaction fills in the totals. */
export function insertBatch(db: Db, b: NewBatch): number {
  const info = stmt(
    db,
    `INSERT INTO batches (import_id, parent_batch_id, name, environment, state, kind, row_count, total_paise, created_at)
     VALUES (@importId, @parentBatchId, @name, @environment, 'DRAFT', @kind, 0, 0, @createdAt)`,
  ).run(b);
  return Number(info.lastInsertRowid);
}

/** Recomputes row_count and total_paise from the rows that will be paid (everything not CANCELLED). */
export function refreshBatchTotals(db: Db, batchId: number): { rowCount: number; totalPaise: number } {
  const t = stmt(
    db,
    `SELECT count(*) AS rowCount, coalesce(sum(amount_paise), 0) AS totalPaise
     FROM payouts WHERE batch_id = ? AND state != 'CANCELLED'`,
  ).get(batchId) as { rowCount: number; totalPaise: number };
  stmt(db, 'UPDATE batches SET row_count = ?, total_paise = ? WHERE id = ?').run(t.rowCount, t.totalPaise, batchId);
  return t;
}

export function setBatchLastError(db: Db, batchId: number, message: string | null): void {
  stmt(db, 'UPDATE batches SET last_error = ? WHERE id = ?').run(message, batchId);
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

export function getChunk(db: Db, id: number): ChunkRow | undefined {
  const raw = stmt(db, `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE id = ?`).get(id);
  return raw ? toChunk(raw) : undefined;
}

export function chunksOfBatch(db: Db, batchId: number): ChunkRow[] {
  return stmt(db, `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE batch_id = ? ORDER BY seq`).all(batchId).map(toChunk);
}

export function insertChunk(db: Db, c: { batchId: number; seq: number; batchTransactionId: string }): number {
  const info = stmt(
    db,
    `INSERT INTO chunks (batch_id, seq, batch_transaction_id, state) VALUES (@batchId, @seq, @batchTransactionId, 'READY')`,
  ).run(c);
  return Number(info.lastInsertRowid);
}

/** True when this batchTransactionId exists in the database (case-insensitive, like transactionIds). */
export function batchTransactionIdTaken(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM chunks WHERE upper(batch_transaction_id) = upper(?)').get(id) !== undefined;
}

/** Records that EnKash has seen this chunk's batchTransactionId: it is never posted again. */
export function markChunkLanded(db: Db, chunkId: number): void {
  stmt(db, 'UPDATE chunks SET landed = 1 WHERE id = ? AND landed = 0').run(chunkId);
}
