import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { useAsync } from '../../api/use-async';
import { formatIst, formatPaise } from '../../components/format';
import { Alert, Card, EmptyState, Spinner } from '../../components/ui';
import { BatchDetail } from './batch-detail';
import { SinglePayout } from './single-payout';
import { StateBadge } from './state-badge';

function batchFromHash(): number | null {
  const m = /batch=(\d+)/.exec(window.location.hash);
  return m ? Number(m[1]) : null;
}

export function BatchesScreen() {
  const batches = useAsync(() => call('listBatches', { limit: 100 }), []);
  const [selected, setSelected] = useState<number | null>(batchFromHash);
  const [single, setSingle] = useState(false);
  const { reload } = batches;
  // The list's progress bars follow the engine too (throttled by the reload itself).
  useEffect(() => {
    let last = 0;
    return window.api.on('batchProgress', () => {
      if (Date.now() - last > 2000) {
        last = Date.now();
        reload();
      }
    });
  }, [reload]);
  const open = (id: number) => {
    setSelected(id);
    window.location.hash = `#/batches?batch=${id}`;
  };

  return (
    <div className="stack">
      <Card
        title="Batches"
        actions={
          <button className="btn" type="button" onClick={() => setSingle(true)}>
            New single payout
          </button>
        }
      >
        {batches.loading && !batches.data && <Spinner />}
        {batches.error && <Alert tone="error">{batches.error}</Alert>}
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
                <th className="num">Rows</th>
                <th className="num">Total</th>
                <th>Progress</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {batches.data.map((b) => {
                const settled = b.progress.rowCount - b.progress.remaining - b.progress.unknown - b.progress.conflict;
                const pct = b.progress.rowCount ? Math.round((settled / b.progress.rowCount) * 100) : 0;
                return (
                  <tr
                    key={b.id}
                    className={`clickable ${selected === b.id ? 'selected' : ''}`}
                    onClick={() => open(b.id)}
                  >
                    <td>{b.id}</td>
                    <td>{b.name}</td>
                    <td>{b.environment}</td>
                    <td>
                      <StateBadge state={b.state} />
                    </td>
                    <td className="num">{b.rowCount}</td>
                    <td className="num">{formatPaise(b.totalPaise)}</td>
                    <td>
                      <div className="progress small">
                        <span style={{ width: `${b.state === 'DRAFT' ? 0 : pct}%` }} />
                      </div>
                    </td>
                    <td>{formatIst(b.createdAt)}</td>
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
            reload();
            open(id);
          }}
        />
      )}
      {selected !== null && <BatchDetail key={selected} batchId={selected} onOpenBatch={open} onChanged={reload} />}
    </div>
  );
}
