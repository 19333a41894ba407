import { useState } from 'react';
import type { HistoryRowView } from '../../../shared/ipc/contracts/history';
import { call } from '../../api/client';
import { useAsync } from '../../api/use-async';
import { formatIst, formatPaise } from '../../components/format';
import { Alert, Card, Spinner } from '../../components/ui';
import { ConflictPanel } from './conflict-panel';
import { canSettle, SettleDialog } from './settle-dialog';

/** Every transition of one payout, from the append-only audit log; a CONFLICT shows both sides to settle. */
export function TimelineCard(props: { row: HistoryRowView; onClose: () => void; onSettled?: () => void }) {
  const timeline = useAsync(() => call('payoutTimelineById', { payoutId: props.row.id }), [props.row.id]);
  const [settling, setSettling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const settleButton = canSettle(props.row.state) ? (
    <div className="toolbar">
      <button className="btn btn-primary" type="button" onClick={() => setSettling(true)}>
        Settle this payout…
      </button>
    </div>
  ) : undefined;
  return (
    <Card
      title={`${props.row.transactionId} — ${formatPaise(props.row.amountPaise)}`}
      actions={
        <button className="btn btn-small" type="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
      <ConflictPanel row={props.row} actions={settleButton} />
      {notice && <Alert tone="success">{notice}</Alert>}
      {settling && (
        <SettleDialog
          row={props.row}
          onCancel={() => setSettling(false)}
          onDone={(r) => {
            setSettling(false);
            setNotice(`Settled: now ${r.state}, transaction ID ${r.transactionId}.`);
            timeline.reload();
            props.onSettled?.();
          }}
        />
      )}
      {timeline.loading && <Spinner />}
      {timeline.error && <Alert tone="error">{timeline.error}</Alert>}
      {timeline.data && (
        <ol className="timeline" data-testid="timeline">
          {timeline.data.map((e, i) => (
            <li key={i}>
              <span className="muted">{formatIst(e.at)}</span> <b>{String(e.action)}</b>{' '}
              {e.fromState ? `${String(e.fromState)} → ` : ''}
              {String(e.toState ?? '')}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
