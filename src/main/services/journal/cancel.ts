import { AppError } from '../../../shared/domain/errors';
import { getBatchRowOps, refreshBatchTotalsOps } from '../../db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../db/repos/payouts-repo';
import { all, engine, get, q, transaction, type Ops } from '../../db/store/ops';
import { BATCH_STATES, canTransitionBatch, FINISHED_BATCH_STATES } from './states';
import { transitionBatchOps, transitionPayoutsOps } from './transition';

export type CancelResult = {
  batchId: number;
  /** Rows that will not be paid now (they had not left). */
  cancelledRows: number;
  cancelledPaise: number;
  /** Rows that had already left: they cannot be stopped and are followed to a final state. */
  alreadySent: {
    count: number;
    amountPaise: number;
    rows: { payoutId: number; rowNumber: number; transactionId: string; state: string }[];
  };
};

/** Every batch the state machine lets a person call off (all but the finished ones). */
const CANCELLABLE = BATCH_STATES.filter((s) => canTransitionBatch(s, 'CANCELLED'));

export function* cancelBatchOps(batchId: number, at: Date): Ops<CancelResult> {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (FINISHED_BATCH_STATES.includes(batch.state)) {
    throw new AppError('conflict', `Batch #${batchId} is ${batch.state}: nothing is left to cancel.`);
  }
  const pg = (yield* engine()) === 'pg';
  return yield* transaction(function* () {
    // PostgreSQL: the batch first, like a departure (send.ts), which holds it shared while it commits SENDING — so a
    // cancel and a departure wait for each other in one order instead of racing row by row.
    if (pg) yield* get(q`SELECT id FROM batches WHERE id = ${batchId} FOR UPDATE`);
    const candidates = yield* payoutsOfBatchOps(batchId, { states: ['DRAFT', 'READY'] });
    const moved = yield* transitionPayoutsOps(
      candidates.map((r) => ({ id: r.id, from: r.state, to: 'CANCELLED' as const, action: 'cancel' })),
      { at },
    );
    const applied = new Set(moved.applied);
    const unsent = candidates.filter((r) => applied.has(r.id));
    yield* transitionBatchOps(batchId, CANCELLABLE, 'CANCELLED', {
      at,
      action: 'cancel',
    });
    yield* refreshBatchTotalsOps(batchId);
    const sent = yield* all<{
      payoutId: number;
      rowNumber: number;
      transactionId: string;
      state: string;
      amount: number;
    }>(
      q`SELECT id AS "payoutId", row_number AS "rowNumber", transaction_id AS "transactionId", state,
          amount_paise AS amount
        FROM payouts WHERE batch_id = ${batchId} AND attempts > 0 ORDER BY row_number, id`,
    );
    return {
      batchId,
      cancelledRows: unsent.length,
      cancelledPaise: unsent.reduce((s, r) => s + r.amountPaise, 0),
      alreadySent: {
        count: sent.length,
        amountPaise: sent.reduce((s, r) => s + r.amount, 0),
        rows: sent.slice(0, 500).map(({ amount: _a, ...r }) => r),
      },
    };
  });
}
