import { sql } from 'kysely';
import { SENDABLE_BATCH_STATES, UNRESOLVED_STATES } from '../../shared/domain/payout-states';
import { all, q } from '../db/store/ops';
import type { JournalDeps } from '../services/journal/deps';
import { reconcileRound } from '../services/reconcile/startup';
import { searchHealthOps } from '../services/reconcile/search-proof';
import { authorise } from '../services/team/roles';
import type { SessionUser } from '../services/team/sessions';

/**
 * `reconcile --server` (issue 14 point 5). On a Desk Server recovery and sending already run in the server (its
 * runtime owns them, chunk leases decide who sends), so what a client may ask is one round that checks every open
 * row at EnKash now — the desk's "Check all", with its role (batch control: a maker or an admin, as the served
 * checkAllOpenRows) — and the journal's state after it.
 */
export type ServerReconcile = {
  environment: string;
  /** Rows checked at EnKash by this round (searched UNKNOWN rows and polled in-flight ones). */
  checked: number;
  statusesChanged: number;
  unknown: number;
  unsent: number;
  byState: Record<string, number>;
  search?: { state: 'unavailable' | 'unproven'; detail: string };
};

export async function reconcileOnServer(deps: JournalDeps, user: SessionUser): Promise<ServerReconcile> {
  authorise(user, 'batch.control');
  const report = await reconcileRound(deps, { all: true });
  const environment = deps.environment();
  // One pass over the environment's rows: counts by state, and READY rows of batches the engine still sends.
  const rows = await deps.store.run(
    all<{ state: string; sendable: number | boolean; n: number | string }>(
      q`SELECT p.state, CASE WHEN b.state IN (${sql.join(SENDABLE_BATCH_STATES)}) THEN 1 ELSE 0 END AS sendable,
        count(*) AS n FROM payouts p JOIN batches b ON b.id = p.batch_id
        WHERE b.environment = ${environment} GROUP BY p.state, sendable`,
    ),
  );
  const byState: Record<string, number> = {};
  let unsent = 0;
  for (const r of rows) {
    byState[r.state] = (byState[r.state] ?? 0) + Number(r.n);
    if (r.state === 'READY' && Number(r.sendable) === 1) unsent += Number(r.n);
  }
  const ordered = Object.fromEntries(Object.entries(byState).sort(([a], [b]) => a.localeCompare(b)));
  const unknown = UNRESOLVED_STATES.reduce((s, state) => s + (byState[state] ?? 0), 0);
  const result: ServerReconcile = {
    environment,
    checked: report.poll.checked + report.resolve.considered,
    statusesChanged: report.poll.changed,
    unknown,
    unsent,
    byState: ordered,
  };
  const health = unknown > 0 ? await deps.store.run(searchHealthOps(environment)) : null;
  if (health) result.search = { state: health.state, detail: health.detail };
  return result;
}
