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

export type AuditWriter = {
  append(entry: AuditEntry): Ops<string>;
  /**
   * The entries in order, each chained to the one before, exactly as that many `append` calls would write them; on
   * PostgreSQL as one multi-row INSERT (the chain trigger checks each row against the one inserted before it).
   */
  appendAll(entries: readonly AuditEntry[]): Ops<void>;
};

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
    *appendAll(entries) {
      if (!entries.length) return;
      let prev = prevHash ?? (yield* lastHashOps());
      if ((yield* engine()) === 'sqlite') {
        // One prepared statement per row is as cheap as SQLite gets; there is no round trip to save.
        for (const entry of entries) prev = yield* writeEntryOps(prev, entry);
      } else {
        const cols: string[][] = [[], [], [], [], [], [], [], [], []];
        for (const entry of entries) {
          const row = storedRow(entry);
          const hash = entryHash(prev, row);
          const values = [
            row.at,
            row.entity,
            row.entityId,
            row.action,
            row.fromState,
            row.toState,
            row.data,
            prev,
            hash,
          ];
          values.forEach((v, i) => cols[i]!.push(v as string));
          prev = hash;
        }
        // WITH ORDINALITY … ORDER BY: the identity ids follow the entries' order, which the chain trigger requires.
        yield* run(q`INSERT INTO audit_log (at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
          SELECT a, e, i, act, f, t, d, p, h FROM unnest(${cols[0]}::text[], ${cols[1]}::text[], ${cols[2]}::text[],
            ${cols[3]}::text[], ${cols[4]}::text[], ${cols[5]}::text[], ${cols[6]}::text[], ${cols[7]}::text[],
            ${cols[8]}::text[]) WITH ORDINALITY AS u(a, e, i, act, f, t, d, p, h, n) ORDER BY n`);
      }
      prevHash = prev;
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

function storedRow(entry: AuditEntry) {
  return {
    at: entry.at,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    fromState: entry.fromState ?? null,
    toState: entry.toState ?? null,
    data: JSON.stringify(entry.data ?? {}),
  };
}

function* writeEntryOps(prevHash: string, entry: AuditEntry): Ops<string> {
  const row = storedRow(entry);
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
