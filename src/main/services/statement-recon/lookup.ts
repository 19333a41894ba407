import { sql } from 'kysely';
import { ACCEPTED_STATES, MONEY_RETURNED_STATES, UNSENT_STATES } from '../../../shared/domain/payout-states';
import { AppError } from '../../../shared/domain/errors';
import { all, engine, q, type Ops } from '../../db/store/ops';
import type { Store } from '../../db/store/store';
import { batchJoin } from '../history/query';
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

/** One question the matcher asked, in a form that can be fetched later and answered from a cache. */
type Ask =
  | { kind: 'utr' | 'txn' | 'enkash'; key: string }
  | { kind: 'amount'; amountPaise: number; from: string; to: string }
  | { kind: 'accepted' | 'returned'; start: string; end: string };

const LITE = sql.raw(`p.id, p.transaction_id AS transactionId, p.enkash_transaction_id AS enkashTransactionId, p.utr,
  p.reference, p.amount_paise AS amountPaise, p.state, p.created_at AS createdAt, p.sent_at AS sentAt,
  p.accepted_at AS acceptedAt, p.final_at AS finalAt`);

function* askOps(ask: Ask, environment: string): Ops<PayoutLite[]> {
  const kind = yield* engine();
  const join = sql.raw(batchJoin(kind));
  // SQLite: a unary + keeps the planner on the index of the first condition; PostgreSQL has no such operator on text.
  const plus = sql.raw(kind === 'sqlite' ? '+' : '');
  const where = (() => {
    switch (ask.kind) {
      case 'utr':
        return sql`p.utr = ${ask.key}`;
      case 'txn':
        return sql`upper(p.transaction_id) = upper(${ask.key})`;
      case 'enkash':
        return sql`p.enkash_transaction_id = ${ask.key}`;
      case 'amount':
        // Drafts and cancelled rows never reached EnKash; they cannot explain money moving.
        return sql`p.amount_paise = ${ask.amountPaise} AND ${plus}p.created_at <= ${ask.to}
          AND (coalesce(p.accepted_at, p.sent_at, p.created_at) >= ${ask.from} OR p.final_at >= ${ask.from})
          AND ${plus}p.state NOT IN (${sql.join(UNSENT_STATES)})`;
      case 'accepted':
        return sql`p.accepted_at >= ${ask.start} AND p.accepted_at < ${ask.end}
          AND ${plus}p.state IN (${sql.join(ACCEPTED_STATES)})`;
      case 'returned':
        return sql`p.final_at >= ${ask.start} AND p.final_at < ${ask.end}
          AND ${plus}p.state IN (${sql.join(MONEY_RETURNED_STATES)})`;
    }
  })();
  return yield* all<PayoutLite>(
    q`SELECT ${LITE} FROM payouts p ${join} WHERE ${where} AND b.environment = ${environment} ORDER BY p.id`,
  );
}

// Each pass answers every question the previous one could not; a statement's id → amount → issue chain needs 3–4.
const MAX_PASSES = 12;

/**
 * Runs the synchronous matcher `match` against the store's payouts (either engine). The matcher asks its questions
 * through a lookup that answers from a cache; what the cache cannot answer yet is collected, fetched from the store
 * in one storage run, and the matcher runs again — until a pass asks nothing new. That last pass saw exactly the
 * answers direct queries would have given, so its result is the result; the earlier passes' results are dropped.
 */
export async function matchWithStore<T>(
  store: Store,
  environment: string,
  match: (lookup: PayoutLookup) => T,
): Promise<T> {
  const cache = new Map<string, PayoutLite[]>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const missing = new Map<string, Ask>();
    const answer = (ask: Ask): PayoutLite[] => {
      const key = JSON.stringify(ask);
      const hit = cache.get(key);
      if (hit) return hit;
      missing.set(key, ask);
      return [];
    };
    const result = match({
      byUtr: (key) => answer({ kind: 'utr', key }),
      byTransactionId: (key) => answer({ kind: 'txn', key })[0],
      byEnkashId: (key) => answer({ kind: 'enkash', key }),
      byAmount: (amountPaise, from, to) => answer({ kind: 'amount', amountPaise, from, to }),
      acceptedIn: (start, end) => answer({ kind: 'accepted', start, end }),
      returnedIn: (start, end) => answer({ kind: 'returned', start, end }),
    });
    if (missing.size === 0) return result;
    await store.run(
      (function* () {
        for (const [key, ask] of missing) cache.set(key, yield* askOps(ask, environment));
      })(),
    );
  }
  throw new AppError('internal', 'Matching the statement did not settle; nothing was stored.');
}
