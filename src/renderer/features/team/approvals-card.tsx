import { useState, type FormEvent } from 'react';
import type { TeamApproval } from '../../../shared/ipc/contracts/team';
import { errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import { formatPaise } from '../../components/format';
import { Findings } from '../../components/preflight-findings';
import { Alert, Card, EmptyState, Field, Spinner } from '../../components/ui';

type Outcome = { tone: 'success' | 'info'; text: string };

function outcomeOf(b: TeamApproval, verb: 'approved' | 'rejected'): Outcome {
  if (verb === 'rejected')
    return { tone: 'info', text: `Batch #${b.batchId} was rejected and went back to its maker.` };
  if (b.state === 'CONFIRMED' || b.state === 'SENDING' || b.state === 'SENT') {
    return { tone: 'success', text: `Batch #${b.batchId} approved: ${b.state}. The server sends it now.` };
  }
  return {
    tone: 'success',
    text: `Your approval of batch #${b.batchId} was recorded (${b.approvals.length} of ${b.required}).`,
  };
}

/**
 * The server's approval queue. Everyone signed in may read it; only a checker gets the approve and reject forms
 * (a courtesy: the server refuses anyone else, and anyone who staged or changed the batch, whatever is shown).
 */
export function ApprovalsCard(props: { role: string }) {
  const queue = useCommandQuery('teamApprovals');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const checker = props.role === 'checker';
  const batches = queue.data?.batches ?? [];
  return (
    <Card
      title="Approvals"
      actions={
        <button className="btn" type="button" onClick={() => void queue.refetch()} disabled={queue.isFetching}>
          Refresh
        </button>
      }
    >
      {!checker && (
        <p className="muted">Approving and rejecting is a checker&apos;s work; you are signed in as a {props.role}.</p>
      )}
      <div aria-live="polite">
        {outcomes.map((o, i) => (
          <Alert key={i} tone={o.tone}>
            {o.text}
          </Alert>
        ))}
      </div>
      {queue.isFetching && !queue.data && <Spinner label="Reading the approval queue…" />}
      {queue.error && <Alert tone="error">{errorMessage(queue.error)}</Alert>}
      {queue.data && batches.length === 0 && <EmptyState title="No batch is awaiting approval." />}
      {batches.length > 0 && (
        <ul className="stack card-list" data-testid="team-approvals" aria-label="Batches awaiting approval">
          {batches.map((b) => (
            <li key={b.batchId} className="card">
              <ApprovalItem
                batch={b}
                checker={checker}
                onDone={(o) => setOutcomes((list) => [o, ...list].slice(0, 5))}
              />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ApprovalItem(props: { batch: TeamApproval; checker: boolean; onDone: (o: Outcome) => void }) {
  const b = props.batch;
  const title = `Batch #${b.batchId}${b.name ? ` — ${b.name}` : ''}`;
  return (
    <article aria-label={`Batch #${b.batchId}`}>
      <h3 className="subhead">{title}</h3>
      <dl className="kv">
        <dt>Total</dt>
        <dd data-testid={`team-total-${b.batchId}`}>{formatPaise(b.totalPaise)}</dd>
        <dt>Rows</dt>
        <dd>{b.rowCount ?? '—'}</dd>
        <dt>Staged by</dt>
        <dd>{b.stagedBy ?? '—'}</dd>
        <dt>Approvals</dt>
        <dd data-testid={`team-approvals-${b.batchId}`}>
          {b.approvals.length} of {b.required}
          {b.approvals.length > 0 && ` (${b.approvals.map((a) => a.user).join(', ')})`}
        </dd>
      </dl>
      <ServerPreflight batchId={b.batchId} />
      {props.checker && (
        <div className="form-grid">
          <ApproveForm batchId={b.batchId} onDone={props.onDone} />
          <RejectForm batchId={b.batchId} onDone={props.onDone} />
        </div>
      )}
    </article>
  );
}

/** What the server would check before sending this batch now: its balance, limits, windows, repeats, payees. */
function ServerPreflight(props: { batchId: number }) {
  const report = useCommandQuery('teamPreflight', { batchId: props.batchId });
  const r = report.data;
  return (
    <section aria-label={`Pre-flight of batch #${props.batchId}`} data-testid={`team-preflight-${props.batchId}`}>
      <h4 className="subhead">Pre-flight</h4>
      {report.isFetching && !r && <Spinner label="Running the server's pre-flight…" />}
      {report.error && <Alert tone="error">{errorMessage(report.error)}</Alert>}
      {r && (
        <>
          <p className="muted">
            {r.rowCount} rows, {formatPaise(r.totalPaise)}; balance{' '}
            {r.balancePaise === null ? 'not read' : formatPaise(r.balancePaise)}
            {r.shortfallPaise > 0 ? `, short by ${formatPaise(r.shortfallPaise)}` : ''}.
            {r.blocks.length === 0 && r.warnings.length === 0 ? ' Nothing to report.' : ''}
          </p>
          <Findings title="Must be fixed before sending" tone="error" list={r.blocks} />
          <Findings title="Check before approving" tone="warning" list={r.warnings} />
        </>
      )}
    </section>
  );
}

function ApproveForm(props: { batchId: number; onDone: (o: Outcome) => void }) {
  const approve = useCommand('teamApprove');
  const [total, setTotal] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const status = await approve.mutateAsync({ batchId: props.batchId, total });
      setTotal('');
      props.onDone(outcomeOf(status, 'approved'));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Approve batch #${props.batchId}`}>
      <Field label="Type the batch total to approve" hint="The server checks it to the paisa against what was staged.">
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            autoComplete="off"
            placeholder="e.g. 1,23,456.50"
            value={total}
            onChange={(e) => setTotal(e.target.value)}
            required
          />
        )}
      </Field>
      <button className="btn btn-primary" type="submit" disabled={approve.isPending}>
        {approve.isPending ? 'Approving…' : `Approve batch #${props.batchId}`}
      </button>
      {error && <Alert tone="error">{error}</Alert>}
    </form>
  );
}

function RejectForm(props: { batchId: number; onDone: (o: Outcome) => void }) {
  const reject = useCommand('teamReject');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (reason.trim().length < 3) {
      setError('Say why the batch is rejected (at least 3 characters); the maker reads it.');
      return;
    }
    try {
      const status = await reject.mutateAsync({ batchId: props.batchId, reason });
      setReason('');
      props.onDone(outcomeOf(status, 'rejected'));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Reject batch #${props.batchId}`}>
      <Field label="Reason to reject" hint="The maker sees it and fixes the batch.">
        {(id) => (
          <input id={id} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} required />
        )}
      </Field>
      <button className="btn btn-danger" type="submit" disabled={reject.isPending}>
        {reject.isPending ? 'Rejecting…' : `Reject batch #${props.batchId}`}
      </button>
      {error && <Alert tone="error">{error}</Alert>}
    </form>
  );
}
