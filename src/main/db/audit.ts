import { createHash } from 'node:crypto';
import type { Db } from './open';
import { stmt } from './prepared-cache';

export type AuditEntry = {
  entity: string;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  data?: Record<string, unknown>;
  at: string;
};

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, e: Required<Omit<AuditEntry, 'data'>> & { data: string }): string {
  // Field order is fixed; JSON.stringify of an array gives an unambiguous encoding of the tuple.
  return createHash('sha256')
    .update(JSON.stringify([prevHash, e.at, e.entity, e.entityId, e.action, e.fromState, e.toState, e.data]))
    .digest('hex');
}

// Every state change writes an audit entry; the two statements come from the per-connection prepared cache, so
// they are prepared once per connection instead of per entry (several times faster on big batches).
const LAST_HASH_SQL = 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1';
const INSERT_SQL = `INSERT INTO audit_log (at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Appends one audit entry chained to the previous one. Call inside the transaction that makes the change, so
 * the state and its audit record commit (or roll back) together.
 */
export function appendAudit(db: Db, entry: AuditEntry): string {
  return writeEntry(db, lastHash(db), entry);
}

/**
 * An appender for many entries inside ONE transaction the caller already holds (the journal's result loop): it
 * reads the chain's last hash once and carries it forward in memory instead of re-reading it per entry. That is
 * safe only while the transaction lasts: the write lock keeps every other connection from appending, and a
 * rollback discards the appender with the entries. Never keep one past the transaction that created it.
 */
export function auditAppenderInTransaction(db: Db): (entry: AuditEntry) => string {
  if (!db.inTransaction) throw new Error('auditAppenderInTransaction needs an open transaction');
  let prevHash: string | null = null;
  return (entry) => {
    prevHash = writeEntry(db, prevHash ?? lastHash(db), entry);
    return prevHash;
  };
}

function lastHash(db: Db): string {
  const last = stmt(db, LAST_HASH_SQL).get() as { hash: string } | undefined;
  return last?.hash ?? GENESIS;
}

function writeEntry(db: Db, prevHash: string, entry: AuditEntry): string {
  const row = {
    at: entry.at,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    fromState: entry.fromState ?? null,
    toState: entry.toState ?? null,
    data: JSON.stringify(entry.data ?? {}),
  };
  const hash = entryHash(prevHash, row);
  stmt(db, INSERT_SQL).run(
    row.at,
    row.entity,
    row.entityId,
    row.action,
    row.fromState,
    row.toState,
    row.data,
    prevHash,
    hash,
  );
  return hash;
}

/** One stored audit_log row as read back (the viewer, the chain check and the auditor pack read this shape). */
export type AuditLogRow = {
  id: number;
  at: string;
  entity: string;
  entityId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  /** The stored JSON text, verbatim (a tampered entry must be shown as it is, not as it parses). */
  data: string;
  hash: string;
  prevHash: string;
};

/** The audit_log columns under AuditLogRow's names. */
export const AUDIT_LOG_COLUMNS = `id, at, entity, entity_id AS entityId, action, from_state AS fromState, to_state AS toState,
  data, hash, prev_hash AS prevHash`;

export type ChainVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAtId: number; reason: string };

/** Walks the whole chain; reports the first entry whose link or content does not match. */
export function verifyAuditChain(db: Db): ChainVerdict {
  let prevHash = GENESIS;
  let count = 0;
  const rows = db
    .prepare(`SELECT ${AUDIT_LOG_COLUMNS} FROM audit_log ORDER BY id`)
    .iterate() as IterableIterator<AuditLogRow>;
  for (const row of rows) {
    count++;
    if (row.prevHash !== prevHash) {
      return { ok: false, entries: count, brokenAtId: row.id, reason: 'link to the previous entry is broken' };
    }
    if (entryHash(prevHash, row) !== row.hash) {
      return { ok: false, entries: count, brokenAtId: row.id, reason: 'entry content was changed' };
    }
    prevHash = row.hash;
  }
  return { ok: true, entries: count };
}
