import { useState } from 'react';
import type { PreflightView } from '../../../shared/ipc/contracts/batches';
import { paiseToDecimal } from '../../../shared/domain/money';
import { errorMessage } from '../../api/client';
import { useCommand } from '../../api/queries';
import { formatPaise } from '../../components/format';
import { Alert, Field } from '../../components/ui';
import { Findings } from '../../components/preflight-findings';
import { PreflightRepeats, REPEAT_LEFT_OUT } from './preflight-repeats';
import { HeldPayees, MISMATCH_HELD } from './held-payees';
import { useTeamGrants } from '../team/use-team-grants';
import { PAYEE_VERDICT_INFO, PAYEE_VERDICTS } from '../../../shared/verify/payee-verdict';

/** Why there is no balance figure, in the words main used (issue 17 point 3: no bare "could not be read"). */
function balanceNotRead(r: PreflightView): string {
  const why = r.warnings.find((w) => w.code === 'balance_unavailable');
  if (why) return why.message;
  if (r.blocks.some((b) => b.code === 'wrong_environment')) {
    return 'Not read: this batch belongs to another environment than the one Settings are on.';
  }
  return r.rowCount === 0 ? 'Not read: the batch has no rows to pay.' : 'Could not be read.';
}

/**
 * Pre-flight and confirmation: balance vs total, limits, windows, duplicates and changed bank details; the
 * user types the batch total (and in Production the batch name) before anything is sent.
 */
export function PreflightPanel(props: {
  report: PreflightView;
  onConfirmed: (report: PreflightView) => void;
  onExcluded: () => void;
  confirm?: (typedTotal: string, productionName?: string) => Promise<PreflightView>;
  confirmLabel?: string;
}) {
  const r = props.report;
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmBatch = useCommand('confirmBatch');
  const excludeRows = useCommand('excludeRows');
  // Team mode: the desk's own confirm is not offered (approval confirms); a resubmission (props.confirm) is a
  // maker's change that goes for fresh approvals, so it follows the role like the other row buttons.
  const grants = useTeamGrants();
  const stage = grants.can('batch.stage');
  const mayConfirm = props.confirm ? stage : grants.deskConfirm;
  const blockedIds = [
    ...new Set(r.blocks.filter((b) => b.code !== 'insufficient_balance').flatMap((b) => b.rows.map((x) => x.payoutId))),
  ];

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = props.confirm
        ? await props.confirm(typed, r.production ? name : undefined)
        : await confirmBatch.mutateAsync({
            batchId: r.batchId,
            typedTotal: typed,
            productionName: r.production ? name : undefined,
          });
      props.onConfirmed(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const exclude = async () => {
    setBusy(true);
    try {
      await excludeRows.mutateAsync({ batchId: r.batchId, payoutIds: blockedIds });
      props.onExcluded();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="preflight" data-testid="preflight">
      <dl className="kv">
        <dt>Rows</dt>
        <dd>{r.rowCount}</dd>
        <dt>Batch total</dt>
        <dd>
          <b>{formatPaise(r.totalPaise)}</b>
        </dd>
        <dt>EnKash balance</dt>
        <dd data-testid="preflight-balance">
          {r.balancePaise === null ? balanceNotRead(r) : formatPaise(r.balancePaise)}
        </dd>
        {r.queuedElsewherePaise > 0 && (
          <>
            <dt>Queued in other batches</dt>
            <dd>{formatPaise(r.queuedElsewherePaise)}</dd>
          </>
        )}
        {r.shortfallPaise > 0 && (
          <>
            <dt>Shortfall</dt>
            <dd className="field-error">{formatPaise(r.shortfallPaise)}</dd>
          </>
        )}
        <dt>By mode</dt>
        <dd>
          {Object.entries(r.totalsByMode)
            .filter(([, t]) => t.count > 0)
            .map(([m, t]) => `${m}: ${t.count} · ${formatPaise(t.totalPaise)}`)
            .join('   ')}
        </dd>
        {payeeLine(r) && (
          <>
            <dt>Payees</dt>
            <dd data-testid="preflight-payees">{payeeLine(r)}</dd>
          </>
        )}
      </dl>
      <Findings title="Must be fixed before sending" tone="error" list={r.blocks} />
      <Findings
        title="Please check"
        tone="warning"
        list={r.warnings.filter((w) => w.code !== REPEAT_LEFT_OUT && w.code !== MISMATCH_HELD)}
      />
      <HeldPayees report={r} onChanged={props.onExcluded} />
      <PreflightRepeats report={r} onChanged={props.onExcluded} />
      {stage && blockedIds.length > 0 && (
        <button className="btn" type="button" disabled={busy} onClick={() => void exclude()}>
          Remove the {blockedIds.length} blocked rows from this batch
        </button>
      )}
      {r.blocks.length === 0 && !mayConfirm && grants.team && (
        <p className="muted">In a team this batch is sent once its checkers approve it (Approvals screen).</p>
      )}
      {r.blocks.length === 0 && mayConfirm && (
        <div className="confirm-box">
          <Field
            label={`Type the batch total to confirm (${paiseToDecimal(r.totalPaise)})`}
            hint="Exactly as shown, with or without ₹ and commas. This is the money that will leave your account."
          >
            {(id) => <input id={id} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
          </Field>
          {r.production && (
            <Field label={`Production: type the batch name "${r.batchName}"`}>
              {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
            </Field>
          )}
          <button
            className="btn btn-danger"
            type="button"
            disabled={busy || typed.trim() === ''}
            onClick={() => void confirm()}
          >
            {busy ? 'Sending…' : (props.confirmLabel ?? `Confirm and send ${formatPaise(r.totalPaise)}`)}
          </button>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}

/**
 * Every bank payee's verdict as a count ("3 match · 2 not checked · 1 skipped"), so unchecked payees are visible
 * on every batch even when no warning is raised for them (a desk that never verifies gets no warning each time).
 */
function payeeLine(r: PreflightView): string | null {
  const counts = r.payeeCounts;
  if (!counts) return null;
  const parts = PAYEE_VERDICTS.filter((v) => (counts[v] ?? 0) > 0).map(
    (v) => `${counts[v]} ${PAYEE_VERDICT_INFO[v].label.toLowerCase()}`,
  );
  return parts.length ? parts.join(' · ') : null;
}
