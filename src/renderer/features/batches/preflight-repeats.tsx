import { useState } from 'react';
import type { PreflightView } from '../../../shared/ipc/contracts/batches';
import { errorMessage } from '../../api/client';
import { useCommand } from '../../api/queries';
import { Alert } from '../../components/ui';
import { useTeamGrants } from '../team/use-team-grants';

/** The pre-flight finding that lists the repeats staging left out (main: preflight-repeats.ts). */
export const REPEAT_LEFT_OUT = 'repeat_left_out';

/**
 * Repeats left out of the batch (issue 17 point 1): each one a click away from being paid after all. Main puts
 * the row back re-validated and records who included it; the caller runs pre-flight again for the new total.
 */
export function PreflightRepeats(props: { report: PreflightView; onChanged: () => void }) {
  const found = props.report.warnings.find((w) => w.code === REPEAT_LEFT_OUT);
  const include = useCommand('includeRows');
  const stage = useTeamGrants().can('batch.stage');
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!found) return null;

  const put = async (payoutId: number) => {
    setBusy(payoutId);
    setError(null);
    try {
      const r = await include.mutateAsync({ batchId: props.report.batchId, payoutIds: [payoutId] });
      if (r.refused.length) setError(r.refused.map((i) => `Row ${i.row}: ${i.message}`).join(' '));
      else props.onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="findings findings-warning" data-testid="preflight-repeats">
      <h3 className="subhead">Repeated rows left out</h3>
      <p>{found.message}</p>
      <ul>
        {found.rows.map((r) => (
          <li key={r.payoutId}>
            Row {r.rowNumber}
            {r.detail ? ` — ${r.detail}` : ''}{' '}
            {stage && (
              <button
                className="btn btn-small"
                type="button"
                disabled={busy !== null}
                onClick={() => void put(r.payoutId)}
              >
                Include row {r.rowNumber}
              </button>
            )}
          </li>
        ))}
      </ul>
      {found.count > found.rows.length && (
        <p className="muted">and {found.count - found.rows.length} more repeated rows, also left out.</p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
