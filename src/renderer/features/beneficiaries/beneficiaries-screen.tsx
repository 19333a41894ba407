import { useState, type FormEvent } from 'react';
import type { Beneficiary } from '../../../shared/ipc/contracts/beneficiaries';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, ConfirmDialog, EmptyState, Spinner } from '../../components/ui';
import { formatIstForScreen, maskAccount } from '../../components/format';
import { BeneficiaryForm } from './beneficiary-form';
import { useTeamGrants } from '../team/use-team-grants';

export function BeneficiariesScreen() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Beneficiary[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Beneficiary | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Team mode: a viewer or checker looks payees up; adding and deleting is a maker's (beneficiaries.write).
  const write = useTeamGrants().can('beneficiaries.write');

  const search = async (e?: FormEvent) => {
    e?.preventDefault();
    setLoading(true);
    setError(null);
    try {
      setResults(await call('searchBeneficiaries', { query }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };
  const remove = async () => {
    if (!toDelete) return;
    setDeleting(true);
    try {
      await call('deleteBeneficiary', { beneficiaryId: toDelete.beneficiaryId });
      setNotice(`Beneficiary ${toDelete.beneficiaryId} deleted.`);
      setResults((r) => r?.filter((b) => b.beneficiaryId !== toDelete.beneficiaryId) ?? null);
      setToDelete(null);
    } catch (err) {
      setError(errorMessage(err));
      setToDelete(null);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <div className="stack">
      {write && (
        <BeneficiaryForm
          onCreated={(b) => setResults((r) => [b, ...(r ?? []).filter((x) => x.beneficiaryId !== b.beneficiaryId)])}
        />
      )}
      <Card title="Find beneficiaries">
        <form className="toolbar" onSubmit={(e) => void search(e)}>
          <input
            aria-label="Search beneficiaries"
            placeholder="Beneficiary ID or name (blank lists all)"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button className="btn btn-primary" type="submit" disabled={loading}>
            Search
          </button>
        </form>
        {loading && <Spinner label="Searching EnKash…" />}
        {error && <Alert tone="error">{error}</Alert>}
        {notice && <Alert tone="success">{notice}</Alert>}
        {results && results.length === 0 && !loading && <EmptyState title="No beneficiaries match." />}
        {results && results.length > 0 && (
          <table className="data" data-testid="beneficiary-results">
            <thead>
              <tr>
                <th>ID</th>
                <th>Name</th>
                <th>Account / UPI</th>
                <th>IFSC</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {results.map((b) => (
                <tr key={b.beneficiaryId}>
                  <td>{b.beneficiaryId}</td>
                  <td>{b.name ?? '—'}</td>
                  <td>{b.vpa ?? maskAccount(b.accountNumber)}</td>
                  <td>{b.ifsc ?? '—'}</td>
                  <td>{formatIstForScreen(b.createdOn)}</td>
                  <td className="num">
                    {write && (
                      <button className="btn btn-small" type="button" onClick={() => setToDelete(b)}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {toDelete && (
        <ConfirmDialog
          title={`Delete ${toDelete.beneficiaryId}?`}
          confirmLabel="Delete beneficiary"
          tone="danger"
          busy={deleting}
          onConfirm={() => void remove()}
          onCancel={() => setToDelete(null)}
        >
          <p>
            {toDelete.name ?? toDelete.beneficiaryId} will be removed at EnKash. Payouts already made to them are not
            affected; EnKash may not let you reuse this ID.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
