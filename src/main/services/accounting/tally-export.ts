import { sql } from 'kysely';
import { AppError } from '../../../shared/domain/errors';
import { PAID_STATES } from '../../../shared/domain/payout-states';
import type { Db } from '../../db/open';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { sqlInList } from '../../db/sql-in';
import { all, q, type Ops, type Query } from '../../db/store/ops';
import { sqliteStore, type Store } from '../../db/store/store';
import { getBankLedgerOps, partyLedgerResolverOps } from './tally-ledgers';
import type { TallyVoucher } from './tally-xml';
import { writeTallyFile } from './tally-file';

/**
 * Export for Tally: one Payment voucher per paid payout (SUCCESS, and REVERSED ones, which were paid before
 * they came back) and one reversing Receipt per REVERSED payout, written as a TallyPrime import file.
 */

export type TallyExportScope = { batchId: number } | { all: true };

export type TallyExportOptions = {
  path: string;
  /** Overrides the remembered bank ledger for this export (remembering it is the caller's choice). */
  bankLedger?: string;
  company?: string;
  /** Ledger names Tally already has (from a "List of Accounts" export); the result lists the missing ones. */
  knownLedgers?: ReadonlySet<string>;
};

export type TallyExportResult = {
  path: string;
  payments: number;
  reversals: number;
  /** Paid minus reversed, in paise. */
  netPaise: number;
  /** Every ledger name the file uses, sorted: these must exist in Tally before the import. */
  ledgers: string[];
  /** Only when known ledgers were given: the used names Tally does not have. */
  missingLedgers?: string[];
};

type PaidRow = {
  transactionId: string;
  payeeName: string | null;
  beneficiaryId: string | null;
  vpa: string | null;
  amountPaise: number;
  mode: string;
  state: 'SUCCESS' | 'REVERSED';
  utr: string | null;
  reference: string | null;
  remark: string | null;
  acceptedAt: string | null;
  finalAt: string | null;
  updatedAt: string;
  successAt: string | null;
};

// For a REVERSED row final_at is the reversal; the payment date is when it went SUCCESS (audit log), else
// when EnKash accepted it (it was debited then; a payout reported straight as REVERSED never showed SUCCESS).
// One batch or every batch: two texts, since PostgreSQL cannot type a bare `$1 IS NULL`.
function paidQuery(batchId: number | null): Query<PaidRow> {
  const scope = batchId === null ? sql`` : sql`AND p.batch_id = ${batchId}`;
  return q<PaidRow>`
  SELECT p.transaction_id AS transactionId, p.payee_name AS payeeName, p.beneficiary_id AS beneficiaryId,
    p.vpa, p.amount_paise AS amountPaise, p.mode, p.state, p.utr, p.reference, p.remark,
    p.accepted_at AS acceptedAt, p.final_at AS finalAt, p.updated_at AS updatedAt,
    CASE WHEN p.state = 'REVERSED' THEN (SELECT max(a.at) FROM audit_log a
      WHERE a.entity = 'payout' AND a.entity_id = p.transaction_id AND a.to_state = 'SUCCESS') END AS successAt
  FROM payouts p
  WHERE p.state IN (${sql.raw(sqlInList(PAID_STATES))}) ${scope}
  ORDER BY p.batch_id, p.row_number, p.id`;
}

function narration(r: PaidRow, reversal: boolean): string {
  const parts = [
    reversal ? 'Reversal of EnKash payout' : 'EnKash payout',
    r.remark ? `Remark: ${r.remark}` : null,
    r.reference ? `Ref: ${r.reference}` : null,
    r.utr ? `UTR: ${r.utr}` : null,
    `Txn: ${r.transactionId}`,
  ];
  return parts.filter(Boolean).join('; ');
}

/** The vouchers for the rows in scope (pure over the database; writes nothing). */
export function* tallyVouchersOps(scope: TallyExportScope, bankLedger: string): Ops<TallyVoucher[]> {
  const batchId = 'batchId' in scope ? scope.batchId : null;
  if (batchId !== null && !(yield* getBatchRowOps(batchId)))
    throw new AppError('not_found', 'No such batch.', { batchId });
  const partyOf = yield* partyLedgerResolverOps();
  const rows = yield* all(paidQuery(batchId));
  const out: TallyVoucher[] = [];
  for (const r of rows) {
    const payee = (r.payeeName ?? r.vpa ?? r.beneficiaryId ?? '').trim();
    if (!payee) throw new AppError('invalid_input', `Payout ${r.transactionId} has no payee name for Tally.`);
    const base = { amountPaise: r.amountPaise, partyLedger: partyOf(payee), bankLedger, payeeName: payee };
    const paidAt = r.state === 'SUCCESS' ? (r.finalAt ?? r.updatedAt) : (r.successAt ?? r.acceptedAt ?? r.updatedAt);
    out.push({
      ...base,
      kind: 'payment',
      id: r.transactionId,
      at: paidAt,
      utr: r.utr,
      mode: r.mode,
      narration: narration(r, false),
    });
    if (r.state === 'REVERSED') {
      out.push({
        ...base,
        kind: 'reversal',
        id: `${r.transactionId}-REV`,
        at: r.finalAt ?? r.updatedAt,
        utr: r.utr,
        mode: r.mode,
        narration: narration(r, true),
      });
    }
  }
  return out;
}

/**
 * Writes the Tally import file (a temp file beside it, then renamed, so no half file appears under the name), on
 * either engine; exportTally is the same on the desk's SQLite connection.
 */
export async function exportTallyOn(
  store: Store,
  scope: TallyExportScope,
  opts: TallyExportOptions,
): Promise<TallyExportResult> {
  const vouchers = await store.run(
    (function* () {
      const bankLedger = opts.bankLedger?.trim() || (yield* getBankLedgerOps());
      if (!bankLedger) {
        throw new AppError('invalid_input', 'Name the Tally bank ledger once (--bank-ledger NAME); it is remembered.', {
          field: 'bankLedger',
        });
      }
      return yield* tallyVouchersOps(scope, bankLedger);
    })(),
  );
  if (!vouchers.length) throw new AppError('not_found', 'No paid payouts to export for Tally.');
  return writeTallyFile(vouchers, opts);
}

export function exportTally(db: Db, scope: TallyExportScope, opts: TallyExportOptions): Promise<TallyExportResult> {
  return exportTallyOn(sqliteStore(db), scope, opts);
}
