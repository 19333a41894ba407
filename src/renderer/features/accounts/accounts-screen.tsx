import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { useCommand, useCommandQuery } from '../../api/queries';
import { Alert, Card, EmptyState, Field, Spinner } from '../../components/ui';
import { formatIstForScreen, formatPaise, maskAccount } from '../../components/format';

function BalanceCard() {
  const balance = useCommandQuery('getBalance');
  return (
    <Card
      title="Balance"
      actions={
        <button className="btn" type="button" onClick={() => void balance.refetch()} disabled={balance.isFetching}>
          Refresh
        </button>
      }
    >
      {balance.isFetching && <Spinner label="Asking EnKash for the balance…" />}
      {balance.error && <Alert tone="error">{errorMessage(balance.error)}</Alert>}
      {balance.data && !balance.isFetching && (
        <>
          <p className="big-number" data-testid="balance">
            {formatPaise(balance.data.balancePaise)}
          </p>
          <p className="muted">Checked {formatIstForScreen(balance.data.checkedAt)}</p>
        </>
      )}
    </Card>
  );
}

function SourceAccountsCard() {
  const accounts = useCommandQuery('getSourceAccounts');
  const addSource = useCommand('addSourceAccount');
  const [form, setForm] = useState({ accountNumber: '', ifsc: '' });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const result = await addSource.mutateAsync(form);
      setMessage({ tone: 'success', text: result.message ?? 'Source account submitted for whitelisting.' });
      setForm({ accountNumber: '', ifsc: '' });
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title="Source bank account"
      actions={
        <button className="btn" type="button" onClick={() => void accounts.refetch()} disabled={accounts.isFetching}>
          Refresh
        </button>
      }
    >
      <p className="muted">
        The bank account you fund your EnKash account from. EnKash allows one active source account at a time.
      </p>
      {accounts.isFetching && <Spinner />}
      {accounts.error && <Alert tone="error">{errorMessage(accounts.error)}</Alert>}
      {accounts.data && accounts.data.length === 0 && <EmptyState title="No source account is whitelisted yet." />}
      {accounts.data && accounts.data.length > 0 && (
        <table className="data" data-testid="source-accounts">
          <thead>
            <tr>
              <th>Account</th>
              <th>IFSC</th>
              <th>Bank</th>
              <th>Holder</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((a, i) => (
              <tr key={`${a.accountNumber}-${i}`}>
                <td>{maskAccount(a.accountNumber)}</td>
                <td>{a.ifsc ?? '—'}</td>
                <td>{a.bankName ?? '—'}</td>
                <td>{a.accountHolderName ?? '—'}</td>
                <td>{a.status ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="subhead">Add a source account</h3>
      <form className="form-grid" onSubmit={(e) => void add(e)}>
        <Field label="Account number" hint="9–36 letters or digits">
          {(id) => (
            <input
              id={id}
              value={form.accountNumber}
              onChange={(e) => setForm((f) => ({ ...f, accountNumber: e.target.value }))}
              required
            />
          )}
        </Field>
        <Field label="IFSC">
          {(id) => (
            <input
              id={id}
              value={form.ifsc}
              onChange={(e) => setForm((f) => ({ ...f, ifsc: e.target.value }))}
              required
            />
          )}
        </Field>
        <div className="form-actions">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            Add source account
          </button>
        </div>
      </form>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </Card>
  );
}

export function AccountsScreen() {
  return (
    <div className="stack">
      <BalanceCard />
      <SourceAccountsCard />
    </div>
  );
}
