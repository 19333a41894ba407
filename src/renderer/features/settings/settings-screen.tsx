import type { Settings } from '../../../shared/settings/settings';
import { ConnectionCard } from './connection-card';
import { CredentialsCard } from './credentials-card';
import { EnvironmentPicker } from './environment-picker';
import { ProfileEditor } from './profile-editor';

export function SettingsScreen(props: { settings: Settings; onChange: (s: Settings) => void }) {
  return (
    <div className="stack">
      <EnvironmentPicker settings={props.settings} onChange={props.onChange} />
      <CredentialsCard environment={props.settings.environment} />
      <ConnectionCard />
      <ProfileEditor settings={props.settings} onChange={props.onChange} />
    </div>
  );
}
