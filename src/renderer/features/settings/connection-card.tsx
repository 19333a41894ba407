import { useState } from 'react';
import type { ConnectionResult, Diagnostics } from '../../../shared/ipc/contracts/enkash';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, Spinner } from '../../components/ui';
import { formatPaise } from '../../components/format';

/** "Test connection" (login + balance) with a plain verdict, and Diagnostics for the undocumented details. */
export function ConnectionCard() {
  const [result, setResult] = useState<ConnectionResult | null>(null);
  const [diag, setDiag] = useState<Diagnostics | null>(null);
  const [busy, setBusy] = useState<'test' | 'diag' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: 'test' | 'diag') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'test') setResult(await call('testConnection'));
      else setDiag(await call('runDiagnostics'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title="Connection"
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
        </div>
      )}
    </Card>
  );
}
