import { useState, type ReactNode } from 'react';
import type { SettleActionName } from '../../../shared/ipc/contracts/journal';
import { errorMessage } from '../../api/client';
import { useCommand } from '../../api/queries';
import { formatPaise } from '../../components/format';
import { Alert, ConfirmDialog, Field } from '../../components/ui';

type Choice = { action: SettleActionName; label: string; consequence: string };

/** The decisions a person may take, per state; the journal refuses any other (settle.ts checks again). */
export const SETTLE_CHOICES: Record<string, readonly Choice[]> = {
  CONFLICT: [
    {
      action: 'adopt',
      label: 'This is our payout',
      consequence: 'EnKash’s record is taken as this payout, and the row follows EnKash’s status from now on.',
    },
    {
      action: 'not-ours',
      label: 'Not ours',
      consequence:
        'The row gets a new transaction ID and goes back to Ready to send; it is sent again only when you send the batch.',
    },
  ],
  UNKNOWN: [
    {
      action: 'paid',
      label: 'EnKash says it was paid',
      consequence: 'The row is marked as paid by EnKash and is never sent again.',
    },
    {
      action: 'not-paid',
      label: 'EnKash says it was not paid',
      consequence:
        'The row will be re-sent with the same transaction IDs (same request, so EnKash cannot pay it twice).',
    },
  ],
};

export function canSettle(state: string): boolean {
  return state in SETTLE_CHOICES;
}

/** A person's audited decision on a CONFLICT or UNKNOWN row: one choice, a reason, then a plain sentence. */
export function SettleDialog(props: {
  row: { id: number; state: string; transactionId: string; amountPaise: number };
  /** What the person decides on (both sides of a CONFLICT), when the caller does not show it already. */
  details?: ReactNode;
  onDone: (result: { state: string; transactionId: string }) => void;
  onCancel: () => void;
}) {
  const choices = SETTLE_CHOICES[props.row.state] ?? [];
  const [action, setAction] = useState<SettleActionName | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Invalidates the timeline, the batches, the aging board and the audit log it changes (query-keys.ts).
  const settle = useCommand('settlePayout');
  const chosen = choices.find((c) => c.action === action);
  const reasonOk = reason.trim().length >= 3 && reason.trim().length <= 500;

  const confirm = async () => {
    if (!chosen || !reasonOk) {
      setError('Choose what EnKash told you and give a reason (3 to 500 characters).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onDone(await settle.mutateAsync({ payoutId: props.row.id, action: chosen.action, reason: reason.trim() }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      title={`Settle ${props.row.transactionId} — ${formatPaise(props.row.amountPaise)}`}
      confirmLabel={chosen ? chosen.label : 'Settle'}
      tone={chosen?.action === 'not-ours' || chosen?.action === 'not-paid' ? 'danger' : 'primary'}
      busy={busy}
      onConfirm={() => void confirm()}
      onCancel={props.onCancel}
    >
      {props.details}
      <fieldset className="stack" data-testid="settle-choices">
        {choices.map((c) => (
          <label key={c.action}>
            <input
              type="radio"
              name="settle-action"
              value={c.action}
              checked={action === c.action}
              onChange={() => setAction(c.action)}
            />{' '}
            {c.label}
          </label>
        ))}
      </fieldset>
      <Field label="Reason (kept in the audit trail)">
        {(id) => (
          <textarea
            id={id}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. EnKash support confirmed on the phone, ticket 1234"
          />
        )}
      </Field>
      {chosen && <Alert tone={chosen.action.startsWith('not') ? 'warning' : 'info'}>{chosen.consequence}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}
