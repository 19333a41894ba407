import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { all, q, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import {
  ACCEPTED_STATES,
  type BatchState,
  MONEY_RETURNED_STATES,
  PAYOUT_STATES,
  type PayoutState,
  UNRESOLVED_STATES,
} from './states';

/**
 * A batch's progress computed from the database alone, so a reloaded renderer (or the CLI after a crash) sees exactly
 * what the engine sees. Only the ETA comes from the running engine.
 */
export type BatchProgress = {
  batchId: number;
  state: BatchState;
  rowCount: number;
  totalPaise: number;
  byState: Record<PayoutState, number>;
  /** Rows whose request has left at least once. */
  sent: number;
  /** EnKash took them (PENDING, PROCESSING, SUCCESS, FAILED, REVERSED). */
  accepted: number;
  rejected: number;
  /** SENDING or UNKNOWN: waiting for Search Payouts to settle them. */
  unknown: number;
  /** CONFLICT: EnKash holds a different payout under the row's id; only a person can settle it. */
  conflict: number;
  /** READY (and DRAFT before confirmation): not sent yet. */
  remaining: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  amountSentPaise: number;
  amountAcceptedPaise: number;
  amountSucceededPaise: number;
  /** Estimated time to send the remaining rows, while the engine runs; null otherwise. */
  etaMs: number | null;
  lastError: string | null;
};

type Group = { state: PayoutState; n: number; amount: number; sentN: number; sentAmount: number };

/** The current progress of `batchId` from the database. */
export function getBatchProgress(db: Db, batchId: number, etaMs: number | null = null): BatchProgress {
  return runSqlite(db, getBatchProgressOps(batchId, etaMs));
}

export function* getBatchProgressOps(batchId: number, etaMs: number | null = null): Ops<BatchProgress> {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  const groups = yield* all<Group>(
    q`SELECT state, count(*) AS n, coalesce(sum(amount_paise), 0) AS amount,
       sum(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS sentN,
       coalesce(sum(CASE WHEN attempts > 0 THEN amount_paise ELSE 0 END), 0) AS sentAmount
     FROM payouts WHERE batch_id = ${batchId} GROUP BY state`,
  );
  const byState = Object.fromEntries(PAYOUT_STATES.map((s) => [s, 0])) as Record<PayoutState, number>;
  const amount = Object.fromEntries(PAYOUT_STATES.map((s) => [s, 0])) as Record<PayoutState, number>;
  let sent = 0;
  let amountSent = 0;
  for (const g of groups) {
    byState[g.state] = g.n;
    amount[g.state] = g.amount;
    sent += g.sentN;
    amountSent += g.sentAmount;
  }
  const sum = (states: readonly PayoutState[], from: Record<PayoutState, number>) =>
    states.reduce((s, k) => s + from[k], 0);
  return {
    batchId,
    state: batch.state,
    rowCount: batch.rowCount,
    totalPaise: batch.totalPaise,
    byState,
    sent,
    accepted: sum(ACCEPTED_STATES, byState),
    rejected: byState.REJECTED,
    unknown: sum(UNRESOLVED_STATES, byState),
    conflict: byState.CONFLICT,
    remaining: byState.READY + byState.DRAFT,
    succeeded: byState.SUCCESS,
    failed: sum(MONEY_RETURNED_STATES, byState),
    cancelled: byState.CANCELLED,
    amountSentPaise: amountSent,
    amountAcceptedPaise: sum(ACCEPTED_STATES, amount),
    amountSucceededPaise: amount.SUCCESS,
    etaMs,
    lastError: batch.lastError,
  };
}
