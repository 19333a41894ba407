import { sql } from 'kysely';
import { all, get, q, type Ops } from '../../../src/main/db/store/ops';
import type { PayoutState } from '../../../src/main/services/journal/states';

// Reads for assertions, written once as storage work so a test reads rows the same way on both engines.

/** A payout row as the assertions read it, the same on both engines. */
export type HarnessPayout = {
  id: number;
  batchId: number;
  transactionId: string;
  state: PayoutState;
  amountPaise: number;
  attempts: number;
  conflict: string | null;
};

/** Which audit entries to count; every given field must match. */
export type AuditFilter = { entity?: string; action?: string; toState?: string; fromState?: string };

export function* payoutRowsOps(batchId?: number): Ops<HarnessPayout[]> {
  const where = batchId === undefined ? sql`1 = 1` : sql`batch_id = ${batchId}`;
  return yield* all<HarnessPayout>(
    q`SELECT id, batch_id AS "batchId", transaction_id AS "transactionId", state, amount_paise AS "amountPaise",
        attempts, conflict FROM payouts WHERE ${where} ORDER BY id`,
  );
}

export function* countInOps(states: readonly string[], batchId?: number): Ops<number> {
  if (states.length === 0) return 0;
  const where = batchId === undefined ? sql`1 = 1` : sql`batch_id = ${batchId}`;
  const row = yield* get<{ n: number }>(
    q`SELECT count(*) AS n FROM payouts WHERE ${where} AND state IN (${sql.join(states)})`,
  );
  return Number(row?.n ?? 0);
}

export function* auditCountOps(where: AuditFilter): Ops<number> {
  const column = { entity: 'entity', action: 'action', toState: 'to_state', fromState: 'from_state' } as const;
  const terms = (Object.keys(column) as (keyof AuditFilter)[])
    .filter((k) => where[k] !== undefined)
    .map((k) => sql`${sql.ref(column[k])} = ${where[k]}`);
  const filter = terms.length ? sql.join(terms, sql` AND `) : sql`1 = 1`;
  const row = yield* get<{ n: number }>(q`SELECT count(*) AS n FROM audit_log WHERE ${filter}`);
  return Number(row?.n ?? 0);
}
