import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { listRefetchInterval } from '../../api/query-keys';
import { formatIstForScreen, formatPaise } from '../../components/format';
import { Alert, Card, EmptyState, Spinner } from '../../components/ui';
import { BatchDetail } from './batch-detail';
import { SinglePayout } from './single-payout';
import { BatchOutcomeBadge, environmentName, failureText, outcomeOf } from './batch-outcome-badge';
import { StateBadge } from './state-badge';
import { useTeamGrants } from '../team/use-team-grants';

function batchFromHash(): number | null {
  const m = /batch=(\d+)/.exec(window.location.hash);
  return m ? Number(m[1]) : null;
}

export function BatchesScreen() {
  // The list's progress bars follow the engine's batchProgress events through the cache (query-keys.ts).
  const batches = useCommandQuery(
    'listBatches',
    { limit: 100 },
    { refetchInterval: (q) => listRefetchInterval(q.state.data) },
  );
  const [selected, setSelected] = useState<number | null>(batchFromHash);
  const [single, setSingle] = useState(false);
  // Team mode: a single payout is staged by a maker (it then waits for approval like any batch).
  const stage = useTeamGrants().can('batch.stage');
  const open = (id: number) => {
    setSelected(id);
    window.location.hash = `#/batches?batch=${id}`;
  };

  return (
    <div className="stack">
      <Card
        title="Batches"
        actions={
          stage && (
            <button className="btn" type="button" onClick={() => setSingle(true)}>
              New single payout
            </button>
          )
        }
      >
        {batches.isPending && <Spinner />}
        {batches.error && <Alert tone="error">{errorMessage(batches.error)}</Alert>}
        {batches.data?.length === 0 && (
          <EmptyState title="No batches yet.">
            <p>
              Import a payout sheet on the <a href="#/import">Import</a> screen, or make a single payout.
            </p>
          </EmptyState>
        )}
        {batches.data && batches.data.length > 0 && (
          <table className="data" data-testid="batch-list">
            <thead>
              <tr>
                <th>#</th>
                <th>Name</th>
                <th>Environment</th>
                <th>Status</th>
                <th>Result</th>
                <th className="num">Rows</th>
                <th className="num">Total</th>
                <th>Settled</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {batches.data.map((b) => {
                // The same derivation as the detail's (batch-outcome-badge.tsx), so the two never disagree.
                const view = outcomeOf(b.progress);
                const pct = view.countedRows ? Math.round((view.settledRows / view.countedRows) * 100) : 0;
                const failures = failureText(view.failures);
                return (
                  <tr
                    key={b.id}
                    className={`clickable ${selected === b.id ? 'selected' : ''}`}
                    onClick={() => open(b.id)}
                  >
                    <td>{b.id}</td>
                    <td>
                      {/* The row is clickable for the mouse; this button is the same action for the keyboard. */}
                      <button type="button" className="link row-open" onClick={() => open(b.id)}>
                        {b.name}
                      </button>
                    </td>
                    <td>{environmentName(b.environment)}</td>
                    <td>
                      <StateBadge state={b.state} />
                    </td>
                    <td>
                      <BatchOutcomeBadge view={view} />
                      {failures && (
                        <>
                          {' '}
                          <span className="muted" data-testid="batch-failures">
                            {failures}
                          </span>
                        </>
                      )}
                    </td>
                    <td className="num">{b.rowCount}</td>
                    <td className="num">{formatPaise(b.totalPaise)}</td>
                    <td>
                      <div className="progress small" title={`${view.settledRows} of ${view.countedRows} settled`}>
                        <span style={{ width: `${pct}%` }} />
                      </div>
                    </td>
                    <td>{formatIstForScreen(b.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
      {single && (
        <SinglePayout
          onClose={() => setSingle(false)}
          onStaged={(id) => {
            setSingle(false);
            open(id);
          }}
        />
      )}
      {selected !== null && <BatchDetail key={selected} batchId={selected} onOpenBatch={open} />}
    </div>
  );
}
