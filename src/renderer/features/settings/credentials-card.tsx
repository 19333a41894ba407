import { useState, type FormEvent } from 'react';
import type { Environment } from '../../../shared/settings/api-profile';
import { errorMessage } from '../../api/client';
import { useCommand, useCommandQuery, useSecretCommand } from '../../api/queries';
import { formatIstForScreen } from '../../components/format';
import { Alert, Card, ConfirmDialog, Field, Spinner } from '../../components/ui';
import { ENVIRONMENT_LABELS } from '../shell/environment-badge';

const EMPTY = { clientId: '', clientSecret: '', username: '', password: '' };

/**
 * Credentials go one way: typed here, stored encrypted by main. The screen can only ever read back the masked
 * client id and username, never the secret or password.
 */
export function CredentialsCard(props: { environment: Environment }) {
  const { environment } = props;
  // Saving or removing invalidates this environment's status (query-keys.ts).
  const status = useCommandQuery('getCredentialStatus', { environment });
  const setCredentials = useSecretCommand('setCredentials');
  const clearCredentials = useCommand('clearCredentials');
  const [form, setForm] = useState(EMPTY);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);

  if (environment === 'sandbox') {
    return (
      <Card title="Credentials">
        <p className="muted" data-testid="sandbox-no-credentials">
          Sandbox needs no credentials: it is a simulator built into the app, with demo keys of its own. Nothing you do
          here reaches EnKash or moves money.
        </p>
      </Card>
    );
  }

  const stored = environment as 'uat' | 'production' | 'custom';
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await setCredentials({ environment: stored, ...form });
      setForm(EMPTY); // drop the secret from memory as soon as main has it
      setMessage({ tone: 'success', text: 'Saved. The secret and password are stored encrypted by your OS keychain.' });
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const clear = async () => {
    setBusy(true);
    try {
      await clearCredentials.mutateAsync({ environment: stored });
      setConfirmClear(false);
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <Card title={`Credentials — ${ENVIRONMENT_LABELS[environment]}`}>
      {status.isFetching && <Spinner />}
      {status.error && <Alert tone="error">{errorMessage(status.error)}</Alert>}
      {status.data?.unavailableReason && <Alert tone="warning">{status.data.unavailableReason}</Alert>}
      {status.data?.hasCredentials ? (
        <dl className="kv" data-testid="credential-status">
          <dt>Client ID</dt>
          <dd data-testid="client-id-masked">{status.data.clientIdMasked}</dd>
          <dt>Username</dt>
          <dd>{status.data.usernameMasked}</dd>
          <dt>Last verified</dt>
          <dd>{status.data.lastVerifiedAt ? formatIstForScreen(status.data.lastVerifiedAt) : 'Not yet'}</dd>
        </dl>
      ) : (
        status.data && <p className="muted">No credentials saved for this environment.</p>
      )}
      <form className="form-grid" onSubmit={(e) => void save(e)} autoComplete="off">
        <Field label="Client ID" hint="As emailed by EnKash, e.g. CEKFOWV7UQ">
          {(id) => <input id={id} name="clientId" value={form.clientId} onChange={set('clientId')} required />}
        </Field>
        <Field label="Client secret">
          {(id) => (
            <input
              id={id}
              name="clientSecret"
              type="password"
              value={form.clientSecret}
              onChange={set('clientSecret')}
              required
            />
          )}
        </Field>
        <Field label="Username" hint="The email of your EnKash login">
          {(id) => <input id={id} name="username" value={form.username} onChange={set('username')} required />}
        </Field>
        <Field label="Password">
          {(id) => (
            <input id={id} name="password" type="password" value={form.password} onChange={set('password')} required />
          )}
        </Field>
        <div className="form-actions">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {status.data?.hasCredentials ? 'Replace credentials' : 'Save credentials'}
          </button>
          {status.data?.hasCredentials && (
            <button className="btn" type="button" onClick={() => setConfirmClear(true)} disabled={busy}>
              Remove
            </button>
          )}
        </div>
      </form>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {confirmClear && (
        <ConfirmDialog
          title="Remove credentials?"
          confirmLabel="Remove"
          tone="danger"
          busy={busy}
          onConfirm={() => void clear()}
          onCancel={() => setConfirmClear(false)}
        >
          <p>The app will not be able to reach {ENVIRONMENT_LABELS[environment]} until you enter them again.</p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
