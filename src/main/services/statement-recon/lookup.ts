import type { Db } from '../../db/open';
import { ACCEPTED_STATES, MONEY_RETURNED_STATES, UNSENT_STATES } from '../../../shared/domain/payout-states';
import { stmt } from '../../db/prepared-cache';
import { sqlInList } from '../../db/sql-in';
import type { PayoutLite } from './types';

/**
 * Indexed look-ups of our payouts in one environment, for matching statement lines. Each is a point query on
 * an index (UTR, transactionId, EnKash id, amount, acceptance or final time), never a scan of payouts, so a
 * statement of a few thousand lines reconciles in milliseconds against millions of payouts.
 */

export type PayoutLookup = {
  byUtr(utr: string): PayoutLite[];
  byTransactionId(id: string): PayoutLite | undefined;
  byEnkashId(id: string): PayoutLite[];
  /** Payouts of exactly `amountPaise` that were live in [from, to] (sent, accepted or final in it). */
  byAmount(amountPaise: number, from: string, to: string): PayoutLite[];
  /** Payouts EnKash accepted in [start, end): their debit belongs on the statement. */
  acceptedIn(start: string, end: string): PayoutLite[];
  /** FAILED / REVERSED payouts that became final in [start, end): their credit belongs on the statement. */
  returnedIn(start: string, end: string): PayoutLite[];
};

const LITE = `p.id, p.transaction_id AS transactionId, p.enkash_transaction_id AS enkashTransactionId, p.utr,
  p.reference, p.amount_paise AS amountPaise, p.state, p.created_at AS createdAt, p.sent_at AS sentAt,
  p.accepted_at AS acceptedAt, p.final_at AS finalAt`;
const FROM = 'FROM payouts p CROSS JOIN batches b ON b.id = p.batch_id';

/** Look-ups restricted to `environment` (a Sandbox payout never explains a Production statement line). */
export function dbLookup(db: Db, environment: string): PayoutLookup {
  const q = (where: string) => stmt(db, `SELECT ${LITE} ${FROM} WHERE ${where} AND b.environment = ? ORDER BY p.id`);
  const byUtr = q('p.utr = ?');
  const byTxn = q('upper(p.transaction_id) = upper(?)');
  const byEnkash = q('p.enkash_transaction_id = ?');
  // Drafts and cancelled rows never reached EnKash; they cannot explain money moving.
  const byAmount = q(
    `p.amount_paise = ? AND +p.created_at <= ? AND (coalesce(p.accepted_at, p.sent_at, p.created_at) >= ? OR p.final_at >= ?)
     AND +p.state NOT IN (${sqlInList(UNSENT_STATES)})`,
  );
  const accepted = q(`p.accepted_at >= ? AND p.accepted_at < ? AND +p.state IN (${sqlInList(ACCEPTED_STATES)})`);
  const returned = q(`p.final_at >= ? AND p.final_at < ? AND +p.state IN (${sqlInList(MONEY_RETURNED_STATES)})`);
  return {
    byUtr: (utr) => byUtr.all(utr, environment) as PayoutLite[],
    byTransactionId: (id) => (byTxn.all(id, environment) as PayoutLite[])[0],
    byEnkashId: (id) => byEnkash.all(id, environment) as PayoutLite[],
    byAmount: (amount, from, to) => byAmount.all(amount, to, from, from, environment) as PayoutLite[],
    acceptedIn: (start, end) => accepted.all(start, end, environment) as PayoutLite[],
    returnedIn: (start, end) => returned.all(start, end, environment) as PayoutLite[],
  };
}
