import type { Environment } from '../../../shared/settings/api-profile';

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  sandbox: 'Sandbox',
  uat: 'UAT',
  production: 'Production',
  custom: 'Custom',
};

export function EnvironmentBadge(props: { environment: Environment }) {
  return (
    <span className={`env-badge env-${props.environment}`} data-testid="env-badge">
      {props.environment === 'production' ? '● LIVE — Production' : ENVIRONMENT_LABELS[props.environment]}
    </span>
  );
}

/** Production moves real money; the whole window says so, not just a badge. */
export function ProductionBanner(props: { environment: Environment }) {
  if (props.environment !== 'production') return null;
  return (
    <div className="prod-banner" role="alert">
      PRODUCTION — payouts made here move real money from your EnKash account.
    </div>
  );
}
