import { useState } from 'react';
import { ENVIRONMENTS, type Environment } from '../../../shared/settings/api-profile';
import type { Settings } from '../../../shared/settings/settings';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, ConfirmDialog } from '../../components/ui';
import { ENVIRONMENT_LABELS } from '../shell/environment-badge';

const DESCRIPTIONS: Record<Environment, string> = {
  sandbox: 'Built-in simulator on this computer. No EnKash account or internet needed; no real money.',
  uat: 'EnKash test servers (ekpayout-uat.enkash.in) with your sandbox keys.',
  production: 'Live EnKash servers (api.enkash.in). Real money leaves your account.',
  custom: 'Any base URL you set under Advanced, e.g. a relay with a whitelisted IP.',
};

export function EnvironmentPicker(props: { settings: Settings; onChange: (s: Settings) => void }) {
  const [pending, setPending] = useState<Environment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = async (environment: Environment, confirmProduction = false) => {
    setBusy(true);
    setError(null);
    try {
      props.onChange(await call('setEnvironment', { environment, confirmProduction }));
      setPending(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Environment">
      <div className="env-grid" role="radiogroup" aria-label="Environment">
        {ENVIRONMENTS.map((env) => (
          <button
            key={env}
            type="button"
            role="radio"
            aria-checked={props.settings.environment === env}
            className={`env-option env-option-${env} ${props.settings.environment === env ? 'selected' : ''}`}
            disabled={busy}
            onClick={() => (env === 'production' ? setPending(env) : void apply(env))}
          >
            <span className="env-option-name">{ENVIRONMENT_LABELS[env]}</span>
            <span className="env-option-desc">{DESCRIPTIONS[env]}</span>
          </button>
        ))}
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {pending === 'production' && (
        <ConfirmDialog
          title="Switch to Production?"
          confirmLabel="Switch to Production"
          tone="danger"
          typeToConfirm="PRODUCTION"
          busy={busy}
          onConfirm={() => void apply('production', true)}
          onCancel={() => setPending(null)}
        >
          <p>
            In Production every payout you submit moves <strong>real money</strong> from your EnKash account to the
            payees. Your computer&apos;s IP address must be whitelisted with EnKash.
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
