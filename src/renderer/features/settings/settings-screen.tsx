import type { Settings } from '../../../shared/settings/settings';
import { CredentialsCard } from './credentials-card';
import { EnvironmentPicker } from './environment-picker';

export function SettingsScreen(props: { settings: Settings; onChange: (s: Settings) => void }) {
  return (
    <div className="stack">
      <EnvironmentPicker settings={props.settings} onChange={props.onChange} />
      <CredentialsCard environment={props.settings.environment} />
    </div>
  );
}
