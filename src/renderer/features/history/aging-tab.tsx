import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import { formatIstForScreen, formatPaise } from '../../components/format';
import { Alert, Card, Spinner } from '../../components/ui';
import { useTeamGrants } from '../team/use-team-grants';
import { SearchHealthBanner } from './search-health-banner';
import { stateLabel } from '../../../shared/domain/state-words';

type Bucket = {
  key: string;
  label?: string;
  count?: number;
  amountPaise?: number;
  rows?: { id: number; transactionId: string; state: string; since: string; amountPaise: number }[];
};

/** Rows still waiting for a final state, by how long they have waited; "Check now" asks EnKash at once. */
export function AgingTab() {
  // "Check now" invalidates the board and the search-health banner (query-keys.ts).
  const board = useCommandQuery('agingBoard');
  const checkNow = useCommand('checkRowsNow');
  // Team mode: asking EnKash is a maker's or admin's (batch.control); a viewer or checker reads the board.
  const mayCheck = useTeamGrants().can('batch.control');
  const [notice, setNotice] = useState<string | null>(null);
  const check = async (ids: number[]) => {
    try {
      const r = await checkNow.mutateAsync({ payoutIds: ids });
      setNotice(`Asked EnKash about ${r.scheduled} payouts.`);
    } catch (e) {
      setNotice(errorMessage(e));
    }
  };
  if (board.isPending) return <Spinner />;
  if (board.error) return <Alert tone="error">{errorMessage(board.error)}</Alert>;
  const buckets = (board.data?.buckets ?? []) as Bucket[];
  return (
    <Card
      title={`Awaiting a final state: ${board.data?.count ?? 0} payouts · ${formatPaise(board.data?.amountPaise ?? 0)}`}
    >
      <SearchHealthBanner />
      <div className="buckets" data-testid="aging">
        {buckets.map((b) => (
          <div className="bucket" key={b.key}>
            <div className="muted">{b.label ?? b.key}</div>
            <div className="big-number">{b.count ?? 0}</div>
            <div className="muted">{formatPaise(b.amountPaise ?? 0)}</div>
            <ul className="issue-list">
              {(b.rows ?? []).slice(0, 5).map((r) => (
                <li key={r.id}>
                  {r.transactionId} · {stateLabel(r.state)} since {formatIstForScreen(r.since)}
                </li>
              ))}
            </ul>
            {mayCheck && (b.rows?.length ?? 0) > 0 && (
              <button
                className="btn btn-small"
                type="button"
                onClick={() => void check((b.rows ?? []).map((r) => r.id))}
              >
                Check now
              </button>
            )}
          </div>
        ))}
      </div>
      {notice && <Alert tone="info">{notice}</Alert>}
    </Card>
  );
}
