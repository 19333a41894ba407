import { sql } from 'kysely';
import { AppError } from '../../../shared/domain/errors';
import { AUDIT_LOG_COLUMNS, type AuditLogRow, verifyAuditChainOps } from '../../db/audit';
import type { Db } from '../../db/open';
import { all, engine, get, q, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

/** The audit log viewer: newest first, filterable by entity, and a "verify chain" that names the first bad link. */

/** An entry as the viewer shows it: the stored row, its data JSON verbatim. */
export type AuditEntryView = AuditLogRow;

export type AuditFilters = { entity?: string; entityId?: string; action?: string };

/** The audit_log columns as AuditEntryView names (the viewer and the auditor pack read the same shape). */
export const AUDIT_COLUMNS = AUDIT_LOG_COLUMNS;

type AuditPage = { entries: AuditEntryView[]; nextBeforeId: number | null };

/** One page of the audit log, newest first; `beforeId` is the previous page's `nextBeforeId`. */
export function* listAuditOps(
  filters: AuditFilters = {},
  page: { limit?: number; beforeId?: number | null } = {},
): Ops<AuditPage> {
  const limit = page.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError('invalid_input', 'A page holds 1 to 1000 entries.', { field: 'limit' });
  }
  if (filters.entityId && !filters.entity) {
    throw new AppError('invalid_input', 'Pick what kind of record the id belongs to.', { field: 'entity' });
  }
  const where = [sql`1 = 1`];
  if (filters.entity) where.push(sql`entity = ${filters.entity}`);
  if (filters.entityId) where.push(sql`entity_id = ${filters.entityId}`);
  if (filters.action) {
    // Few distinct actions: checked per row while walking the primary key (or the entity index) newest first. The
    // unary + keeps SQLite off an action index; PostgreSQL has no + for text and plans this well without it.
    where.push((yield* engine()) === 'sqlite' ? sql`+action = ${filters.action}` : sql`action = ${filters.action}`);
  }
  if (page.beforeId !== undefined && page.beforeId !== null) where.push(sql`id < ${page.beforeId}`);
  const rows = yield* all<AuditEntryView>(
    q`SELECT ${sql.raw(AUDIT_COLUMNS)} FROM audit_log WHERE ${sql.join(where, sql` AND `)}
      ORDER BY id DESC LIMIT ${limit + 1}`,
  );
  const more = rows.length > limit;
  if (more) rows.length = limit;
  return { entries: rows, nextBeforeId: more ? (rows.at(-1)?.id ?? null) : null };
}

export function listAudit(
  db: Db,
  filters: AuditFilters = {},
  page: { limit?: number; beforeId?: number | null } = {},
): AuditPage {
  return runSqlite(db, listAuditOps(filters, page));
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
