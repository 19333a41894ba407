import { formatIndianDate } from '../../../shared/domain/indian-date';
import { istDateOf } from '../../../shared/domain/ist';
import { maskAccount } from '../../../shared/domain/mask';
import { formatPaise } from '../../../shared/domain/money';
import type { ModeLimits, TransferMode } from '../../../shared/domain/payout';
import { TRANSFER_MODES } from '../../../shared/domain/payout';
import { COMMITTED_BATCH_STATES, type PayoutState } from '../../../shared/domain/payout-states';
import { inParams, positional } from '../../db/repos/repo-sql';
import { sqlInList } from '../../db/sql-in';
import { all, get, named, type Ops } from '../../db/store/ops';
import { stateLabel } from '../../../shared/domain/state-words';

/**
 * The history- and profile-based checks of pre-flight, each a pure read (storage work for either engine). Findings list rows by
 * payout id + sheet row number; messages never carry a full account number.
 */

export type FindingRow = {
  payoutId: number;
  rowNumber: number;
  transactionId: string;
  detail?: string;
  /** Earlier payouts this row resembles (duplicates) or differs from (bank details), for links in the UI. */
  links?: PriorPayoutRef[];
};

export type PriorPayoutRef = {
  payoutId: number;
  batchId: number;
  batchName: string;
  rowNumber: number;
  transactionId: string;
  state: PayoutState;
  amountPaise: number;
  createdAt: string;
};

export type FindingCode =
  | 'insufficient_balance'
  | 'mode_limit'
  | 'transaction_id_exists'
  | 'wrong_environment'
  | 'empty_batch'
  | 'same_file_paid'
  | 'balance_unavailable'
  | 'outside_window'
  | 'possible_duplicate'
  | 'repeat_left_out'
  | 'same_payee_amount'
  | 'bank_details_changed'
  | 'transaction_id_at_enkash'
  | 'transaction_id_unchecked'
  // Issue 12: payee verification (cache only) and the account's name history.
  | 'payee_mismatch_held'
  | 'payee_mismatch'
  | 'payee_partial'
  | 'payee_failed'
  | 'payee_unverified'
  | 'payee_name_history';

export type Finding = {
  code: FindingCode;
  message: string;
  /** Rows concerned (capped at FINDING_ROW_CAP; `count` is the full number). */
  rows: FindingRow[];
  count: number;
  mode?: TransferMode;
  shortfallPaise?: number;
  /** Money of the rows concerned (held or warned payees), so the screen says how much is at stake. */
  amountPaise?: number;
};

export const FINDING_ROW_CAP = 500;

export function finding(
  code: FindingCode,
  message: string,
  rows: FindingRow[] = [],
  extra: Partial<Finding> = {},
): Finding {
  return { code, message, rows: rows.slice(0, FINDING_ROW_CAP), count: rows.length, ...extra };
}

export type Row = {
  id: number;
  rowNumber: number;
  transactionId: string;
  amountPaise: number;
  mode: TransferMode;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  beneficiaryId: string | null;
  payeeName: string | null;
  requested: string | null;
};

export function* draftRowsOps(batchId: number, states: readonly string[]): Ops<Row[]> {
  const list = inParams('s', states);
  return yield* all<Row>(
    named(
      `SELECT id, row_number AS rowNumber, transaction_id AS transactionId, amount_paise AS amountPaise, mode,
         account_number AS accountNumber, ifsc, vpa, beneficiary_id AS beneficiaryId, payee_name AS payeeName,
         requested_transaction_id AS requested
       FROM payouts WHERE batch_id = @batchId AND state IN (${list.text}) ORDER BY row_number, id`,
      { ...list.params, batchId },
    ),
  );
}

/** The given rows of the batch (a resubmission of fixed REJECTED rows), whatever their state. */
export function* rowsByIdsOps(batchId: number, ids: readonly number[]): Ops<Row[]> {
  const wanted = new Set(ids);
  return (yield* draftRowsOps(batchId, ['REJECTED', 'READY', 'DRAFT'])).filter((r) => wanted.has(r.id));
}

const ref = (r: Row, detail?: string, links?: PriorPayoutRef[]): FindingRow => ({
  payoutId: r.id,
  rowNumber: r.rowNumber,
  transactionId: r.transactionId,
  ...(detail ? { detail } : {}),
  ...(links ? { links } : {}),
});

/** Rows over (or under) the profile's per-mode limits: one block per mode. */
export function modeLimitFindings(rows: Row[], limits: ModeLimits): Finding[] {
  const out: Finding[] = [];
  for (const mode of TRANSFER_MODES) {
    const { minPaise, maxPaise } = limits[mode];
    const bad = rows.filter(
      (r) =>
        r.mode === mode &&
        ((maxPaise !== null && r.amountPaise > maxPaise) || (minPaise !== null && r.amountPaise < minPaise)),
    );
    if (!bad.length) continue;
    const range = [
      minPaise !== null ? `at least ${formatPaise(minPaise)}` : '',
      maxPaise !== null ? `at most ${formatPaise(maxPaise)}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    out.push(
      finding(
        'mode_limit',
        `${bad.length} ${mode} payout(s) are outside the ${mode} limit (${range}).`,
        bad.map((r) => ref(r, formatPaise(r.amountPaise))),
        { mode },
      ),
    );
  }
  return out;
}

/** Rows whose sheet transactionId is already in history (staged under a minted id so they can be shown). */
const PRIOR_BY_TX_ID = `SELECT p.id AS payoutId, p.batch_id AS batchId, b.name AS batchName, p.row_number AS rowNumber,
    p.transaction_id AS transactionId, p.state, p.amount_paise AS amountPaise, p.created_at AS createdAt
  FROM payouts p JOIN batches b ON b.id = p.batch_id WHERE upper(p.transaction_id) = upper(@requested)`;

export function* historyIdFindingsOps(rows: Row[]): Ops<Finding[]> {
  const bad = rows.filter((r) => r.requested !== null);
  if (!bad.length) return [];
  const items: FindingRow[] = [];
  for (const r of bad) {
    const link = yield* get<PriorPayoutRef>(named(PRIOR_BY_TX_ID, { requested: r.requested }));
    items.push(ref(r, `Transaction ID ${r.requested} is already used`, link ? [link] : undefined));
  }
  return [
    finding(
      'transaction_id_exists',
      `${bad.length} row(s) reuse a transaction ID that is already in history; remove them (or the batch) before paying.`,
      items,
    ),
  ];
}

/**
 * The very same file (by SHA-256) was already staged into a batch that was confirmed or has sent rows, in
 * this environment: the classic double payment by re-importing last week's sheet. Blocks unless the caller
 * explicitly allows it.
 */
export function* sameFileFindingsOps(batchId: number, environment: string): Ops<Finding[]> {
  const prior = yield* all<{ id: number; name: string; state: string; createdAt: string }>(
    positional(
      `SELECT b2.id, b2.name, b2.state, b2.created_at AS createdAt FROM batches b
       JOIN imports i ON i.id = b.import_id
       JOIN imports i2 ON i2.sha256 = i.sha256
       JOIN batches b2 ON b2.import_id = i2.id AND b2.id != b.id
     WHERE b.id = ? AND b.kind = 'sheet' AND b2.kind = 'sheet' AND b2.environment = ?
       AND (b2.state IN (${sqlInList(COMMITTED_BATCH_STATES)})
            OR EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = b2.id AND p.attempts > 0))
     ORDER BY b2.id DESC LIMIT 5`,
      [batchId, environment],
    ),
  );
  if (!prior.length) return [];
  // The IST day, written as the batches list writes it (DD/MM/YYYY): the UTC day of a batch made after
  // midnight IST is the day before, and the two screens disagreed (issue 17 point 10).
  const list = prior
    .map((b) => `#${b.id} "${b.name}" (${stateLabel(b.state)}, ${formatIndianDate(istDateOf(b.createdAt))})`)
    .join(', ');
  return [
    finding(
      'same_file_paid',
      `This exact file was already paid as batch ${list}. Paying it again would pay every row twice.`,
    ),
  ];
}

/** States of earlier payouts that count as "already paid or about to be" for duplicate warnings. */
const DUPLICATE_STATES = ['DRAFT', 'READY', 'SENDING', 'UNKNOWN', 'PENDING', 'PROCESSING', 'SUCCESS', 'REJECTED'];

/** Same payee + same amount in another batch of this environment within `sinceIso`. */
export function* duplicateFindingsOps(
  batchId: number,
  environment: string,
  rows: Row[],
  sinceIso: string,
): Ops<Finding[]> {
  const base = `SELECT q.id AS payoutId, q.batch_id AS batchId, b.name AS batchName, q.row_number AS rowNumber,
      q.transaction_id AS transactionId, q.state, q.amount_paise AS amountPaise, q.created_at AS createdAt
    FROM payouts q JOIN batches b ON b.id = q.batch_id
    WHERE q.batch_id != ? AND b.environment = ? AND q.amount_paise = ? AND q.created_at >= ?
      AND q.state IN (${DUPLICATE_STATES.map((s) => `'${s}'`).join(', ')})`;
  const byAccount = `${base} AND q.account_number = ? AND q.ifsc = ? ORDER BY q.id DESC LIMIT 5`;
  const byVpa = `${base} AND q.vpa = ? ORDER BY q.id DESC LIMIT 5`;
  const byId = `${base} AND q.beneficiary_id = ? ORDER BY q.id DESC LIMIT 5`;
  const items: FindingRow[] = [];
  for (const r of rows) {
    const args = [batchId, environment, r.amountPaise, sinceIso];
    let links: PriorPayoutRef[] = [];
    if (r.accountNumber && r.ifsc) links = yield* all(positional(byAccount, [...args, r.accountNumber, r.ifsc]));
    else if (r.vpa) links = yield* all(positional(byVpa, [...args, r.vpa]));
    else if (r.beneficiaryId) links = yield* all(positional(byId, [...args, r.beneficiaryId]));
    if (links.length) items.push(ref(r, `${formatPaise(r.amountPaise)} to the same payee`, links));
  }
  if (!items.length) return [];
  return [
    finding(
      'possible_duplicate',
      `${items.length} row(s) pay the same payee the same amount as a payout in the last 30 days. Check they are not paid twice.`,
      items,
    ),
  ];
}

const tail = (v: string | null) => (v ? maskAccount(v) : 'none');

const BANK_DETAILS_BASE = `SELECT q.id AS payoutId, q.batch_id AS batchId, b.name AS batchName, q.row_number AS rowNumber,
    q.transaction_id AS transactionId, q.state, q.amount_paise AS amountPaise, q.created_at AS createdAt,
    q.account_number AS accountNumber, q.ifsc, q.vpa
  FROM payouts q JOIN batches b ON b.id = q.batch_id
  WHERE q.batch_id != ? AND b.environment = ? AND q.state = 'SUCCESS'`;

/**
 * The payee's last successful payout by name. `payee_name IS NOT NULL` lets SQLite use the partial index
 * payouts_payee_name; without it the plan walked every SUCCESS row for each sheet row (pre-flight of 20,000 payees
 * all paid before took about 90 s in this check alone; measured for issue 12). Exported for the query-plan test.
 */
export const BANK_DETAILS_BY_NAME_SQL = `${BANK_DETAILS_BASE} AND q.payee_name IS NOT NULL
  AND lower(q.payee_name) = lower(?) ORDER BY q.final_at DESC NULLS LAST, q.id DESC LIMIT 1`;

const BANK_DETAILS_BY_ID_SQL = `${BANK_DETAILS_BASE} AND q.beneficiary_id = ?
  ORDER BY q.final_at DESC NULLS LAST, q.id DESC LIMIT 1`;

type LastPaid = PriorPayoutRef & { accountNumber: string | null; ifsc: string | null; vpa: string | null };

/** The payee's destination differs from their last successful payout (a classic fraud and typo signal). */
export function* bankDetailsFindingsOps(batchId: number, environment: string, rows: Row[]): Ops<Finding[]> {
  const items: FindingRow[] = [];
  for (const r of rows) {
    if (!r.accountNumber && !r.vpa) continue; // id-only rows use the beneficiary registered at EnKash
    const last = r.beneficiaryId
      ? yield* get<LastPaid>(positional(BANK_DETAILS_BY_ID_SQL, [batchId, environment, r.beneficiaryId]))
      : r.payeeName
        ? yield* get<LastPaid>(positional(BANK_DETAILS_BY_NAME_SQL, [batchId, environment, r.payeeName]))
        : undefined;
    if (!last) continue;
    const same =
      (last.accountNumber ?? null) === (r.accountNumber ?? null) &&
      (last.ifsc ?? null) === (r.ifsc ?? null) &&
      (last.vpa ?? null) === (r.vpa ?? null);
    if (same) continue;
    const was = last.vpa ? `UPI ${last.vpa}` : `account ${tail(last.accountNumber)} / ${last.ifsc ?? ''}`;
    const now = r.vpa ? `UPI ${r.vpa}` : `account ${tail(r.accountNumber)} / ${r.ifsc ?? ''}`;
    const { accountNumber: _a, ifsc: _i, vpa: _v, ...link } = last;
    items.push(ref(r, `Bank details changed: was ${was}, now ${now}`, [link]));
  }
  if (!items.length) return [];
  return [
    finding(
      'bank_details_changed',
      `${items.length} payee(s) have bank details different from their last successful payout. Confirm the change with the payee.`,
      items,
    ),
  ];
}
