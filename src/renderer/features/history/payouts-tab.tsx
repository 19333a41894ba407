import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { HistoryFiltersInput, HistoryRowView } from '../../../shared/ipc/contracts/history';
import { INDIAN_DATE_HINT } from '../../../shared/domain/indian-date';
import { parseAmountToPaise } from '../../../shared/domain/money';
import type { MoneyBucket, PayoutState } from '../../../shared/domain/payout-states';
import { MONEY_BUCKETS, statesInBucket } from '../../../shared/domain/payout-states';
import { call, errorMessage } from '../../api/client';
import { DateInput } from '../../components/date-input';
import { ExportButtons } from '../../components/export-buttons';
import { formatIstForScreen, formatPaise } from '../../components/format';
import { Alert, Card, EmptyState, Field, Spinner } from '../../components/ui';
import { stateLabel } from '../../../shared/domain/state-words';
import { StateBadge } from '../batches/state-badge';
import { BUCKET_LABELS, HistoryHeadline } from './history-headline';
import { SearchHealthBanner } from './search-health-banner';

const PAGE = 50;
// Every state, grouped as the headline counts them: a state the headline counts can always be filtered on.
const STATE_GROUPS = MONEY_BUCKETS.map((bucket) => ({ bucket, states: statesInBucket(bucket) }));
const MODES = ['', 'IMPS', 'NEFT', 'RTGS', 'UPI'] as const;
type Form = {
  payee: string;
  account: string;
  transactionId: string;
  utr: string;
  amount: string;
  from: string;
  to: string;
  state: string;
  mode: string;
};
const EMPTY: Form = {
  payee: '',
  account: '',
  transactionId: '',
  utr: '',
  amount: '',
  from: '',
  to: '',
  state: '',
  mode: '',
};

function toFilters(f: Form): HistoryFiltersInput | string {
  const out: HistoryFiltersInput = {};
  if (f.payee.trim()) out.payee = f.payee.trim();
  if (f.account.trim()) out.account = f.account.trim();
  if (f.transactionId.trim()) out.transactionId = f.transactionId.trim();
  if (f.utr.trim()) out.utr = f.utr.trim();
  if (f.amount.trim()) {
    const a = parseAmountToPaise(f.amount);
    if (!a.ok) return `"${f.amount}" is not an amount.`;
    out.minAmountPaise = a.paise;
    out.maxAmountPaise = a.paise;
  }
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  // The select offers only STATE_GROUPS' states, each a PayoutState.
  if (f.state) out.states = [f.state as PayoutState];
  if (f.mode) out.modes = [f.mode as (typeof MODES)[number] & string] as HistoryFiltersInput['modes'];
  return out;
}

/** Offline search over every payout, paged through an index; a row opens its audit timeline. */
export function PayoutsTab(props: { onOpenRow: (row: HistoryRowView) => void; refreshKey?: number }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [filters, setFilters] = useState<HistoryFiltersInput>({});
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [result, setResult] = useState<{
    rows: HistoryRowView[];
    nextCursor: string | null;
    total?: { count: number; amountPaise: number };
  } | null>(null);
  const [total, setTotal] = useState<{ count: number; amountPaise: number } | null>(null);
  const [headline, setHeadline] = useState<Record<MoneyBucket, { count: number; amountPaise: number }> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The page on screen, so a settlement elsewhere can re-read it.
  const shown = useRef<{ filters: HistoryFiltersInput; after: string | null } | null>(null);
  // Only the latest request may fill the table: the opening load must not land on top of a later search.
  const latest = useRef(0);
  const load = async (f: HistoryFiltersInput, after: string | null, withTotal: boolean) => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    shown.current = { filters: f, after };
    try {
      const page = await call('searchHistory', { filters: f, limit: PAGE, after, withTotal });
      if (ticket !== latest.current) return;
      setResult(page);
      if (page.total) setTotal(page.total);
      if (page.headline) setHeadline(page.headline);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  const search = (e?: FormEvent<HTMLFormElement>) => {
    e?.preventDefault();
    // A date field holding text that is not a day (date-input.tsx) must not search with its previous value.
    if (e?.currentTarget.querySelector('[aria-invalid="true"]')) {
      setError(INDIAN_DATE_HINT);
      return;
    }
    const f = toFilters(form);
    if (typeof f === 'string') {
      setError(f);
      return;
    }
    setFilters(f);
    setPages([null]);
    setResult(null);
    void load(f, null, true);
  };
  // History opens on the newest payouts (issue 17 point 11), not on an empty page waiting for a search.
  useEffect(() => {
    void load({}, null, true);
  }, []);
  // After a person settles a row, the page on screen is re-read so its new state shows.
  useEffect(() => {
    if (props.refreshKey && shown.current) void load(shown.current.filters, shown.current.after, true);
  }, [props.refreshKey]);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((x) => ({ ...x, [k]: e.target.value }));

  return (
    <div className="stack">
      <Card title="Search payouts">
        <form onSubmit={search} className="filters">
          <Field label="Payee">
            {(id) => (
              <input id={id} value={form.payee} onChange={set('payee')} placeholder="name, beneficiary ID or UPI" />
            )}
          </Field>
          <Field label="Account">
            {(id) => <input id={id} value={form.account} onChange={set('account')} placeholder="last 4 digits" />}
          </Field>
          <Field label="Transaction ID">
            {(id) => <input id={id} value={form.transactionId} onChange={set('transactionId')} />}
          </Field>
          <Field label="UTR">{(id) => <input id={id} value={form.utr} onChange={set('utr')} />}</Field>
          <Field label="Amount (₹)">{(id) => <input id={id} value={form.amount} onChange={set('amount')} />}</Field>
          <Field label="From">
            {(id) => <DateInput id={id} value={form.from} onChange={(from) => setForm((x) => ({ ...x, from }))} />}
          </Field>
          <Field label="To">
            {(id) => <DateInput id={id} value={form.to} onChange={(to) => setForm((x) => ({ ...x, to }))} />}
          </Field>
          <Field label="Status">
            {(id) => (
              <select id={id} value={form.state} onChange={set('state')}>
                <option value="">Any</option>
                {STATE_GROUPS.map((g) => (
                  <optgroup key={g.bucket} label={BUCKET_LABELS[g.bucket]}>
                    {g.states.map((s) => (
                      <option key={s} value={s}>
                        {stateLabel(s)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Field label="Mode">
            {(id) => (
              <select id={id} value={form.mode} onChange={set('mode')}>
                {MODES.map((m) => (
                  <option key={m} value={m}>
                    {m || 'Any'}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-actions">
            <button className="btn btn-primary" type="submit">
              Search
            </button>
            <button className="btn" type="button" onClick={() => setForm(EMPTY)}>
              Clear
            </button>
          </div>
        </form>
      </Card>
      {error && <Alert tone="error">{error}</Alert>}
      {result?.rows.some((r) => r.state === 'UNKNOWN') && <SearchHealthBanner />}
      {loading && <Spinner />}
      {result && (
        <Card
          title={total ? `${total.count} payouts` : 'Payouts'}
          actions={<ExportButtons what={{ kind: 'history', filters }} />}
        >
          {headline && <HistoryHeadline buckets={headline} />}
          {result.rows.length === 0 ? (
            <EmptyState title="No payouts match these filters." />
          ) : (
            <table className="data" data-testid="history-rows">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Batch</th>
                  <th>Payee</th>
                  <th>Account / UPI</th>
                  <th>Mode</th>
                  <th className="num">Amount</th>
                  <th>Status</th>
                  <th>UTR</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.id} className="clickable" onClick={() => props.onOpenRow(r)} data-txn={r.transactionId}>
                    <td>{formatIstForScreen(r.createdAt)}</td>
                    <td>
                      <a href={`#/batches?batch=${r.batchId}`} onClick={(e) => e.stopPropagation()}>
                        {r.batchName}
                      </a>
                    </td>
                    <td>{String(r.payeeName ?? r.beneficiaryId ?? '—')}</td>
                    <td>{String(r.vpa ?? r.account ?? '—')}</td>
                    <td>{String(r.mode)}</td>
                    <td className="num">{formatPaise(r.amountPaise)}</td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td className="mono">{String(r.utr ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="toolbar pager">
            <button
              className="btn btn-small"
              type="button"
              disabled={pages.length <= 1}
              onClick={() => {
                const prev = pages.slice(0, -1);
                setPages(prev);
                void load(filters, prev[prev.length - 1] ?? null, false);
              }}
            >
              ← Previous
            </button>
            <span className="muted">Page {pages.length}</span>
            <button
              className="btn btn-small"
              type="button"
              disabled={!result.nextCursor}
              onClick={() => {
                setPages((p) => [...p, result.nextCursor]);
                void load(filters, result.nextCursor, false);
              }}
            >
              Next →
            </button>
          </div>
        </Card>
      )}
    </div>
  );
}
