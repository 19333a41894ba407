import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings/settings';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, Field } from '../../components/ui';

/**
 * Settings' connection choice (issue 14 point 4): this computer's own journal (the environments below, as
 * always) or a team's Desk Server at a URL. A connection mode, not an environment: on a Team server the server's
 * environment and EnKash account apply, and the app asks to sign in. Only the address is stored, never a password.
 */
export function ConnectionModeCard(props: { settings: Settings; onChange: (s: Settings) => void }) {
  const { connection } = props.settings;
  const client = useQueryClient();
  const [choice, setChoice] = useState(connection.mode);
  const [serverUrl, setServerUrl] = useState(connection.serverUrl ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = async (mode: Settings['connection']['mode']) => {
    setBusy(true);
    setError(null);
    try {
      const next = await call('teamSetConnection', mode === 'team' ? { mode, serverUrl } : { mode });
      props.onChange(next);
      // Every screen now reads another journal (or none until signed in): nothing cached still holds.
      await client.invalidateQueries();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = (mode: Settings['connection']['mode']) => {
    setChoice(mode);
    // This computer needs no address: it applies at once. A Team server waits for its URL.
    if (mode === 'local' && connection.mode !== 'local') void apply('local');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void apply('team');
  };

  const options = [
    { mode: 'local', name: 'This computer', desc: 'This desk’s own journal and the environments below.' },
    { mode: 'team', name: 'Team server', desc: 'The team’s Desk Server: batches need a checker’s approval.' },
  ] as const;
  return (
    <Card title="Connection mode">
      <div className="env-grid" role="radiogroup" aria-label="Connection mode">
        {options.map((o) => (
          <button
            key={o.mode}
            type="button"
            role="radio"
            aria-checked={choice === o.mode}
            className={`env-option ${choice === o.mode ? 'selected' : ''}`}
            disabled={busy}
            onClick={() => choose(o.mode)}
          >
            <span className="env-option-name">{o.name}</span>
            <span className="env-option-desc">{o.desc}</span>
          </button>
        ))}
      </div>
      {choice === 'team' && (
        <form className="form-grid" onSubmit={submit} aria-label="Team server">
          <Field label="Team server URL">
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
          <div className="form-actions">
            <button className="btn btn-primary" type="submit" disabled={busy}>
              {connection.mode === 'team' ? 'Save server' : 'Use this Team server'}
            </button>
          </div>
        </form>
      )}
      {connection.mode === 'team' && (
        <p className="muted" data-testid="connection-team">
          Using the Team server at {connection.serverUrl}. Its environment and EnKash account apply; sign in on the Team
          screen.
        </p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </Card>
  );
}
