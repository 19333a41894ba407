import { AppError } from '../../../shared/domain/errors';
import { type AuditEntry, appendAuditOps, auditWriter, type AuditWriter } from '../../db/audit';
import type { Db } from '../../db/open';
import type { Logger } from '../../log';
import type { PayoutRoute } from '../../db/repos/payouts-repo';
import { all, engine, named, type Ops, q, run, transaction } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { FIELD_ORDER, pgSetSql, sqliteSetQueries } from './transition-sql';
import { ACCEPTED_STATES, canTransition, FINAL_STATES, type PayoutState } from './states';

/**
 * The one writer of journal state, on either engine (each function has its storage-work form `…Ops` and a
 * synchronous SQLite wrapper for the callers not yet on it). Each call is one transaction that checks every move against the
 * state machine, updates the row and appends a hash-chained audit entry for it — so a state and its audit
 * record commit (or roll back) together, and a crash can never leave one without the other.
 *
 * Moves are optimistic: each change names the state(s) it expects the row to be in. A row that moved on in
 * the meantime (the poller got there first) is skipped and reported, never overwritten — and never silently:
 * a dropped change is an error in the log and a `dropped` entry in the audit trail (issue 9 point 4), since
 * it may be an answer from EnKash that nobody acted on.
 */

/** Columns a transition may set alongside the state. `undefined` leaves a column alone; `null` clears it. */
export type PayoutFields = {
  enkashStatus?: string | null;
  enkashTransactionId?: string | null;
  utr?: string | null;
  rejectCode?: string | null;
  failureReason?: string | null;
  nextCheckAt?: string | null;
  lastRoute?: PayoutRoute | null;
  searchedAt?: string | null;
  chunkId?: number | null;
  /** EnKash's side of a CONFLICT (JSON of journal/adopt.ts ConflictSide); null clears it. */
  conflict?: string | null;
  /** Something a person should look at, e.g. `unknown_status`, `no_amount` (shown in the UI/CLI/exports). */
  flag?: string | null;
  /** Only "not ours" on a CONFLICT changes it (the old id stays in previous_transaction_ids and the audit). */
  transactionId?: string;
  previousTransactionIds?: string | null;
  /**
   * Clears the flag only when it is this one (e.g. `unknown_status` once EnKash says a word we know), leaving a
   * flag someone else set alone. Ignored when `flag` itself is set.
   */
  clearFlag?: string;
};

export type PayoutChange = {
  id: number;
  /** The state(s) the row must be in for this change to apply. */
  from: PayoutState | readonly PayoutState[];
  to: PayoutState;
  /** Audit action, e.g. `send`, `result`, `search`, `startup`, `confirm`, `cancel`, `resubmit`. */
  action: string;
  set?: PayoutFields;
  /** Extra audit data (no account numbers or secrets). */
  data?: Record<string, unknown>;
};

export type TransitionResult = { applied: number[]; skipped: { id: number; actual: PayoutState | null }[] };

export type TransitionOptions = {
  at: Date;
  /** When a change does not set nextCheckAt, the poller schedule for the new state. */
  schedule?: (to: PayoutState, at: Date) => string | null;
  /** Where a dropped change is reported at error level (it is audited either way). */
  log?: Logger;
  /**
   * The caller's audit writer (db/audit.ts auditWriter), when it appends more in the same transaction (the claim: the
   * chunk's move, then its rows'): the chain's end is read, and on PostgreSQL its lock taken, once instead of per
   * call. Only from a transaction this call runs inside, and never reused after a rollback of anything it wrote.
   */
  audit?: AuditWriter;
};

/** Applies `changes` in one transaction (nested calls become a savepoint of the caller's transaction). */
export function transitionPayouts(db: Db, changes: readonly PayoutChange[], opts: TransitionOptions): TransitionResult {
  return runSqlite(db, transitionPayoutsOps(changes, opts));
}

type CurrentRow = { state: PayoutState; txn: string; batchId: number };

/**
 * The rows as they are, locked against other writers until the transaction ends. SQLite's IMMEDIATE transaction
 * already holds the one write lock; PostgreSQL needs the row locks (taken in id order, so two writers of overlapping
 * sets queue instead of deadlocking), or a second server could move a row between this read and the UPDATE that
 * trusts it.
 */
function* currentPayouts(pg: boolean, ids: readonly number[]): Ops<Map<number, CurrentRow>> {
  const rows = pg
    ? yield* all<CurrentRow & { id: number }>(
        q`SELECT id, state, transaction_id AS txn, batch_id AS batchId FROM payouts WHERE id = ANY(${ids}::bigint[])
          ORDER BY id FOR UPDATE`,
      )
    : yield* all<CurrentRow & { id: number }>(
        q`SELECT id, state, transaction_id AS txn, batch_id AS batchId FROM payouts
          WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
      );
  return new Map(rows.map((r) => [r.id, { state: r.state, txn: r.txn, batchId: r.batchId }]));
}

function* currentPayout(pg: boolean, id: number): Ops<CurrentRow | undefined> {
  return (yield* currentPayouts(pg, [id])).get(id);
}

// Rows per set-based step: bounds one statement's arrays (and SQLite's JSON id list) on a 100,000-row call.
const SEGMENT_ROWS = 1000;

/**
 * The changes cut into runs of distinct ids, in order. A run is applied set-based (one read, one UPDATE per field
 * set, one audit INSERT); a change to a row already changed earlier in the call starts a new run, so it reads the
 * row as the earlier change left it — exactly what one-by-one application would see.
 */
function segments(changes: readonly PayoutChange[]): PayoutChange[][] {
  const out: PayoutChange[][] = [];
  let current: PayoutChange[] = [];
  let ids = new Set<number>();
  for (const change of changes) {
    if (ids.has(change.id) || current.length >= SEGMENT_ROWS) {
      out.push(current);
      current = [];
      ids = new Set();
    }
    ids.add(change.id);
    current.push(change);
  }
  if (current.length) out.push(current);
  return out;
}

export function* transitionPayoutsOps(
  changes: readonly PayoutChange[],
  opts: TransitionOptions,
): Ops<TransitionResult> {
  const at = opts.at.toISOString();
  const pg = (yield* engine()) === 'pg';
  return yield* transaction(function* () {
    const result: TransitionResult = { applied: [], skipped: [] };
    const audit = opts.audit ?? auditWriter();
    for (const segment of segments(changes)) yield* applySegment(pg, segment, at, opts, audit, result);
    return result;
  });
}

type Group = { key: string; fields: readonly (keyof PayoutFields)[]; params: Record<string, unknown>[] };

/** One run of distinct ids: checked against one read, then written with one statement per field set. */
function* applySegment(
  pg: boolean,
  changes: readonly PayoutChange[],
  at: string,
  opts: TransitionOptions,
  audit: AuditWriter,
  result: TransitionResult,
): Ops<void> {
  const current = yield* currentPayouts(
    pg,
    changes.map((c) => c.id),
  );
  const groups = new Map<string, Group>();
  const entries: AuditEntry[] = [];
  for (const change of changes) {
    const row = current.get(change.id);
    const expected = typeof change.from === 'string' ? [change.from] : change.from;
    if (!row || !expected.includes(row.state)) {
      result.skipped.push({ id: change.id, actual: row?.state ?? null });
      entries.push(dropped(change, expected, row, at, opts.log));
      continue;
    }
    if (!canTransition(row.state, change.to)) {
      throw new AppError('internal', `Journal refused the move ${row.state} → ${change.to}.`, {
        payoutId: change.id,
      });
    }
    const set: PayoutFields = { ...change.set };
    if (set.flag !== undefined) delete set.clearFlag;
    if (set.nextCheckAt === undefined && opts.schedule) set.nextCheckAt = opts.schedule(change.to, opts.at);
    const params: Record<string, unknown> = {
      id: change.id,
      to: change.to,
      at,
      accepted: ACCEPTED_STATES.includes(change.to) ? 1 : 0,
      final: FINAL_STATES.includes(change.to) ? 1 : 0,
    };
    let key = '';
    const fields: (keyof PayoutFields)[] = [];
    for (const f of FIELD_ORDER) {
      const v = set[f];
      if (v === undefined) continue;
      params[f] = v;
      fields.push(f);
      key += `${f},`;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, fields, params: [] }));
    group.params.push(params);
    entries.push({
      at,
      entity: 'payout',
      entityId: row.txn,
      action: change.action,
      fromState: row.state,
      toState: change.to,
      data: { payoutId: change.id, batchId: row.batchId, ...auditFields(set), ...change.data },
    });
    result.applied.push(change.id);
  }
  for (const group of groups.values()) {
    if (!pg) {
      for (const query of sqliteSetQueries(group.key, group.fields, group.params, at)) yield* run(query);
      continue;
    }
    const arrays: Record<string, unknown> = { at };
    for (const c of ['id', 'to', 'accepted', 'final', ...group.fields]) {
      arrays[`v_${c}`] = group.params.map((p) => p[c]);
    }
    yield* run(named(pgSetSql(group.key, group.fields), arrays));
  }
  // The entries in change order (applied and dropped interleaved, as one-by-one application writes them).
  yield* audit.appendAll(entries);
}

/** A change that found its row elsewhere: logged at error level and audited, the row left as it is. */
function dropped(
  change: PayoutChange,
  expected: readonly PayoutState[],
  row: CurrentRow | undefined,
  at: string,
  log: Logger | undefined,
): AuditEntry {
  const info = {
    payoutId: change.id,
    expected: [...expected],
    actual: row?.state ?? null,
    wanted: change.to,
    action: change.action,
  };
  log?.error('journal.transition_dropped', info);
  return {
    at,
    entity: 'payout',
    entityId: row?.txn ?? String(change.id),
    action: 'dropped',
    fromState: row?.state ?? null,
    toState: row?.state ?? null,
    data: { ...info, batchId: row?.batchId ?? null, ...auditFields(change.set ?? {}) },
  };
}

/** What of a change is worth keeping in the audit trail (ids and codes; never payee details). */
function auditFields(set: PayoutFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (set.enkashStatus) out.enkashStatus = set.enkashStatus;
  if (set.enkashTransactionId) out.enkashTransactionId = set.enkashTransactionId;
  if (set.utr) out.utr = set.utr;
  if (set.rejectCode) out.rejectCode = set.rejectCode;
  if (set.lastRoute) out.route = set.lastRoute;
  if (set.flag) out.flag = set.flag;
  if (set.transactionId) out.transactionId = set.transactionId;
  return out;
}

/**
 * Changes a payout's data without changing its state (an edit of a REJECTED row before resubmission), with
 * an audit entry naming the fields that changed. Values are not copied into the audit log (payee details).
 */
export function editPayoutData(
  db: Db,
  id: number,
  expected: PayoutState,
  values: Partial<Record<EditableColumn, string | number | null>>,
  at: Date,
): boolean {
  return runSqlite(db, editPayoutDataOps(id, expected, values, at));
}

const EDIT_SQL = new Map<string, string>();

export function* editPayoutDataOps(
  id: number,
  expected: PayoutState,
  values: Partial<Record<EditableColumn, string | number | null>>,
  at: Date,
): Ops<boolean> {
  const cols = (Object.keys(values) as EditableColumn[]).filter((c) => EDITABLE.includes(c)).sort();
  const pg = (yield* engine()) === 'pg';
  return yield* transaction(function* () {
    const row = yield* currentPayout(pg, id);
    if (!row || row.state !== expected) return false;
    if (cols.length) {
      const key = cols.join(',');
      let text = EDIT_SQL.get(key);
      if (text === undefined) {
        text = `UPDATE payouts SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`;
        EDIT_SQL.set(key, text);
      }
      const params: Record<string, unknown> = { id, at: at.toISOString() };
      for (const c of cols) params[c] = values[c];
      yield* run(named(text, params));
    }
    yield* appendAuditOps({
      at: at.toISOString(),
      entity: 'payout',
      entityId: row.txn,
      action: 'edit',
      fromState: row.state,
      toState: row.state,
      data: { payoutId: id, batchId: row.batchId, fields: cols },
    });
    return true;
  });
}

export type EditableColumn =
  | 'beneficiary_id'
  | 'payee_name'
  | 'account_number'
  | 'ifsc'
  | 'vpa'
  | 'email'
  | 'phone'
  | 'amount_paise'
  | 'mode'
  | 'remark'
  | 'reference'
  | 'mode_defaulted';

const EDITABLE: readonly EditableColumn[] = [
  'beneficiary_id',
  'payee_name',
  'account_number',
  'ifsc',
  'vpa',
  'email',
  'phone',
  'amount_paise',
  'mode',
  'remark',
  'reference',
  'mode_defaulted',
];

// Batch and chunk moves live beside this file; the journal's many importers keep one name to import from.
export {
  transitionBatch,
  transitionBatchOps,
  transitionChunk,
  transitionChunkOps,
  type BatchMoveOptions,
  type ChunkMoveOptions,
} from './transition-batch';
