import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { DAY_MS, istDateOf } from '../../../shared/domain/ist';
import { errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import { DateInput } from '../../components/date-input';
import { ExportButtons } from '../../components/export-buttons';
import { formatIstDayForScreen, formatIstForScreen, formatPaise } from '../../components/format';
import { Alert, Card, EmptyState, Field, Spinner } from '../../components/ui';
import { useTeamGrants } from '../team/use-team-grants';

type Run = { id: number; fromDate?: string; toDate?: string; createdAt?: string; summary?: Summary };
type Summary = {
  lines?: { total: number; inRange: number; matched: number; unmatched: number };
  debitPaise?: number;
  creditPaise?: number;
  unmatchedDebitPaise?: number;
  reversals?: number;
  issues?: Record<string, number>;
};
type Line = {
  seq: number;
  transactionDate?: string | null;
  direction?: string;
  amountPaise?: number;
  referenceNumber?: string | null;
  method?: string | null;
  confidence?: number | null;
  flag?: string | null;
  payout?: { transactionId?: string; payeeName?: string | null } | null;
};
const FILTERS = ['all', 'unmatched', 'flagged', 'reversals', 'matched'] as const;
const istDay = (offsetDays: number) => istDateOf(Date.now() - offsetDays * DAY_MS);

/** Fetches the bank statement, matches each line to a payout, and keeps the result for offline review. */
export function ReconTab() {
  const runs = useCommandQuery('listReconciliations');
  const reconcile = useCommand('reconcileStatement');
  // A Desk Server does not serve a desk's reconcile (TEAM_CHANNELS): in a team it is run with `reconcile --server`.
  const team = useTeamGrants().team;
  const [range, setRange] = useState({ fromDate: istDay(6), toDate: istDay(0) });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  // The last lines stay up while another filter loads.
  const lines = useCommandQuery(
    'getReconLines',
    { runId: runId ?? 0, filter },
    { enabled: runId !== null, placeholderData: keepPreviousData },
  );

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await reconcile.mutateAsync(range);
      setRunId(r.runId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const current = (runs.data as Run[] | undefined)?.find((r) => r.id === runId);
  const s = current?.summary;
  return (
    <div className="stack">
      <Card title="Reconcile with the bank statement">
        <div className="filters">
          <Field label="From (IST)">
            {(id) => (
              <DateInput
                id={id}
                value={range.fromDate}
                onChange={(fromDate) => setRange((r) => ({ ...r, fromDate }))}
              />
            )}
          </Field>
          <Field label="To (IST)">
            {(id) => (
              <DateInput id={id} value={range.toDate} onChange={(toDate) => setRange((r) => ({ ...r, toDate }))} />
            )}
          </Field>
          {!team && (
            <div className="form-actions">
              <button className="btn btn-primary" type="button" disabled={busy} onClick={() => void run()}>
                {busy ? 'Fetching the statement…' : 'Fetch statement and reconcile'}
              </button>
            </div>
          )}
        </div>
        {error && <Alert tone="error">{error}</Alert>}
        {(runs.data as Run[] | undefined)?.length ? (
          <table className="data compact">
            <thead>
              <tr>
                <th>#</th>
                <th>Range</th>
                <th>Run</th>
                <th className="num">Matched</th>
                <th className="num">Unmatched</th>
              </tr>
            </thead>
            <tbody>
              {(runs.data as Run[]).map((r) => (
                <tr
                  key={r.id}
                  className={`clickable ${r.id === runId ? 'selected' : ''}`}
                  onClick={() => setRunId(r.id)}
                >
                  <td>{r.id}</td>
                  <td>
                    {formatIstDayForScreen(r.fromDate)} – {formatIstDayForScreen(r.toDate)}
                  </td>
                  <td>{formatIstForScreen(r.createdAt)}</td>
                  <td className="num">{r.summary?.lines?.matched ?? 0}</td>
                  <td className="num">{r.summary?.lines?.unmatched ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          !runs.isFetching && <EmptyState title="No reconciliation yet." />
        )}
      </Card>
      {current && (
        <Card
          title={`Reconciliation #${current.id}`}
          actions={<ExportButtons what={{ kind: 'reconciliation', runId: current.id }} />}
        >
          <p data-testid="recon-summary">
            {s?.lines?.inRange ?? 0} statement lines · {s?.lines?.matched ?? 0} matched · {s?.lines?.unmatched ?? 0}{' '}
            unmatched · debits {formatPaise(s?.debitPaise ?? 0)} · credits {formatPaise(s?.creditPaise ?? 0)} ·{' '}
            {s?.reversals ?? 0} reversals
          </p>
          {Object.entries(s?.issues ?? {}).map(([k, n]) => (
            <Alert key={k} tone="warning">
              {n} payouts: {k.replace(/_/g, ' ')}
            </Alert>
          ))}
          <div className="segmented" role="radiogroup" aria-label="Lines">
            {FILTERS.map((f) => (
              <button
                key={f}
                type="button"
                role="radio"
                aria-checked={filter === f}
                className={filter === f ? 'selected' : ''}
                onClick={() => setFilter(f)}
              >
                {f}
              </button>
            ))}
          </div>
          {lines.isFetching && <Spinner />}
          {lines.data && (
            <table className="data" data-testid="recon-lines">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>Type</th>
                  <th className="num">Amount</th>
                  <th>Reference</th>
                  <th>Payout</th>
                  <th>Matched by</th>
                  <th>Flag</th>
                </tr>
              </thead>
              <tbody>
                {(lines.data.lines as Line[]).map((l) => (
                  <tr key={l.seq}>
                    <td>{formatIstForScreen(l.transactionDate)}</td>
                    <td>{l.direction}</td>
                    <td className="num">{formatPaise(l.amountPaise ?? 0)}</td>
                    <td className="mono">{l.referenceNumber ?? ''}</td>
                    <td>{l.payout ? `${l.payout.transactionId ?? ''} ${l.payout.payeeName ?? ''}` : '—'}</td>
                    <td>
                      {l.method ?? '—'}
                      {l.confidence != null && l.method === 'amount_date'
                        ? ` (${Math.round(l.confidence * 100)}%)`
                        : ''}
                    </td>
                    <td>{l.flag?.replace(/_/g, ' ') ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </div>
  );
}
