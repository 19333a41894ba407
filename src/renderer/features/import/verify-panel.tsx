import { useEffect, useRef, useState } from 'react';
import type { Issue } from '../../../shared/domain/issue';
import type { ModeLimits } from '../../../shared/domain/payout';
import type { ColumnMapping, SheetSummary } from '../../../shared/sheet/ui';
import { PAYEE_VERDICT_INFO, PAYEE_VERDICTS } from '../../../shared/verify/payee-verdict';
import type { VerificationResult, VerificationSummary } from '../../../shared/verify/verification';
import { errorMessage } from '../../api/client';
import { useVerifyJob } from '../../api/verification';
import { ProgressBar } from '../../components/progress-bar';
import { Alert, Card, ConfirmDialog } from '../../components/ui';
import type { SheetClient } from '../../workers/sheet-client';
import { bankRowCount, verificationRows } from './verify-rows';

const nf = new Intl.NumberFormat('en-IN');

/** Why "Verify payees" cannot run on this sheet, or null when it can. */
function disabledReason(summary: SheetSummary, mapping: ColumnMapping): string | null {
  if (mapping.accountNumber === undefined)
    return 'No column is mapped to the account number: there is nothing to verify.';
  const m = summary.countByMode;
  if (m.IMPS + m.NEFT + m.RTGS === 0) return 'No valid bank-account row to verify (UPI rows need no account check).';
  return null;
}

function outcomeText(s: VerificationSummary, cancelled: boolean): string {
  const counts = PAYEE_VERDICTS.filter((v) => s.counts[v] > 0)
    .map((v) => `${nf.format(s.counts[v])} ${PAYEE_VERDICT_INFO[v].label.toLowerCase()}`)
    .join(', ');
  const how = `${nf.format(s.fromCache)} from the saved checks, ${nf.format(s.calls)} asked of the bank`;
  const head = cancelled ? 'Cancelled: the rows checked so far are shown, the rest stay not checked.' : 'Checked';
  return `${head} ${nf.format(s.rows)} rows: ${counts || 'none'} (${how}).`;
}

/**
 * "Verify payees" in the preview (issue 12 point 3): the valid payee rows go to main, which asks the bank for the
 * name it holds (penny-less unless the user ticks penny drop) and scores it against the sheet's name.
 */
export function VerifyPanel(props: {
  client: SheetClient;
  summary: SheetSummary;
  mapping: ColumnMapping;
  issuesByIndex: Record<number, Issue[]>;
  modeLimits: ModeLimits;
  onResults: (results: VerificationResult[]) => void;
}) {
  const job = useVerifyJob();
  const [pennyDrop, setPennyDrop] = useState(false);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'info' | 'error'; text: string } | null>(null);
  // Another file or mapping unmounts the panel: a job still running is cancelled and its answer dropped.
  const alive = useRef(true);
  const { cancel } = job;
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      void cancel().catch(() => undefined);
    };
  }, [cancel]);
  const reason = disabledReason(props.summary, props.mapping);
  const m = props.summary.countByMode;
  const bankRows = m.IMPS + m.NEFT + m.RTGS;

  const verify = async () => {
    setOutcome(null);
    try {
      const reply = await props.client.request({ type: 'mapped-rows' });
      if (reply.type !== 'mapped-rows') return;
      const rows = verificationRows(reply.rows, props.issuesByIndex, props.modeLimits);
      if (bankRowCount(rows) === 0) {
        setOutcome({ tone: 'info', text: 'No valid row has a bank account to verify.' });
        return;
      }
      const done = await job.run(rows, pennyDrop);
      if (!alive.current) return;
      props.onResults(done.results);
      const bad = done.summary.counts.mismatch + done.summary.counts.failed;
      setOutcome({ tone: done.cancelled || bad ? 'info' : 'success', text: outcomeText(done.summary, done.cancelled) });
    } catch (e) {
      if (alive.current) setOutcome({ tone: 'error', text: errorMessage(e) });
    }
  };

  return (
    <Card title="Verify payees">
      <p className="muted">
        Asks the bank for the name it holds for each account and compares it with the payee name in the sheet. Nothing
        is paid. A mismatch is held out of the batch until you accept it.
      </p>
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={pennyDrop}
            disabled={job.running}
            onChange={(e) => (e.target.checked ? setAsking(true) : setPennyDrop(false))}
          />{' '}
          Penny drop (moves ₹1 per account, costs a fee per check)
        </label>
        <button
          className="btn btn-primary"
          type="button"
          disabled={reason !== null || job.running}
          aria-describedby={reason ? 'verify-disabled-reason' : undefined}
          onClick={() => void verify()}
        >
          {job.running ? 'Verifying…' : pennyDrop ? 'Verify payees with penny drop' : 'Verify payees'}
        </button>
      </div>
      {reason && (
        <p className="muted" id="verify-disabled-reason" data-testid="verify-disabled-reason">
          {reason}
        </p>
      )}
      {pennyDrop && (
        <Alert tone="warning">
          Penny drop is on: each bank account checked receives ₹1 from your EnKash account, and EnKash charges a fee for
          every check.
        </Alert>
      )}
      {job.progress && (
        <div className="stack" data-testid="verify-progress">
          <ProgressBar
            label="Verifying payees"
            percent={job.progress.total ? (job.progress.done / job.progress.total) * 100 : 0}
          />
          <span className="muted">
            {nf.format(job.progress.done)} of {nf.format(job.progress.total)} rows checked…{' '}
            <button className="btn btn-small" type="button" onClick={() => void job.cancel()}>
              Cancel
            </button>
          </span>
        </div>
      )}
      {outcome && (
        <Alert tone={outcome.tone}>
          <span data-testid="verify-outcome">{outcome.text}</span>
        </Alert>
      )}
      {asking && (
        <ConfirmDialog
          title="Use penny drop?"
          confirmLabel="Use penny drop"
          tone="danger"
          onConfirm={() => {
            setPennyDrop(true);
            setAsking(false);
          }}
          onCancel={() => setAsking(false)}
        >
          <p>
            Penny drop sends ₹1 to each bank account it checks (up to {nf.format(bankRows)} in this sheet) and EnKash
            charges a fee for every check. The payees see the ₹1 credit. Without it, the check is penny-less: no money
            moves.
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
