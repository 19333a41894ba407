import { sql } from 'kysely';
import { AppError } from '../../../shared/domain/errors';
import { AUDIT_LOG_COLUMNS, type AuditLogRow, verifyAuditChainOps } from '../../db/audit';
import type { Db } from '../../db/open';
import { get, q, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

/** The audit log viewer: newest first, filterable by entity, and a "verify chain" that names the first bad link. */

/** An entry as the viewer shows it: the stored row, its data JSON verbatim. */
export type AuditEntryView = AuditLogRow;

export type AuditFilters = { entity?: string; entityId?: string; action?: string };

/** The audit_log columns as AuditEntryView names (the viewer and the auditor pack read the same shape). */
export const AUDIT_COLUMNS = AUDIT_LOG_COLUMNS;

/** One page of the audit log, newest first; `beforeId` is the previous page's `nextBeforeId`. */
export function listAudit(
  db: Db,
  filters: AuditFilters = {},
  page: { limit?: number; beforeId?: number | null } = {},
): { entries: AuditEntryView[]; nextBeforeId: number | null } {
  const limit = page.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError('invalid_input', 'A page holds 1 to 1000 entries.', { field: 'limit' });
  }
  if (filters.entityId && !filters.entity) {
    throw new AppError('invalid_input', 'Pick what kind of record the id belongs to.', { field: 'entity' });
  }
  const where: string[] = [];
  const args: unknown[] = [];
  if (filters.entity) {
    where.push('entity = ?');
    args.push(filters.entity);
  }
  if (filters.entityId) {
    where.push('entity_id = ?');
    args.push(filters.entityId);
  }
  if (filters.action) {
    // Few distinct actions: checked per row while walking the primary key (or the entity index) newest first.
    where.push('+action = ?');
    args.push(filters.action);
  }
  if (page.beforeId !== undefined && page.beforeId !== null) {
    where.push('id < ?');
    args.push(page.beforeId);
  }
  const rows = db
    .prepare(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    )
    .all(...args, limit + 1) as AuditEntryView[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  return { entries: rows, nextBeforeId: more ? (rows.at(-1)?.id ?? null) : null };
}

export type ChainReport =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAtId: number; reason: string; entry: AuditEntryView | null };

/**
 * Re-computes every hash of the chain. A database edited outside the app (a changed amount in an entry, a
 * deleted or inserted row) is reported with the first entry whose link or content no longer matches.
 */
export function* verifyChainOps(): Ops<ChainReport> {
  const verdict = yield* verifyAuditChainOps();
  if (verdict.ok) return verdict;
  const entry =
    (yield* get<AuditEntryView>(q`SELECT ${sql.raw(AUDIT_COLUMNS)} FROM audit_log WHERE id = ${verdict.brokenAtId}`)) ??
    null;
  return { ...verdict, entry };
}

export function verifyChain(db: Db): ChainReport {
  return runSqlite(db, verifyChainOps());
}
