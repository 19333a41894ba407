import { sql } from 'kysely';
import { all, get, q, type Ops } from '../main/db/store/ops';
import { SENDABLE_BATCH_STATES, UNRESOLVED_STATES } from '../shared/domain/payout-states';

/** The journal counts `submit` and `reconcile` print, as storage work for either engine (db/store/ops.ts). */

/** Rows of the environment (optionally one batch) that are SENDING or UNKNOWN. */
export function* unresolvedCountOps(environment: string, batchId?: number): Ops<number> {
  const row =
    batchId === undefined
      ? yield* get<{ n: number }>(q`SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
          WHERE b.environment = ${environment} AND p.state IN (${sql.join(UNRESOLVED_STATES)})`)
      : yield* get<{ n: number }>(q`SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
          WHERE b.environment = ${environment} AND p.state IN (${sql.join(UNRESOLVED_STATES)}) AND p.batch_id = ${batchId}`);
  return Number(row?.n ?? 0);
}

/** READY rows in batches that are confirmed or sending: work the engine still has to send. */
export function* unsentCountOps(environment: string): Ops<number> {
  const row = yield* get<{ n: number }>(q`SELECT count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
    WHERE b.environment = ${environment} AND p.state = 'READY' AND b.state IN (${sql.join(SENDABLE_BATCH_STATES)})`);
  return Number(row?.n ?? 0);
}

/** How many rows of the environment are in each state. */
export function* countsByStateOps(environment: string): Ops<Record<string, number>> {
  const rows = yield* all<{ state: string; n: number }>(q`SELECT p.state, count(*) AS n
    FROM payouts p JOIN batches b ON b.id = p.batch_id WHERE b.environment = ${environment} GROUP BY p.state ORDER BY p.state`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Whether the batch still has a READY row. */
export function* hasReadyRowOps(batchId: number): Ops<boolean> {
  return (
    (yield* get(q`SELECT 1 AS one FROM payouts WHERE batch_id = ${batchId} AND state = 'READY' LIMIT 1`)) !== undefined
  );
}
