import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { batchContracts, PayoutRowView, PreflightView } from '../../../shared/ipc/contracts/batches';
import { IN_FLIGHT_STATES, type PayoutState, UNRESOLVED_STATES } from '../../../shared/domain/payout-states';
import { call, errorMessage } from '../../api/client';
import { ExportButtons } from '../../components/export-buttons';
import { formatIst, formatPaise } from '../../components/format';
import { Alert, Card, ConfirmDialog, Spinner } from '../../components/ui';
import { ConflictPanel } from '../history/conflict-panel';
import { SettleDialog } from '../history/settle-dialog';
import { FixRejected } from './fix-rejected';
import { PreflightPanel } from './preflight-panel';
import { ProgressPanel } from './progress-panel';
import { RowsTable } from './rows-table';
import { StateBadge } from './state-badge';

type Detail = z.output<(typeof batchContracts)['getBatch']['output']>;
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
// A row EnKash or the journal may still move on its own (or that is about to be sent).
const OPEN_STATES: readonly PayoutState[] = [...UNRESOLVED_STATES, ...IN_FLIGHT_STATES, 'READY'];

/** One batch: pre-flight and confirmation while DRAFT, live progress while sending, fixes and retries after. */
export function BatchDetail(props: { batchId: number; onOpenBatch: (id: number) => void; onChanged: () => void }) {
  const { batchId } = props;
  const [detail, setDetail] = useState<Detail | null>(null);
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
  const lastLoad = useRef(0);

  const load = useCallback(async () => {
    lastLoad.current = Date.now();
    try {
      setDetail(await call('getBatch', { batchId, states: filter ? [filter] : undefined, offset, limit: PAGE }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [batchId, filter, offset]);

  useEffect(() => {
    void load();
  }, [load]);
  // Live progress: every event updates the bar; the rows are re-read at most every second.
  useEffect(
    () =>
      window.api.on('batchProgress', (p) => {
        if (p.batchId !== batchId) return;
        setDetail((d) => (d ? { ...d, progress: p, batch: { ...d.batch, state: p.state } } : d));
        if (Date.now() - lastLoad.current > 1000) void load();
      }),
    [batchId, load],
  );

  // Statuses also change without a send (the poller asks EnKash in the background): while any row is still
  // open, re-read the batch from SQLite every couple of seconds. It is a local query, so this costs nothing.
  const open = detail ? OPEN_STATES.some((st) => (detail.progress.byState[st] ?? 0) > 0) : false;
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [open, load]);

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
      await load();
      props.onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (!detail) return error ? <Alert tone="error">{error}</Alert> : <Spinner />;
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
            {(state === 'SENDING' || state === 'CONFIRMED') && (
              <button
                className="btn"
                type="button"
                disabled={busy !== null}
                onClick={() => void act('pause', () => call('pauseBatch', { batchId }))}
              >
                Pause
              </button>
            )}
            {state === 'PAUSED' && (
              <button
                className="btn btn-primary"
                type="button"
                disabled={busy !== null}
                onClick={() => void act('resume', () => call('resumeBatch', { batchId }))}
              >
                Resume
              </button>
            )}
            {['SENDING', 'CONFIRMED', 'PAUSED'].includes(state) && (
              <button className="btn" type="button" disabled={busy !== null} onClick={() => setConfirmCancel(true)}>
                Cancel unsent rows
              </button>
            )}
          </>
        }
      >
        <p className="muted">
          {batch.environment} · {batch.rowCount} rows · {formatPaise(batch.totalPaise)} · created{' '}
          {formatIst(batch.createdAt)}
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
        {state === 'DRAFT' && !preflight && (
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
            onConfirmed={() => {
              setPreflight(null);
              void load();
              props.onChanged();
            }}
            onExcluded={() => void act('preflight', async () => setPreflight(await call('runPreflight', { batchId })))}
          />
        )}
        {progress.failed > 0 && ['SENT', 'CANCELLED', 'PAUSED'].includes(state) && (
          <button
            className="btn"
            type="button"
            disabled={busy !== null}
            onClick={() =>
              void act('retry', async () => {
                const r = await call('retryFailedRows', { batchId });
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
        {error && <Alert tone="error">{error}</Alert>}
      </Card>
      {fixing && (
        <FixRejected
          row={fixing}
          onClose={() => setFixing(null)}
          onSaved={() => {
            setFixing(null);
            void load();
          }}
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
            void load();
            props.onChanged();
          }}
        />
      )}
      {rejectedSelected.length > 0 && !resubmitOpen && (
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
              void load();
            }}
          />
        </Card>
      )}
      <Card title="Export this batch" actions={<ExportButtons what={{ kind: 'batch', batchId }} />}>
        <p className="muted">
          Every row with its status, UTR and times, for the auditors. Accounts are masked unless you tick the box.
        </p>
      </Card>
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
          onFix={setFixing}
          onSettle={setSettling}
          onToggle={(r) =>
            setSelected((s) => {
              const next = new Set(s);
              if (next.has(r.id)) next.delete(r.id);
              else next.add(r.id);
              return next;
            })
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
              const r = await call('cancelBatch', { batchId });
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
        call('resubmitRejected', { batchId: props.batchId, payoutIds: props.payoutIds, typedTotal, productionName })
      }
      onConfirmed={props.onDone}
      onExcluded={props.onDone}
    />
  );
}
