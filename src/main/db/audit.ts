import { createHash } from 'node:crypto';
import type { Db } from './open';
import { all, engine, get, type Ops, q, run } from './store/ops';
import { runSqlite } from './store/run-sqlite';

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

/**
 * Appends one audit entry chained to the previous one. Call inside the transaction that makes the change, so
 * the state and its audit record commit (or roll back) together.
 */
export function appendAudit(db: Db, entry: AuditEntry): string {
  return runSqlite(db, appendAuditOps(entry));
}

/** appendAudit as storage work, for either engine (call it inside the transaction that makes the change). */
export function* appendAuditOps(entry: AuditEntry): Ops<string> {
  return yield* auditWriter().append(entry);
}

export type AuditWriter = { append(entry: AuditEntry): Ops<string> };

/**
 * A writer for many entries inside ONE transaction the caller holds (the journal's result loop): it reads the
 * chain's last hash once and carries it forward in memory instead of re-reading it per entry. That is safe only
 * while the transaction lasts — on SQLite the write lock keeps every other connection from appending; on
 * PostgreSQL the first append takes the chain's advisory lock (the one the audit_log trigger takes), held to
 * commit — and a rollback discards the writer with the entries. Never keep one past its transaction.
 */
export function auditWriter(): AuditWriter {
  let prevHash: string | null = null;
  return {
    *append(entry) {
      prevHash = yield* writeEntryOps(prevHash ?? (yield* lastHashOps()), entry);
      return prevHash;
    },
  };
}

/** The synchronous writer for SQLite callers not yet on storage work (same rules as auditWriter). */
export function auditAppenderInTransaction(db: Db): (entry: AuditEntry) => string {
  if (!db.inTransaction) throw new Error('auditAppenderInTransaction needs an open transaction');
  const writer = auditWriter();
  return (entry) => runSqlite(db, writer.append(entry));
}

// The lock key of the audit_log_chain trigger (PostgreSQL migration 001): taking it before reading the last hash
// makes concurrent appenders queue instead of both linking to the same predecessor (the trigger would refuse one).
const CHAIN_LOCK = 7213001;

function* lastHashOps(): Ops<string> {
  if ((yield* engine()) === 'pg') yield* run(q`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = yield* get<{ hash: string }>(q`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  return last?.hash ?? GENESIS;
}

function* writeEntryOps(prevHash: string, entry: AuditEntry): Ops<string> {
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
  yield* run(q`INSERT INTO audit_log (at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
    VALUES (${row.at}, ${row.entity}, ${row.entityId}, ${row.action}, ${row.fromState}, ${row.toState}, ${row.data},
      ${prevHash}, ${hash})`);
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
  return runSqlite(db, verifyAuditChainOps());
}

// Read in pages so a long chain is never one huge result in memory (PostgreSQL has no row iterator through ops).
const VERIFY_PAGE = 5_000;

export function* verifyAuditChainOps(): Ops<ChainVerdict> {
  let prevHash = GENESIS;
  let count = 0;
  let afterId = -1;
  for (;;) {
    const rows = yield* all<AuditLogRow>(
      q`SELECT id, at, entity, entity_id AS entityId, action, from_state AS fromState, to_state AS toState, data, hash,
          prev_hash AS prevHash FROM audit_log WHERE id > ${afterId} ORDER BY id LIMIT ${VERIFY_PAGE}`,
    );
    for (const row of rows) {
      count++;
      if (row.prevHash !== prevHash) {
        return { ok: false, entries: count, brokenAtId: row.id, reason: 'link to the previous entry is broken' };
      }
      if (entryHash(prevHash, row) !== row.hash) {
        return { ok: false, entries: count, brokenAtId: row.id, reason: 'entry content was changed' };
      }
      prevHash = row.hash;
      afterId = row.id;
    }
    if (rows.length < VERIFY_PAGE) return { ok: true, entries: count };
  }
}
