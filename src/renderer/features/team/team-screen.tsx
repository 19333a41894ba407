import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { useCommandQuery, useSecretCommand } from '../../api/queries';
import { Alert, Card, Field, Spinner } from '../../components/ui';
import { ApprovalsCard } from './approvals-card';

/**
 * Team mode (issue 14 point 4): sign in to the team's Desk Server, see who is signed in, and — for a checker —
 * work the approval queue. Main keeps the session; this screen only ever sees the user's name and role.
 */
export function TeamScreen(props: { serverUrl?: string }) {
  const status = useCommandQuery('teamStatus');
  if (status.error) return <Alert tone="error">{errorMessage(status.error)}</Alert>;
  if (!status.data) return <Spinner />;
  const { connected, user, serverUrl } = status.data;
  return (
    <div className="stack">
      {connected && user ? (
        <>
          <SignedInCard name={user.name} role={user.role} serverUrl={serverUrl ?? ''} />
          <ApprovalsCard role={user.role} />
        </>
      ) : (
        <SignInCard defaultServerUrl={props.serverUrl} />
      )}
    </div>
  );
}

/**
 * Signing in, on the Team screen and as the first screen of Team mode. A new session (or none) changes what every
 * screen reads in Team mode (main forwards it to the server), so every cached answer is re-read after it.
 */
export function SignInCard(props: { defaultServerUrl?: string }) {
  const signIn = useSecretCommand('teamSignIn');
  const client = useQueryClient();
  const [serverUrl, setServerUrl] = useState(props.defaultServerUrl ?? '');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ serverUrl, name, password });
      await client.invalidateQueries();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      // The password is dropped once main has it, whether or not the server took it.
      setPassword('');
      setBusy(false);
    }
  };
  return (
    <Card title="Sign in to the Desk Server">
      <p className="muted">
        In a team, batches are approved on the team&apos;s Desk Server. Ask your admin for its address and your user.
      </p>
      <form className="form-grid" onSubmit={(e) => void submit(e)} aria-label="Sign in to the Desk Server">
        <Field label="Server URL">
          {(id) => (
            <input
              id={id}
              type="url"
              placeholder="https://desk.example.in:8750"
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="User name">
          {(id) => (
            <input id={id} autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
          )}
        </Field>
        <Field label="Password">
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <div className="form-actions">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
      {error && <Alert tone="error">{error}</Alert>}
    </Card>
  );
}

function SignedInCard(props: { name: string; role: string; serverUrl: string }) {
  const signOut = useSecretCommand('teamSignOut');
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card
      title="Desk Server"
      actions={
        <button
          className="btn"
          type="button"
          onClick={() =>
            void signOut(undefined)
              .then(() => client.invalidateQueries())
              .catch((err: unknown) => setError(errorMessage(err)))
          }
        >
          Sign out
        </button>
      }
    >
      <p data-testid="team-signed-in">
        Signed in as <strong>{props.name}</strong> ({props.role}) at {props.serverUrl}
      </p>
      {error && <Alert tone="error">{error}</Alert>}
    </Card>
  );
}
