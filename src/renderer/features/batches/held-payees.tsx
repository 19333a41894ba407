import { useState } from 'react';
import type { PreflightView } from '../../../shared/ipc/contracts/batches';
import { errorMessage } from '../../api/client';
import { useCommand } from '../../api/queries';
import { Alert, ConfirmDialog, Field } from '../../components/ui';
import { useTeamGrants } from '../team/use-team-grants';

/** The pre-flight finding that lists the payees staging held out as a verified mismatch (main: preflight-payee.ts). */
export const MISMATCH_HELD = 'payee_mismatch_held';

/** Main refuses a shorter reason (payee-accept.ts): the button waits for one it will take. */
const MIN_REASON = 3;

type HeldRow = PreflightView['warnings'][number]['rows'][number];

/** The payouts a pre-flight report lists as held (none without a report). */
export function heldPayoutIds(report: PreflightView | null): ReadonlySet<number> {
  const found = report?.warnings.find((w) => w.code === MISMATCH_HELD);
  return new Set(found?.rows.map((r) => r.payoutId) ?? []);
}

/**
 * Payees held back because the bank holds another name for the account (issue 12 point 4). Each row says the
 * sheet's name beside the bank's (account masked by main) and can be paid after all, one by one, with a reason
 * that goes to the audit log with who accepted it; the caller then runs pre-flight again for the new total.
 */
export function HeldPayees(props: { report: PreflightView; onChanged: () => void }) {
  const found = props.report.warnings.find((w) => w.code === MISMATCH_HELD);
  const accept = useCommand('acceptMismatch');
  const stage = useTeamGrants().can('batch.stage');
  const [asking, setAsking] = useState<HeldRow | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!found) return null;

  const open = (row: HeldRow) => {
    setReason('');
    setError(null);
    setAsking(row);
  };
  const confirm = async () => {
    if (!asking) return;
    setError(null);
    try {
      const r = await accept.mutateAsync({
        batchId: props.report.batchId,
        payoutIds: [asking.payoutId],
        reason: reason.trim(),
      });
      setAsking(null);
      if (r.refused.length) setError(r.refused.map((i) => `Row ${i.row}: ${i.message}`).join(' '));
      else props.onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="findings findings-warning" data-testid="preflight-held">
      <h3 className="subhead">Payees held back: the bank holds another name</h3>
      <p>{found.message}</p>
      <ul>
        {found.rows.map((r) => (
          <li key={r.payoutId} data-testid="held-row" data-row={r.rowNumber}>
            Row {r.rowNumber}
            {r.detail ? ` — ${r.detail}` : ''}{' '}
            {stage && (
              <button className="btn btn-small" type="button" disabled={accept.isPending} onClick={() => open(r)}>
                Accept and pay row {r.rowNumber}
              </button>
            )}
          </li>
        ))}
      </ul>
      {found.count > found.rows.length && (
        <p className="muted">and {found.count - found.rows.length} more held rows, also not paid.</p>
      )}
      {error && !asking && <Alert tone="error">{error}</Alert>}
      {asking && (
        <ConfirmDialog
          title={`Pay row ${asking.rowNumber} anyway?`}
          confirmLabel="Accept and pay"
          tone="danger"
          ready={reason.trim().length >= MIN_REASON}
          busy={accept.isPending}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(null)}
        >
          <p>{asking.detail ?? 'The bank holds another name for this account.'}</p>
          <p>
            The money may reach someone other than the payee. Accept only if you have confirmed the account with the
            payee.
          </p>
          <Field
            label="Reason (required)"
            hint="Recorded in the audit log with your name, e.g. “Confirmed the account with the payee by phone”."
          >
            {(id) => <textarea id={id} autoFocus rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          {error && <Alert tone="error">{error}</Alert>}
        </ConfirmDialog>
      )}
    </div>
  );
}
