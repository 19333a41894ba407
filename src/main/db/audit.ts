import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

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
type AuditStatements = { last: Statement<[], { hash: string }>; insert: Statement<Record<string, unknown>> };

// Every state change writes an audit entry; preparing the two statements once per connection instead of per
// entry makes the journal's bookkeeping several times faster on big batches.
const statements = new WeakMap<Db, AuditStatements>();

function statementsFor(db: Db): AuditStatements {
  let s = statements.get(db);
  if (!s) {
    s = {
      last: db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1') as Statement<[], { hash: string }>,
      insert: db.prepare(
        `INSERT INTO audit_log (at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
         VALUES (@at, @entity, @entityId, @action, @fromState, @toState, @data, @prevHash, @hash)`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Appends one audit entry chained to the previous one. Call inside the transaction that makes the change, so
 * the state and its audit record commit (or roll back) together.
 */
export function appendAudit(db: Db, entry: AuditEntry): string {
  const { last, insert } = statementsFor(db);
  const prevHash = last.get()?.hash ?? GENESIS;
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
  insert.run({ ...row, prevHash, hash });
  return hash;
}

export type ChainVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAtId: number; reason: string };

/** Walks the whole chain; reports the first entry whose link or content does not match. */
export function verifyAuditChain(db: Db): ChainVerdict {
  let prevHash = GENESIS;
  let count = 0;
  const rows = db
    .prepare(
      'SELECT id, at, entity, entity_id AS entityId, action, from_state AS fromState, to_state AS toState, data, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
    )
    .iterate() as IterableIterator<{
    id: number;
    at: string;
    entity: string;
    entityId: string;
    action: string;
    fromState: string | null;
    toState: string | null;
    data: string;
    prevHash: string;
    hash: string;
  }>;
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
