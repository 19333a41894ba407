import type { TransferMode } from '../../../shared/domain/payout';
import type { PayoutState } from '../../../shared/domain/payout-states';
import type { Db } from '../open';
import { stmt } from '../prepared-cache';
import { placeholders } from '../sql-in';

/**
 * Reads and inserts of `payouts`. State changes are NOT here: they go through transitionPayouts
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

export function getPayout(db: Db, id: number): PayoutRow | undefined {
  const raw = stmt(db, `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE id = ?`).get(id);
  return raw ? toPayoutRow(raw) : undefined;
}

export function getPayoutByTransactionId(db: Db, transactionId: string): PayoutRow | undefined {
  const raw = stmt(db, `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE upper(transaction_id) = upper(?)`).get(
    transactionId,
  );
  return raw ? toPayoutRow(raw) : undefined;
}

/** A batch's rows in sheet order, optionally only some states, paged. */
export function payoutsOfBatch(
  db: Db,
  batchId: number,
  opts: { states?: readonly PayoutState[]; offset?: number; limit?: number } = {},
): PayoutRow[] {
  const states = opts.states ?? [];
  const where = states.length ? ` AND state IN (${placeholders(states.length)})` : '';
  const sql = `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE batch_id = ?${where} ORDER BY row_number, id LIMIT ? OFFSET ?`;
  return db
    .prepare(sql)
    .all(batchId, ...states, opts.limit ?? -1, opts.offset ?? 0)
    .map(toPayoutRow);
}

export function payoutsOfChunk(db: Db, chunkId: number, states: readonly PayoutState[] = []): PayoutRow[] {
  const where = states.length ? ` AND state IN (${placeholders(states.length)})` : '';
  return stmt(db, `SELECT ${PAYOUT_COLUMNS} FROM payouts WHERE chunk_id = ?${where} ORDER BY row_number, id`)
    .all(chunkId, ...states)
    .map(toPayoutRow);
}

export function countPayoutsInStates(db: Db, environment: string, states: readonly PayoutState[]): number {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
       WHERE b.environment = ? AND p.state IN (${placeholders(states.length)})`,
    )
    .get(environment, ...states) as { n: number };
  return row.n;
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

/** Inserts one staged row (DRAFT); returns its id. Call inside the staging transaction. */
export function insertPayout(db: Db, p: NewPayout): number {
  const info = stmt(
    db,
    `INSERT INTO payouts (batch_id, chunk_id, row_number, transaction_id, beneficiary_id, payee_name, account_number,
       ifsc, vpa, email, phone, amount_paise, mode, remark, reference, state, created_at, updated_at,
       retry_of_payout_id, requested_transaction_id, mode_defaulted, id_from_sheet)
     VALUES (@batchId, @chunkId, @rowNumber, @transactionId, @beneficiaryId, @payeeName, @accountNumber, @ifsc, @vpa,
       @email, @phone, @amountPaise, @mode, @remark, @reference, @state, @createdAt, @createdAt, @retryOfPayoutId,
       @requestedTransactionId, @modeDefaulted, @idFromSheet)`,
  ).run({
    beneficiaryId: null,
    payeeName: null,
    accountNumber: null,
    ifsc: null,
    vpa: null,
    email: null,
    phone: null,
    remark: null,
    reference: null,
    retryOfPayoutId: null,
    requestedTransactionId: null,
    ...p,
    modeDefaulted: p.modeDefaulted ? 1 : 0,
    idFromSheet: p.idFromSheet ? 1 : 0,
  });
  return Number(info.lastInsertRowid);
}

/** True when `transactionId` (compared case-insensitively) is already used by any payout in this database. */
export function transactionIdTaken(db: Db, transactionId: string): boolean {
  return stmt(db, 'SELECT 1 FROM payouts WHERE upper(transaction_id) = upper(?)').get(transactionId) !== undefined;
}

/**
 * Bookkeeping of the reconciler that is not a state change (so not audited): when a search last missed the
 * row, when to look again, and how many checks happened since the last state change.
 */
export function recordCheck(
  db: Db,
  id: number,
  fields: {
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
  },
): void {
  stmt(
    db,
    `UPDATE payouts SET next_check_at = @nextCheckAt,
       searched_at = CASE WHEN @forget = 1 THEN NULL ELSE coalesce(@searchedAt, searched_at) END,
       checks = checks + @inc,
       enkash_status = coalesce(@enkashStatus, enkash_status),
       utr = coalesce(@utr, utr),
       flag = CASE WHEN @flag IS NOT NULL THEN @flag WHEN flag = @clearFlag THEN NULL ELSE flag END
     WHERE id = @id`,
  ).run({
    flag: fields.flag ?? null,
    clearFlag: fields.clearFlag ?? null,
    id,
    nextCheckAt: fields.nextCheckAt,
    searchedAt: fields.searchedAt ?? null,
    forget: fields.forgetNotFound ? 1 : 0,
    inc: fields.countCheck ? 1 : 0,
    enkashStatus: fields.enkashStatus ?? null,
    utr: fields.utr ?? null,
  });
}

/**
 * Rows of `environment` in `states` whose next check is due at `nowIso`. `nullIsDue`: a row without a schedule
 * is due (UNKNOWN, PENDING, PROCESSING) — for SUCCESS a missing schedule means "no longer watched".
 */
export function duePayouts(
  db: Db,
  environment: string,
  states: readonly PayoutState[],
  nowIso: string,
  opts: { nullIsDue: boolean; limit?: number },
): PayoutRow[] {
  const nullClause = opts.nullIsDue ? 'p.next_check_at IS NULL OR ' : '';
  return db
    .prepare(
      `SELECT ${payoutColumns('p')} FROM payouts p JOIN batches b ON b.id = p.batch_id
       WHERE b.environment = ? AND p.state IN (${placeholders(states.length)})
         AND (${nullClause}p.next_check_at <= ?)
       ORDER BY p.next_check_at, p.id LIMIT ?`,
    )
    .all(environment, ...states, nowIso, opts.limit ?? 5000)
    .map(toPayoutRow);
}
