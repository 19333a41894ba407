import type { TransferMode } from '../../../shared/domain/payout';
import type { PayoutState } from '../../../shared/domain/payout-states';
import type { Db } from '../open';
import { all, engine, get, named, type Ops, run } from '../store/ops';
import { runSqlite } from '../store/run-sqlite';
import { inParams, NO_LIMIT } from './repo-sql';

/**
 * Reads and inserts of `payouts`, as storage work for both engines (db/store/ops.ts); the plain names are synchronous
 * SQLite wrappers for callers not yet on a Store. State changes are NOT here: they go through transitionPayouts
 * (services/journal/transition.ts), the one writer of a payout's state, which also writes the audit entry.
 */

export type PayoutRoute = 'batch' | 'single';

export type PayoutRow = {
  id: number;
  batchId: number;
  chunkId: number | null;
  rowNumber: number;
  transactionId: string;
  beneficiaryId: string | null;
  payeeName: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  email: string | null;
  phone: string | null;
  amountPaise: number;
  mode: TransferMode;
  remark: string | null;
  reference: string | null;
  state: PayoutState;
  enkashStatus: string | null;
  enkashTransactionId: string | null;
  utr: string | null;
  rejectCode: string | null;
  failureReason: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  finalAt: string | null;
  updatedAt: string;
  nextCheckAt: string | null;
  retryOfPayoutId: number | null;
  lastRoute: PayoutRoute | null;
  searchedAt: string | null;
  checks: number;
  requestedTransactionId: string | null;
  modeDefaulted: boolean;
  /** EnKash's side of a CONFLICT as JSON (ConflictSide in services/journal/adopt.ts); null otherwise. */
  conflict: string | null;
  /** Why a person should look (`unknown_status`, `no_amount`, `settled_by_person`, …); null when nothing to say. */
  flag: string | null;
  /** JSON array of ids this row used before a "not ours" settlement gave it a new one. */
  previousTransactionIds: string | null;
};

const COLUMNS: readonly (readonly [string, keyof PayoutRow])[] = [
  ['id', 'id'],
  ['batch_id', 'batchId'],
  ['chunk_id', 'chunkId'],
  ['row_number', 'rowNumber'],
  ['transaction_id', 'transactionId'],
  ['beneficiary_id', 'beneficiaryId'],
  ['payee_name', 'payeeName'],
  ['account_number', 'accountNumber'],
  ['ifsc', 'ifsc'],
  ['vpa', 'vpa'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['amount_paise', 'amountPaise'],
  ['mode', 'mode'],
  ['remark', 'remark'],
  ['reference', 'reference'],
  ['state', 'state'],
  ['enkash_status', 'enkashStatus'],
  ['enkash_transaction_id', 'enkashTransactionId'],
  ['utr', 'utr'],
  ['reject_code', 'rejectCode'],
  ['failure_reason', 'failureReason'],
  ['attempts', 'attempts'],
  ['created_at', 'createdAt'],
  ['sent_at', 'sentAt'],
  ['accepted_at', 'acceptedAt'],
  ['final_at', 'finalAt'],
  ['updated_at', 'updatedAt'],
  ['next_check_at', 'nextCheckAt'],
  ['retry_of_payout_id', 'retryOfPayoutId'],
  ['last_route', 'lastRoute'],
  ['searched_at', 'searchedAt'],
  ['checks', 'checks'],
  ['requested_transaction_id', 'requestedTransactionId'],
  ['mode_defaulted', 'modeDefaulted'],
  ['conflict', 'conflict'],
  ['flag', 'flag'],
  ['previous_transaction_ids', 'previousTransactionIds'],
];

/** The SELECT list that reads a PayoutRow, optionally qualified by a table alias. */
function payoutColumns(alias = ''): string {
  const q = alias ? `${alias}.` : '';
  return COLUMNS.map(([col, key]) => `${q}${col} AS ${key}`).join(', ');
}

const PAYOUT_COLUMNS = payoutColumns();

type RawPayout = Omit<PayoutRow, 'modeDefaulted'> & { modeDefaulted: number };

function toPayoutRow(raw: unknown): PayoutRow {
  const r = raw as RawPayout;
  return { ...r, modeDefaulted: r.modeDefaulted === 1 };
}

const GET_PAYOUT = `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE id = @id`;

export function* getPayoutOps(id: number): Ops<PayoutRow | undefined> {
  const raw = yield* get(named(GET_PAYOUT, { id }));
  return raw ? toPayoutRow(raw) : undefined;
}

export function getPayout(db: Db, id: number): PayoutRow | undefined {
  return runSqlite(db, getPayoutOps(id));
}

const PAYOUT_BY_TX_ID = `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE upper(transaction_id) = upper(@transactionId)`;

export function* getPayoutByTransactionIdOps(transactionId: string): Ops<PayoutRow | undefined> {
  const raw = yield* get(named(PAYOUT_BY_TX_ID, { transactionId }));
  return raw ? toPayoutRow(raw) : undefined;
}

/** ` AND <column> IN (@s0, …)` and its values, or nothing for an empty list (meaning "any state"). */
function statesClause(
  column: string,
  states: readonly PayoutState[],
): { text: string; params: Record<string, unknown> } {
  if (states.length === 0) return { text: '', params: {} };
  const list = inParams('s', states);
  return { text: ` AND ${column} IN (${list.text})`, params: list.params };
}

export type PayoutPage = { states?: readonly PayoutState[]; offset?: number; limit?: number };

/** A batch's rows in sheet order, optionally only some states, paged. */
export function* payoutsOfBatchOps(batchId: number, opts: PayoutPage = {}): Ops<PayoutRow[]> {
  const where = statesClause('state', opts.states ?? []);
  const text = `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE batch_id = @batchId${where.text}
    ORDER BY row_number, id LIMIT @limit OFFSET @offset`;
  const params = { ...where.params, batchId, limit: opts.limit ?? NO_LIMIT, offset: opts.offset ?? 0 };
  return (yield* all(named(text, params))).map(toPayoutRow);
}

export function payoutsOfBatch(db: Db, batchId: number, opts: PayoutPage = {}): PayoutRow[] {
  return runSqlite(db, payoutsOfBatchOps(batchId, opts));
}

/**
 * SQLite: a chunk's row as one JSON object, parsed in JS. better-sqlite3 builds a row object property by property,
 * which for 38 columns costs more than twice what JSON.parse of the same row does (the claim's read of 100 rows:
 * ~2.3 ms → ~1 ms; issue 13 point 5). The same keys in the same order and the same values: the columns are integers,
 * text or NULL, which JSON carries exactly.
 */
const PAYOUT_JSON = `json_object(${COLUMNS.map(([col, key]) =>
  key === 'modeDefaulted' ? `'${key}', json(CASE WHEN ${col} = 1 THEN 'true' ELSE 'false' END)` : `'${key}', ${col}`,
).join(', ')})`;

// One text per engine and number of states (the text names them @s0, @s1, …), so the statement cache sees one string.
const CHUNK_READ = new Map<string, string>();

export function* payoutsOfChunkOps(chunkId: number, states: readonly PayoutState[] = []): Ops<PayoutRow[]> {
  const sqlite = (yield* engine()) === 'sqlite';
  const where = statesClause('state', states);
  const key = `${sqlite ? 'sqlite' : 'pg'}:${states.length}`;
  let text = CHUNK_READ.get(key);
  if (text === undefined) {
    const select = sqlite ? `${PAYOUT_JSON} AS j` : PAYOUT_COLUMNS;
    text = `SELECT ${select} FROM payouts WHERE chunk_id = @chunkId${where.text} ORDER BY row_number, id`;
    CHUNK_READ.set(key, text);
  }
  const rows = yield* all(named(text, { ...where.params, chunkId }));
  if (sqlite) return rows.map((r) => JSON.parse((r as { j: string }).j) as PayoutRow);
  return rows.map(toPayoutRow);
}

export function* countPayoutsInStatesOps(environment: string, states: readonly PayoutState[]): Ops<number> {
  // No state asked for: nothing can match (and `IN ()` is not SQL).
  if (states.length === 0) return 0;
  const where = statesClause('p.state', states);
  const text = `SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
    WHERE b.environment = @environment${where.text}`;
  const row = yield* get<{ n: number }>(named(text, { ...where.params, environment }));
  return Number(row?.n ?? 0);
}

export type NewPayout = {
  batchId: number;
  chunkId: number | null;
  rowNumber: number;
  transactionId: string;
  beneficiaryId?: string | null;
  payeeName?: string | null;
  accountNumber?: string | null;
  ifsc?: string | null;
  vpa?: string | null;
  email?: string | null;
  phone?: string | null;
  amountPaise: number;
  mode: TransferMode;
  remark?: string | null;
  reference?: string | null;
  state: 'DRAFT' | 'CANCELLED';
  createdAt: string;
  retryOfPayoutId?: number | null;
  requestedTransactionId?: string | null;
  modeDefaulted?: boolean;
  /** The sheet supplied this row's transactionId (pre-flight looks it up at EnKash). */
  idFromSheet?: boolean;
};

const INSERT_PAYOUT = `INSERT INTO payouts (batch_id, chunk_id, row_number, transaction_id, beneficiary_id, payee_name,
    account_number, ifsc, vpa, email, phone, amount_paise, mode, remark, reference, state, created_at, updated_at,
    retry_of_payout_id, requested_transaction_id, mode_defaulted, id_from_sheet)
  VALUES (@batchId, @chunkId, @rowNumber, @transactionId, @beneficiaryId, @payeeName, @accountNumber, @ifsc, @vpa,
    @email, @phone, @amountPaise, @mode, @remark, @reference, @state, @createdAt, @createdAt, @retryOfPayoutId,
    @requestedTransactionId, @modeDefaulted, @idFromSheet)
  RETURNING id`;

/** Inserts one staged row (DRAFT); returns its id. Call inside the staging transaction. */
export function* insertPayoutOps(p: NewPayout): Ops<number> {
  const row = yield* get<{ id: number }>(
    named(INSERT_PAYOUT, {
      batchId: p.batchId,
      chunkId: p.chunkId,
      rowNumber: p.rowNumber,
      transactionId: p.transactionId,
      beneficiaryId: p.beneficiaryId ?? null,
      payeeName: p.payeeName ?? null,
      accountNumber: p.accountNumber ?? null,
      ifsc: p.ifsc ?? null,
      vpa: p.vpa ?? null,
      email: p.email ?? null,
      phone: p.phone ?? null,
      amountPaise: p.amountPaise,
      mode: p.mode,
      remark: p.remark ?? null,
      reference: p.reference ?? null,
      state: p.state,
      createdAt: p.createdAt,
      retryOfPayoutId: p.retryOfPayoutId ?? null,
      requestedTransactionId: p.requestedTransactionId ?? null,
      modeDefaulted: p.modeDefaulted ? 1 : 0,
      idFromSheet: p.idFromSheet ? 1 : 0,
    }),
  );
  return Number(row!.id);
}

export function insertPayout(db: Db, p: NewPayout): number {
  return runSqlite(db, insertPayoutOps(p));
}

const TX_ID_TAKEN = 'SELECT 1 AS taken FROM payouts WHERE upper(transaction_id) = upper(@transactionId)';

/** True when `transactionId` (compared case-insensitively) is already used by any payout in this database. */
export function* transactionIdTakenOps(transactionId: string): Ops<boolean> {
  return (yield* get(named(TX_ID_TAKEN, { transactionId }))) !== undefined;
}

export type CheckFields = {
  searchedAt?: string;
  /** Forget an earlier "not found": the row must not count toward a resend (a record under its id exists). */
  forgetNotFound?: boolean;
  nextCheckAt: string | null;
  countCheck?: boolean;
  enkashStatus?: string | null;
  utr?: string | null;
  /** Sets the flag (e.g. `unknown_status` for a status word we do not know). */
  flag?: string;
  /** Clears the flag only when it is this one (a flag someone else set stays). */
  clearFlag?: string;
};

// The casts give PostgreSQL a type for parameters it would otherwise only see in `IS NOT NULL` / coalesce.
const RECORD_CHECK = `UPDATE payouts SET next_check_at = CAST(@nextCheckAt AS text),
    searched_at = CASE WHEN @forget = 1 THEN NULL ELSE coalesce(CAST(@searchedAt AS text), searched_at) END,
    checks = checks + @inc,
    enkash_status = coalesce(CAST(@enkashStatus AS text), enkash_status),
    utr = coalesce(CAST(@utr AS text), utr),
    flag = CASE WHEN CAST(@flag AS text) IS NOT NULL THEN CAST(@flag AS text)
      WHEN flag = CAST(@clearFlag AS text) THEN NULL ELSE flag END
  WHERE id = @id`;

/**
 * Bookkeeping of the reconciler that is not a state change (so not audited): when a search last missed the
 * row, when to look again, and how many checks happened since the last state change.
 */
export function* recordCheckOps(id: number, fields: CheckFields): Ops<void> {
  yield* run(
    named(RECORD_CHECK, {
      flag: fields.flag ?? null,
      clearFlag: fields.clearFlag ?? null,
      id,
      nextCheckAt: fields.nextCheckAt,
      searchedAt: fields.searchedAt ?? null,
      forget: fields.forgetNotFound ? 1 : 0,
      inc: fields.countCheck ? 1 : 0,
      enkashStatus: fields.enkashStatus ?? null,
      utr: fields.utr ?? null,
    }),
  );
}

export type DueOptions = { nullIsDue: boolean; limit?: number };

/**
 * Rows of `environment` in `states` whose next check is due at `nowIso`. `nullIsDue`: a row without a schedule
 * is due (UNKNOWN, PENDING, PROCESSING) — for SUCCESS a missing schedule means "no longer watched".
 */
export function* duePayoutsOps(
  environment: string,
  states: readonly PayoutState[],
  nowIso: string,
  opts: DueOptions,
): Ops<PayoutRow[]> {
  if (states.length === 0) return [];
  // NULLS FIRST is SQLite's default order spelled out: PostgreSQL puts NULLs last.
  const nullClause = opts.nullIsDue ? 'p.next_check_at IS NULL OR ' : '';
  const where = statesClause('p.state', states);
  const text = `SELECT ${payoutColumns('p')} FROM payouts p JOIN batches b ON b.id = p.batch_id
    WHERE b.environment = @environment${where.text} AND (${nullClause}p.next_check_at <= @nowIso)
    ORDER BY p.next_check_at NULLS FIRST, p.id LIMIT @limit`;
  const params = { ...where.params, environment, nowIso, limit: opts.limit ?? 5000 };
  return (yield* all(named(text, params))).map(toPayoutRow);
}
