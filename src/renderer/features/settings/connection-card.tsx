import { useState } from 'react';
import type { ConnectionResult, Diagnostics } from '../../../shared/ipc/contracts/connection';
import type { Environment } from '../../../shared/settings/api-profile';
import { call, errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { Alert, Card, Spinner } from '../../components/ui';
import { formatPaise } from '../../components/format';
import { ENVIRONMENT_LABELS } from '../shell/environment-badge';

/**
 * "Test connection" (login + balance) with a plain verdict, and Diagnostics for the undocumented details.
 * Each answer is kept under the environment main says it tested (issue 17 point 3): after a switch the card
 * shows that environment's own last answer or "not tested yet", never another environment's "Connected.".
 */
export function ConnectionCard(props: { environment: Environment }) {
  const { environment } = props;
  const [results, setResults] = useState<Partial<Record<Environment, ConnectionResult>>>({});
  const [diags, setDiags] = useState<Partial<Record<Environment, Diagnostics>>>({});
  const result = results[environment] ?? null;
  const diag = diags[environment] ?? null;
  const label = ENVIRONMENT_LABELS[environment];
  // The Sandbox has demo keys of its own; elsewhere a test without saved credentials cannot log in.
  const status = useCommandQuery('getCredentialStatus', { environment }, { enabled: environment !== 'sandbox' });
  const noCredentials = environment !== 'sandbox' && status.data?.hasCredentials === false;
  const [busy, setBusy] = useState<'test' | 'diag' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: 'test' | 'diag') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'test') {
        const r = await call('testConnection');
        setResults((all) => ({ ...all, [r.environment]: r }));
      } else {
        const d = await call('runDiagnostics');
        setDiags((all) => ({ ...all, [d.environment]: d }));
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="connection-card">
      <Card
        title={`Connection — ${label}`}
        actions={
          <>
            <button className="btn" type="button" disabled={busy !== null} onClick={() => void run('diag')}>
              Run diagnostics
            </button>
            <button className="btn btn-primary" type="button" disabled={busy !== null} onClick={() => void run('test')}>
              Test connection
            </button>
          </>
        }
      >
        {busy && <Spinner label={busy === 'test' ? 'Logging in and reading the balance…' : 'Probing the account…'} />}
        {error && <Alert tone="error">{error}</Alert>}
        {noCredentials && (
          <Alert tone="warning" title={`No credentials are saved for ${label}.`}>
            Add them under Credentials above; until then nothing can be sent and the balance cannot be read.
          </Alert>
        )}
        {!result && !busy && (
          <p className="muted" data-testid="connection-not-tested">
            Not tested for {label} yet. “Test connection” logs in and reads the balance.
          </p>
        )}
        {result && (
          <div data-testid="connection-result">
            <Alert tone={result.ok ? 'success' : 'error'} title={result.ok ? 'Connected.' : 'Not connected.'}>
              {result.verdict}
            </Alert>
            <ul className="steps">
              {result.steps.map((s) => (
                <li key={s.step} className={s.ok ? 'ok' : 'bad'}>
                  {s.ok ? '✓' : '✗'} {s.step === 'login' ? 'Login' : 'Balance'} — {s.message}{' '}
                  <span className="muted">({s.ms} ms)</span>
                </li>
              ))}
            </ul>
            {result.balancePaise !== null && <p>Balance: {formatPaise(result.balancePaise)}</p>}
          </div>
        )}
        {diag && (
          <div data-testid="diagnostics">
            <h3 className="subhead">Diagnostics</h3>
            <dl className="kv">
              <dt>Key derivation</dt>
              <dd>
                configured {diag.configuredDerivation}; detected {diag.detectedDerivation ?? 'could not tell'}
                {diag.detectedDerivation && diag.detectedDerivation !== diag.configuredDerivation && (
                  <strong> — change it under Advanced</strong>
                )}
              </dd>
              <dt>Token response</dt>
              <dd>
                {diag.tokenStyle ?? 'unknown'}
                {diag.tokenExpiresInSeconds !== null && `, valid ${diag.tokenExpiresInSeconds} s`}
              </dd>
              <dt>Response wrapper</dt>
              <dd>{diag.responseWrapper ?? 'unknown'}</dd>
              <dt>Encrypted replies</dt>
              <dd>{diag.responsesEncrypted === null ? 'unknown' : diag.responsesEncrypted ? 'yes' : 'no'}</dd>
            </dl>
            {diag.errors.map((e, i) => (
              <Alert key={i} tone="warning">
                {e.message}
              </Alert>
            ))}
            {/* Plain text on purpose: the user copies it into a mail to EnKash support. */}
            <pre data-testid="diagnostics-table" className="diagnostics-table">
              {diag.table}
            </pre>
          </div>
        )}
      </Card>
    </div>
  );
}
