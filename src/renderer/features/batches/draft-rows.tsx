import { useState } from 'react';
import type { PayoutRowView } from '../../../shared/ipc/contracts/batches';
import { errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import { errorLines } from '../../components/fields-grid';
import { formatPaise, maskAccount } from '../../components/format';
import { Alert, Card, ConfirmDialog } from '../../components/ui';
import { RowEditForm } from './row-edit-form';
import { StateBadge } from './state-badge';
import { useTeamGrants } from '../team/use-team-grants';

/**
 * A DRAFT batch before anyone confirms it (issue 17 point 2): leave a row out or put it back, fix a row's
 * details (main re-validates with the sheet rules), or discard the whole draft (audited). A retry draft shows
 * why each row failed the first time, so the account details can be fixed before it is sent again.
 */
export function DraftRows(props: {
  batchId: number;
  kind: string;
  rows: PayoutRowView[];
  /** Anything changed: an open pre-flight report is stale. */
  onChanged: () => void;
  onDiscarded: (message: string) => void;
  /** Rows held as a payee mismatch (from the pre-flight report): they come back only with a reason, there. */
  held?: ReadonlySet<number>;
}) {
  const { batchId } = props;
  const exclude = useCommand('excludeRows');
  const include = useCommand('includeRows');
  const discard = useCommand('cancelBatch');
  // Team mode: a viewer or checker reads the draft; only a maker changes it (the server checks again).
  const grants = useTeamGrants();
  const stage = grants.can('batch.stage');
  const reasons = useCommandQuery('retryReasons', { batchId }, { enabled: props.kind === 'retry' });
  const [editing, setEditing] = useState<PayoutRowView | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonOf = new Map((reasons.data ?? []).map((r) => [r.payoutId, r.failureReason ?? r.rejectCode]));
  // A CANCELLED row that was put back has a live copy with its row number: only the others can be included.
  const liveRows = new Set(props.rows.filter((r) => r.state !== 'CANCELLED').map((r) => r.rowNumber));
  // The CANCELLED original of a row put back would only repeat its copy here (the Rows list below keeps it).
  const shown = props.rows.filter((r) => r.state !== 'CANCELLED' || !liveRows.has(r.rowNumber));

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      props.onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Check and edit this draft"
      actions={
        grants.can('batch.control') && (
          <button className="btn" type="button" disabled={busy} onClick={() => setConfirmDiscard(true)}>
            Discard draft
          </button>
        )
      }
    >
      <p className="muted">
        Nothing in a draft has been sent. Leave rows out, put them back, or fix a row before the pre-flight check.
      </p>
      <table className="data" data-testid="draft-rows">
        <thead>
          <tr>
            <th>Row</th>
            <th>Payee</th>
            <th>Account / UPI</th>
            <th className="num">Amount</th>
            <th>Status</th>
            {props.kind === 'retry' && <th>Why it failed before</th>}
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-row={r.rowNumber} data-state={r.state}>
              <td>{r.rowNumber}</td>
              <td>{r.payeeName ?? r.beneficiaryId ?? '—'}</td>
              <td>{r.vpa ?? maskAccount(r.accountNumber)}</td>
              <td className="num">{formatPaise(r.amountPaise)}</td>
              <td>
                {r.state !== 'CANCELLED' ? (
                  <StateBadge state={r.state} />
                ) : props.held?.has(r.id) ? (
                  'Held: the bank holds another name'
                ) : (
                  'Left out'
                )}
              </td>
              {props.kind === 'retry' && <td className="muted">{reasonOf.get(r.id) ?? ''}</td>}
              <td>
                {stage && r.state === 'DRAFT' && (
                  <>
                    <button className="btn btn-small" type="button" disabled={busy} onClick={() => setEditing(r)}>
                      Edit row {r.rowNumber}
                    </button>{' '}
                    <button
                      className="btn btn-small"
                      type="button"
                      disabled={busy}
                      onClick={() => void act(() => exclude.mutateAsync({ batchId, payoutIds: [r.id] }))}
                    >
                      Leave row {r.rowNumber} out
                    </button>
                  </>
                )}
                {r.state === 'CANCELLED' && props.held?.has(r.id) && (
                  <span className="muted">Accept it in the pre-flight check above</span>
                )}
                {stage && r.state === 'CANCELLED' && !props.held?.has(r.id) && (
                  <button
                    className="btn btn-small"
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        const done = await include.mutateAsync({ batchId, payoutIds: [r.id] });
                        if (done.refused.length) throw new Error(errorLines(done.refused).join(' '));
                      })
                    }
                  >
                    Include row {r.rowNumber}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <EditDraftRow
          row={editing}
          reason={reasonOf.get(editing.id) ?? null}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            props.onChanged();
          }}
        />
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {confirmDiscard && (
        <ConfirmDialog
          title="Discard this draft?"
          confirmLabel="Discard draft"
          tone="danger"
          onCancel={() => setConfirmDiscard(false)}
          onConfirm={() =>
            void act(async () => {
              const r = await discard.mutateAsync({ batchId });
              setConfirmDiscard(false);
              props.onDiscarded(
                `Draft discarded: ${r.cancelledRows} rows (${formatPaise(r.cancelledPaise)}) will not be paid.`,
              );
            })
          }
        >
          <p>Nothing of it was sent. The draft stays in the history as discarded, and the audit log records it.</p>
        </ConfirmDialog>
      )}
    </Card>
  );
}

function EditDraftRow(props: { row: PayoutRowView; reason: string | null; onSaved: () => void; onClose: () => void }) {
  return (
    <RowEditForm
      row={props.row}
      command="editDraftRow"
      title={`Edit row ${props.row.rowNumber}`}
      action="Save row"
      onSaved={props.onSaved}
      onClose={props.onClose}
    >
      {props.reason && <Alert tone="warning">It failed before: {props.reason}</Alert>}
    </RowEditForm>
  );
}
