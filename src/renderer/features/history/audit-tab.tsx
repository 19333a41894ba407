import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { formatIstForScreen } from '../../components/format';
import { Alert, Card, Spinner } from '../../components/ui';

/** The append-only audit log, newest first, and a check of its hash chain. */
export function AuditTab() {
  const entries = useCommandQuery('listAudit', {});
  const [verdict, setVerdict] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const verify = async () => {
    try {
      const r = await call('verifyAuditChain');
      setVerdict(
        r.ok
          ? { tone: 'success', text: `Chain intact: all ${r.entries} entries verified.` }
          : {
              tone: 'error',
              text: `Chain broken at entry #${r.brokenAtId}: ${r.reason}. The database was edited outside the app.`,
            },
      );
    } catch (e) {
      setVerdict({ tone: 'error', text: errorMessage(e) });
    }
  };
  return (
    <Card
      title="Audit log"
      actions={
        <button className="btn btn-primary" type="button" onClick={() => void verify()}>
          Verify chain
        </button>
      }
    >
      {verdict && (
        <Alert tone={verdict.tone}>
          <span data-testid="chain-verdict">{verdict.text}</span>
        </Alert>
      )}
      {entries.isFetching && <Spinner />}
      {entries.error && <Alert tone="error">{errorMessage(entries.error)}</Alert>}
      {entries.data && (
        <table className="data">
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>What</th>
              <th>Change</th>
              <th>Hash</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.entries.map((e) => (
              <tr key={e.id}>
                <td>{e.id}</td>
                <td>{formatIstForScreen(String(e.at))}</td>
                <td>
                  {String(e.entity)} {String(e.entityId)} · {String(e.action)}
                </td>
                <td>
                  {e.fromState ? `${String(e.fromState)} → ` : ''}
                  {String(e.toState ?? '')}
                </td>
                <td className="mono">{e.hash.slice(0, 12)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
