import type { HistoryRowView } from '../../../shared/ipc/contracts/history';
import { call } from '../../api/client';
import { useAsync } from '../../api/use-async';
import { formatIst, formatPaise } from '../../components/format';
import { Alert, Card, Spinner } from '../../components/ui';

/** Every transition of one payout, from the append-only audit log. */
export function TimelineCard(props: { row: HistoryRowView; onClose: () => void }) {
  const timeline = useAsync(() => call('payoutTimelineById', { payoutId: props.row.id }), [props.row.id]);
  return (
    <Card
      title={`${props.row.transactionId} — ${formatPaise(props.row.amountPaise)}`}
      actions={
        <button className="btn btn-small" type="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
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
