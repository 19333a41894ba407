import { appendAuditOps } from '../../db/audit';
import type { Db } from '../../db/open';
import { type PayoutRow, recordCheckOps } from '../../db/repos/payouts-repo';
import { type Ops, q, run, transaction } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import type { PayoutRecord } from '../../enkash/payout-outputs';
import type { Logger } from '../../log';
import type { PayoutChange } from './transition';
import type { ConflictView } from '../../../shared/domain/payout-conflict';
import { stablePayeeId } from './payee-routing';

/**
 * "Is this EnKash record our payout?" — the one answer the send path, the search/resolve path and the poller
 * all use (issue 9 point 3). A transactionId alone proves nothing: a sheet may carry an id another system
 * already used, and EnKash then holds someone else's payout under it. A record is ours only when its amount
 * equals the row's to the paisa and every payee or mode field it does carry equals the row's.
 */

export type AdoptRow = Pick<PayoutRow, 'amountPaise' | 'beneficiaryId' | 'accountNumber' | 'ifsc' | 'vpa' | 'mode'>;

/** Payee fields EnKash may echo beside the documented ones (undocumented: read when present). */
type PayeeEcho = { accountNumber?: string | null; ifsc?: string | null; vpa?: string | null };

export type MismatchField = 'amount' | 'beneficiaryId' | 'accountNumber' | 'ifsc' | 'vpa' | 'mode';

export type Sameness =
  | { kind: 'same' }
  /** Nothing contradicts the row, but there is no amount to compare: never adopted from a search. */
  | { kind: 'no-amount' }
  | { kind: 'different'; fields: MismatchField[] };

const norm = (v: string | null | undefined): string | null => {
  const t = (v ?? '').trim();
  return t === '' ? null : t.toUpperCase();
};

export function samePayout(row: AdoptRow, record: PayoutRecord): Sameness {
  const echo = record as PayoutRecord & PayeeEcho;
  const fields: MismatchField[] = [];
  if (record.amountPaise !== null && record.amountPaise !== row.amountPaise) fields.push('amount');
  // A field the record carries must equal the row's; a field the record leaves out says nothing.
  const compare = (name: MismatchField, theirs: string | null | undefined, ours: string | null) => {
    const t = norm(theirs);
    if (t !== null && t !== norm(ours)) fields.push(name);
  };
  // A row without a sheet beneficiaryId went out under its stable payee id (payee routing), which EnKash echoes.
  compare('beneficiaryId', record.beneficiaryId, row.beneficiaryId ?? stablePayeeId(row));
  compare('accountNumber', echo.accountNumber, row.accountNumber);
  compare('ifsc', echo.ifsc, row.ifsc);
  compare('vpa', echo.vpa, row.vpa);
  compare('mode', record.mode, row.mode);
  if (fields.length) return { kind: 'different', fields };
  return record.amountPaise === null ? { kind: 'no-amount' } : { kind: 'same' };
}

/** EnKash's side of a CONFLICT, stored on the row (payouts.conflict) and shown beside ours (read back by parseConflict). */
export type ConflictSide = Omit<ConflictView, 'fields'> & { fields: MismatchField[] };

export function conflictSide(record: PayoutRecord, fields: MismatchField[]): ConflictSide {
  const echo = record as PayoutRecord & PayeeEcho;
  return {
    amountPaise: record.amountPaise,
    beneficiaryId: record.beneficiaryId,
    accountNumber: echo.accountNumber ?? null,
    ifsc: echo.ifsc ?? null,
    vpa: echo.vpa ?? null,
    mode: record.mode,
    status: record.status,
    enkashTransactionId: record.enkashTransactionId,
    createdOn: record.createdOn,
    fields,
  };
}

/** Set by journal/settle.ts on a row whose outcome a person decided (kept here so the poller can read it). */
export const SETTLED_BY_PERSON_FLAG = 'settled_by_person';

/**
 * The payout a row stands for now. After a person adopted EnKash's side of a CONFLICT ("this is our payout"),
 * that side (kept in payouts.conflict) is what later answers must match — else the poller would throw the row
 * straight back into CONFLICT with the very record the person accepted.
 */
export function adoptedView(row: AdoptRow & Pick<PayoutRow, 'flag' | 'conflict' | 'state'>): AdoptRow {
  if (row.flag !== SETTLED_BY_PERSON_FLAG || !row.conflict || row.state === 'CONFLICT') return row;
  try {
    const c = JSON.parse(row.conflict) as ConflictSide;
    return {
      amountPaise: c.amountPaise ?? row.amountPaise,
      beneficiaryId: c.beneficiaryId,
      accountNumber: c.accountNumber,
      ifsc: c.ifsc,
      vpa: c.vpa,
      mode: (c.mode ?? row.mode) as AdoptRow['mode'],
    };
  } catch {
    return row;
  }
}

/** Flag on a row whose found record carries no amount: not adopted, searched again (issue 9 point 3). */
export const NO_AMOUNT_FLAG = 'no_amount';

/**
 * The CONFLICT move for a row whose id EnKash holds for a payout that is not the row's (verdict `different`):
 * EnKash's side is stored beside ours for a person to settle (journal/settle.ts). Never SUCCESS, never resent:
 * CONFLICT is neither a resend candidate nor an accepted state. Applied by the caller through transitionPayouts.
 */
export function conflictChange(
  row: Pick<PayoutRow, 'id' | 'state'>,
  record: PayoutRecord,
  fields: MismatchField[],
): PayoutChange {
  return {
    id: row.id,
    from: row.state,
    to: 'CONFLICT',
    action: 'conflict',
    set: { conflict: JSON.stringify(conflictSide(record, fields)), nextCheckAt: null },
    data: { fields, enkashStatus: record.status ?? null },
  };
}

/**
 * A record found under a row's id that carries no amount: nothing contradicts the row, but nothing proves it is
 * ours either. The row keeps its state, forgets any earlier "not found" (so it is never resent on the strength of
 * it), is flagged `no_amount` and searched again later; if EnKash never gives an amount it is never adopted (a
 * person may settle it). No state move, so this is bookkeeping plus an audit entry, not a transition.
 */
export function* recordNoAmountOps(
  row: Pick<PayoutRow, 'id' | 'transactionId' | 'batchId' | 'state'>,
  record: PayoutRecord,
  opts: { at: Date; nextCheckAt: string | null; log: Logger },
): Ops<void> {
  // One transaction (a savepoint inside the caller's): the flag and its audit entry commit together.
  yield* transaction(function* () {
    yield* recordCheckOps(row.id, { nextCheckAt: opts.nextCheckAt, countCheck: true, forgetNotFound: true });
    yield* run(q`UPDATE payouts SET flag = ${NO_AMOUNT_FLAG} WHERE id = ${row.id}`);
    yield* appendAuditOps({
      at: opts.at.toISOString(),
      entity: 'payout',
      entityId: row.transactionId,
      action: 'no-amount',
      fromState: row.state,
      toState: row.state,
      data: { payoutId: row.id, batchId: row.batchId, flag: NO_AMOUNT_FLAG, enkashStatus: record.status ?? null },
    });
  });
  opts.log.warn('journal.found_without_amount', { payoutId: row.id });
}

export function recordNoAmount(
  db: Db,
  row: Pick<PayoutRow, 'id' | 'transactionId' | 'batchId' | 'state'>,
  record: PayoutRecord,
  opts: { at: Date; nextCheckAt: string | null; log: Logger },
): void {
  runSqlite(db, recordNoAmountOps(row, record, opts));
}
