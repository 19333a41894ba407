import { useState } from 'react';
import type { HistoryRowView } from '../../../shared/ipc/contracts/history';
import { errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { formatIstForScreen, formatPaise } from '../../components/format';
import { Alert, Card, Spinner } from '../../components/ui';
import { actionWords } from '../../components/words';
import { stateLabel } from '../../../shared/domain/state-words';
import { ConflictPanel } from './conflict-panel';
import { canSettle, SettleDialog } from './settle-dialog';
import { useTeamGrants } from '../team/use-team-grants';

/** Every transition of one payout, from the append-only audit log; a CONFLICT shows both sides to settle. */
export function TimelineCard(props: { row: HistoryRowView; onClose: () => void; onSettled?: () => void }) {
  const timeline = useCommandQuery('payoutTimelineById', { payoutId: props.row.id });
  const [settling, setSettling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // A settle changes this desk's own journal; a Desk Server does not serve it (TEAM_CHANNELS settlePayout).
  const team = useTeamGrants().team;
  const settleButton =
    !team && canSettle(props.row.state) ? (
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
            props.onSettled?.();
          }}
        />
      )}
      {timeline.isFetching && <Spinner />}
      {timeline.error && <Alert tone="error">{errorMessage(timeline.error)}</Alert>}
      {timeline.data && (
        <ol className="timeline" data-testid="timeline">
          {timeline.data.map((e, i) => (
            <li key={i}>
              <span className="muted">{formatIstForScreen(e.at)}</span> <b>{actionWords(e.action)}</b>
              {e.toState ? `: ${stateLabel(String(e.toState))}` : ''}
              {e.fromState && e.fromState !== e.toState ? ` (was ${stateLabel(String(e.fromState))})` : ''}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
