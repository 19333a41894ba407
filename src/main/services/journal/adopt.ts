import { appendAudit } from '../../db/audit';
import type { Db } from '../../db/open';
import { type PayoutRow, recordCheck } from '../../db/repos/payouts-repo';
import type { PayoutRecord } from '../../enkash/payout-outputs';
import type { Logger } from '../../log';

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
  compare('beneficiaryId', record.beneficiaryId, row.beneficiaryId);
  compare('accountNumber', echo.accountNumber, row.accountNumber);
  compare('ifsc', echo.ifsc, row.ifsc);
  compare('vpa', echo.vpa, row.vpa);
  compare('mode', record.mode, row.mode);
  if (fields.length) return { kind: 'different', fields };
  return record.amountPaise === null ? { kind: 'no-amount' } : { kind: 'same' };
}

/** EnKash's side of a CONFLICT, stored on the row (payouts.conflict) and shown beside ours. */
export type ConflictSide = {
  amountPaise: number | null;
  beneficiaryId: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  mode: string | null;
  status: string | null;
  enkashTransactionId: string | null;
  createdOn: string | null;
  fields: MismatchField[];
};

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

/**
 * Records that a record found under a row's id is not (provably) that row's payout: the row keeps its state,
 * forgets any earlier "not found" (so it is never resent on the strength of it), is searched again later, and
 * the audit trail says which fields differ. Until a person can settle such rows (CONFLICT), this is the safe
 * answer: neither adopted as paid nor resent.
 */
export function recordNotOurs(
  db: Db,
  row: Pick<PayoutRow, 'id' | 'transactionId' | 'batchId' | 'state'>,
  record: PayoutRecord,
  verdict: Exclude<Sameness, { kind: 'same' }>,
  opts: { at: Date; nextCheckAt: string | null; log: Logger },
): void {
  const fields = verdict.kind === 'different' ? verdict.fields : [];
  recordCheck(db, row.id, { nextCheckAt: opts.nextCheckAt, countCheck: true, forgetNotFound: true });
  appendAudit(db, {
    at: opts.at.toISOString(),
    entity: 'payout',
    entityId: row.transactionId,
    action: verdict.kind === 'different' ? 'not-ours' : 'no-amount',
    fromState: row.state,
    toState: row.state,
    data: { payoutId: row.id, batchId: row.batchId, fields, enkashStatus: record.status ?? null },
  });
  opts.log.error('journal.found_not_ours', { payoutId: row.id, kind: verdict.kind, fields });
}
