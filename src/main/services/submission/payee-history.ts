import { maskAccount } from '../../../shared/domain/mask';
import { PAID_STATES } from '../../../shared/domain/payout-states';
import { matchPayeeName } from '../../../shared/verify/name-match';
import type { Db } from '../../db/open';
import { positional } from '../../db/repos/repo-sql';
import { sqlInList } from '../../db/sql-in';
import { all, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

/**
 * History check (issue 12 point 5): the same account number + IFSC was paid before (SUCCESS or REVERSED, in
 * this environment) under a payee name that is a different person's. A fraudster's account pasted under a real
 * payee's name, or a typo that lands on someone else's account, both look like this. Names are compared with the
 * one matcher, so "R. Kumar" after "Ravi Kumar" is the same payee; only a mismatch-level difference warns.
 *
 * The lookup is backed by the index payouts_payee (account_number, ifsc) of migrations 001/006.
 */

export type EarlierName = { name: string; payouts: number; lastAt: string };

export type NameHistory<R> = { row: R; accountNumber: string; earlier: EarlierName[] };

/** Earlier names kept per account (the most recent first): enough to show, bounded for a much-paid account. */
const MAX_NAMES = 10;

/**
 * Exported so a test can prove the plan uses the index (params: account, ifsc, environment, batch to skip).
 * `IS DISTINCT FROM` and ordering by the aggregate (not its mixed-case alias) read the same on both engines.
 */
export const EARLIER_NAMES_SQL = `SELECT p.payee_name AS name, count(*) AS payouts, max(p.created_at) AS lastAt
  FROM payouts p JOIN batches b ON b.id = p.batch_id
  WHERE p.account_number = ? AND p.ifsc = ? AND p.state IN (${sqlInList(PAID_STATES)}) AND b.environment = ?
    AND p.batch_id IS DISTINCT FROM ? AND p.payee_name IS NOT NULL
  GROUP BY p.payee_name ORDER BY max(p.created_at) DESC LIMIT ${MAX_NAMES}`;

export type HistoryRow = {
  rowNumber: number;
  payeeName: string | null;
  accountNumber: string | null;
  ifsc: string | null;
};

/** The rows whose account was paid before under a name the matcher calls a mismatch with the row's name. */
export function* nameHistoryOps<R extends HistoryRow>(
  environment: string,
  rows: readonly R[],
  excludeBatchId: number | null = null,
): Ops<NameHistory<R>[]> {
  // One look-up per account, however many rows of the sheet pay it.
  const seen = new Map<string, EarlierName[]>();
  const out: NameHistory<R>[] = [];
  for (const r of rows) {
    if (!r.accountNumber || !r.ifsc || !r.payeeName) continue;
    const key = `${r.accountNumber}#${r.ifsc}`;
    let earlier = seen.get(key);
    if (!earlier) {
      const found = yield* all<EarlierName>(
        positional(EARLIER_NAMES_SQL, [r.accountNumber, r.ifsc, environment, excludeBatchId]),
      );
      earlier = found.map((e) => ({ ...e, payouts: Number(e.payouts) }));
      seen.set(key, earlier);
    }
    const different = earlier.filter((e) => matchPayeeName(r.payeeName!, e.name).verdict === 'mismatch');
    if (different.length) out.push({ row: r, accountNumber: r.accountNumber, earlier: different });
  }
  return out;
}

export function nameHistory<R extends HistoryRow>(
  db: Db,
  environment: string,
  rows: readonly R[],
  excludeBatchId: number | null = null,
): NameHistory<R>[] {
  return runSqlite(db, nameHistoryOps(environment, rows, excludeBatchId));
}

/** "Account ********9012 was paid before as "Meena Iyer" (2 payouts)…" — the account masked, names in full. */
export function nameHistoryText(h: Pick<NameHistory<unknown>, 'accountNumber' | 'earlier'>): string {
  const list = h.earlier.map((e) => `"${e.name}" (${e.payouts} payout${e.payouts === 1 ? '' : 's'})`).join(', ');
  return `Account ${maskAccount(h.accountNumber)} was paid before under another name: ${list}`;
}
