import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PayoutRowView, PreflightView } from '../../../shared/ipc/contracts/batches';
import type { PayoutState } from '../../../shared/domain/payout-states';
import { call, errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import { batchRefetchInterval, progressIntoList } from '../../api/query-keys';
import { ExportButtons } from '../../components/export-buttons';
import { formatIstForScreen, formatPaise } from '../../components/format';
import { Alert, Card, ConfirmDialog, Spinner } from '../../components/ui';
import { ConflictPanel } from '../history/conflict-panel';
import { SettleDialog } from '../history/settle-dialog';
import { AccountingExports } from './accounting-exports';
import { environmentName } from './batch-outcome-badge';
import { DraftRows } from './draft-rows';
import { FixRejected } from './fix-rejected';
import { PreflightPanel } from './preflight-panel';
import { heldPayoutIds } from './held-payees';
import { ProgressPanel } from './progress-panel';
import { RowsTable } from './rows-table';
import { StateBadge } from './state-badge';
import { useTeamGrants } from '../team/use-team-grants';

const PAGE = 100;
// The filter chips' order is the renderer's choice; `satisfies` keeps each one a real state.
const FILTERS = [
  '',
  'REJECTED',
  'FAILED',
  'UNKNOWN',
  'CONFLICT',
  'PENDING',
  'PROCESSING',
  'SUCCESS',
] as const satisfies readonly ('' | PayoutState)[];

/** One batch: pre-flight and confirmation while DRAFT, live progress while sending, fixes and retries after. */
export function BatchDetail(props: { batchId: number; onOpenBatch: (id: number) => void }) {
  const { batchId } = props;
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('');
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [preflight, setPreflight] = useState<PreflightView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [fixing, setFixing] = useState<PayoutRowView | null>(null);
  const [settling, setSettling] = useState<PayoutRowView | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [resubmitOpen, setResubmitOpen] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Live progress arrives as batchProgress events, which patch and invalidate this query (query-keys.ts);
  // the poller settles rows without events, so the query also polls while any row is still open. The last
  // page stays on screen while another filter or page loads.
  const query = useCommandQuery(
    'getBatch',
    { batchId, states: filter ? [filter] : undefined, offset, limit: PAGE },
    { refetchInterval: (q) => batchRefetchInterval(q.state.data?.progress), placeholderData: keepPreviousData },
  );
  const detail = query.data;
  const client = useQueryClient();
  const freshProgress = detail?.progress;
  useEffect(() => {
    if (freshProgress) progressIntoList(client, freshProgress);
  }, [client, freshProgress]);
  const loadError = query.error ? errorMessage(query.error) : null;
  const pause = useCommand('pauseBatch');
  const resume = useCommand('resumeBatch');
  const cancel = useCommand('cancelBatch');
  const retry = useCommand('retryFailedRows');
  // Team mode: only the buttons this role can use (the server refuses the rest anyway).
  const grants = useTeamGrants();
  const stage = grants.can('batch.stage');
  const control = grants.can('batch.control');

  // Each command invalidates what it changes (query-keys.ts), so no reload is needed here.
  const act = async (label: string, fn: () => Promise<unknown>) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (!detail) return error || loadError ? <Alert tone="error">{error ?? loadError}</Alert> : <Spinner />;
  const { batch, progress } = detail;
  const state = batch.state;
  const rejectedSelected = [...selected];

  return (
    <div className="stack">
      <Card
        title={`Batch #${batch.id} — ${batch.name}`}
        actions={
          <>
            <StateBadge state={state} />
            {control && (state === 'SENDING' || state === 'CONFIRMED') && (
              <button
                className="btn"
                type="button"
                disabled={busy !== null}
                onClick={() => void act('pause', () => pause.mutateAsync({ batchId }))}
              >
                Pause
              </button>
            )}
            {control && state === 'PAUSED' && (
              <button
                className="btn btn-primary"
                type="button"
                disabled={busy !== null}
                onClick={() => void act('resume', () => resume.mutateAsync({ batchId }))}
              >
                Resume
              </button>
            )}
            {control && ['SENDING', 'CONFIRMED', 'PAUSED'].includes(state) && (
              <button className="btn" type="button" disabled={busy !== null} onClick={() => setConfirmCancel(true)}>
                Cancel unsent rows
              </button>
            )}
          </>
        }
      >
        <p className="muted">
          {environmentName(batch.environment)} · {batch.rowCount} rows · {formatPaise(batch.totalPaise)} · created{' '}
          {formatIstForScreen(batch.createdAt)}
          {batch.parentBatchId !== null && (
            <>
              {' '}
              · retry of{' '}
              <button type="button" className="link" onClick={() => props.onOpenBatch(batch.parentBatchId!)}>
                batch #{batch.parentBatchId}
              </button>
            </>
          )}
        </p>
        {state !== 'DRAFT' && <ProgressPanel progress={progress} />}
        {stage && state === 'DRAFT' && !preflight && (
          <button
            className="btn btn-primary"
            type="button"
            disabled={busy !== null}
            onClick={() => void act('preflight', async () => setPreflight(await call('runPreflight', { batchId })))}
          >
            {busy === 'preflight' ? 'Checking…' : 'Run pre-flight check'}
          </button>
        )}
        {state === 'DRAFT' && preflight && (
          <PreflightPanel
            report={preflight}
            onConfirmed={() => setPreflight(null)}
            onExcluded={() => void act('preflight', async () => setPreflight(await call('runPreflight', { batchId })))}
          />
        )}
        {stage && progress.failed > 0 && ['SENT', 'CANCELLED', 'PAUSED'].includes(state) && (
          <button
            className="btn"
            type="button"
            disabled={busy !== null}
            onClick={() =>
              void act('retry', async () => {
                const r = await retry.mutateAsync({ batchId });
                setNotice(
                  `Draft batch #${r.batchId} holds the ${r.rows} failed rows (${formatPaise(r.totalPaise)}), with new transaction IDs.`,
                );
                props.onOpenBatch(r.batchId);
              })
            }
          >
            Retry {progress.failed} failed rows as a new batch
          </button>
        )}
        {notice && <Alert tone="success">{notice}</Alert>}
        {(error ?? loadError) && <Alert tone="error">{error ?? loadError}</Alert>}
      </Card>
      {fixing && <FixRejected row={fixing} onClose={() => setFixing(null)} onSaved={() => setFixing(null)} />}
      {state === 'DRAFT' && (
        <DraftRows
          batchId={batchId}
          kind={batch.kind}
          rows={detail.rows}
          onChanged={() => setPreflight(null)}
          onDiscarded={setNotice}
          held={heldPayoutIds(preflight)}
        />
      )}
      {settling && (
        <SettleDialog
          row={settling}
          details={<ConflictPanel row={settling} />}
          onCancel={() => setSettling(null)}
          onDone={(r) => {
            setSettling(null);
            setNotice(`Row ${settling.rowNumber} settled: now ${r.state}, transaction ID ${r.transactionId}.`);
          }}
        />
      )}
      {stage && rejectedSelected.length > 0 && !resubmitOpen && (
        <button className="btn btn-primary" type="button" onClick={() => setResubmitOpen(true)}>
          Resubmit {rejectedSelected.length} fixed rows
        </button>
      )}
      {resubmitOpen && (
        <Card title="Resubmit fixed rows">
          <ResubmitBox
            batchId={batchId}
            payoutIds={rejectedSelected}
            rows={detail.rows.filter((r) => selected.has(r.id))}
            production={batch.environment === 'production'}
            batchName={batch.name}
            onDone={() => {
              setResubmitOpen(false);
              setSelected(new Set());
            }}
          />
        </Card>
      )}
      <Card title="Export this batch" actions={<ExportButtons what={{ kind: 'batch', batchId }} />}>
        <p className="muted">
          Every row with its status, UTR and times, for the auditors. Accounts are masked unless you tick the box.
        </p>
      </Card>
      {state !== 'DRAFT' && (
        <AccountingExports
          batchId={batchId}
          paidRows={(progress.byState.SUCCESS ?? 0) + (progress.byState.REVERSED ?? 0)}
        />
      )}
      <Card
        title="Rows"
        actions={
          <select
            aria-label="Filter rows by status"
            value={filter}
            onChange={(e) => {
              setOffset(0);
              setFilter(e.target.value as (typeof FILTERS)[number]);
            }}
          >
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {f || 'All statuses'}
              </option>
            ))}
          </select>
        }
      >
        <RowsTable
          rows={detail.rows}
          selected={selected}
          onFix={stage ? setFixing : undefined}
          // A settle changes this desk's own journal: a Desk Server does not serve it (TEAM_CHANNELS).
          onSettle={grants.team ? undefined : setSettling}
          onToggle={
            stage
              ? (r) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (next.has(r.id)) next.delete(r.id);
                    else next.add(r.id);
                    return next;
                  })
              : undefined
          }
        />
        <div className="toolbar pager">
          <button
            className="btn btn-small"
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            ← Previous
          </button>
          <span className="muted">
            {detail.matching === 0
              ? 'No rows'
              : `${offset + 1}–${Math.min(offset + PAGE, detail.matching)} of ${detail.matching}`}
          </span>
          <button
            className="btn btn-small"
            type="button"
            disabled={offset + PAGE >= detail.matching}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next →
          </button>
        </div>
      </Card>
      {confirmCancel && (
        <ConfirmDialog
          title="Cancel the rows not sent yet?"
          confirmLabel="Cancel unsent rows"
          tone="danger"
          onCancel={() => setConfirmCancel(false)}
          onConfirm={() =>
            void act('cancel', async () => {
              const r = await cancel.mutateAsync({ batchId });
              setConfirmCancel(false);
              setNotice(
                `${r.cancelledRows} rows (${formatPaise(r.cancelledPaise)}) will not be paid. ${r.alreadySent.count} rows (${formatPaise(r.alreadySent.amountPaise)}) had already been sent and are followed to their final state.`,
              );
            })
          }
        >
          <p>
            Rows already sent to EnKash cannot be recalled; they keep being tracked. Only unsent rows are cancelled.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ResubmitBox(props: {
  batchId: number;
  payoutIds: number[];
  rows: PayoutRowView[];
  production: boolean;
  batchName: string;
  onDone: () => void;
}) {
  const resubmit = useCommand('resubmitRejected');
  const total = props.rows.reduce((sum, r) => sum + r.amountPaise, 0);
  const report: PreflightView = {
    batchId: props.batchId,
    batchName: props.batchName,
    environment: '',
    production: props.production,
    blocks: [],
    warnings: [],
    totalsByMode: {},
    rowCount: props.rows.length,
    totalPaise: total,
    balancePaise: null,
    queuedElsewherePaise: 0,
    shortfallPaise: 0,
    checkedAt: '',
  };
  return (
    <PreflightPanel
      report={report}
      confirmLabel={`Resubmit ${props.rows.length} rows (${formatPaise(total)})`}
      confirm={(typedTotal, productionName) =>
        resubmit.mutateAsync({ batchId: props.batchId, payoutIds: props.payoutIds, typedTotal, productionName })
      }
      onConfirmed={props.onDone}
      onExcluded={props.onDone}
    />
  );
}
