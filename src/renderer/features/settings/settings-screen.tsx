import type { Settings } from '../../../shared/settings/settings';
import { ConnectionCard } from './connection-card';
import { ConnectionModeCard } from './connection-mode-card';
import { CredentialsCard } from './credentials-card';
import { EnvironmentPicker } from './environment-picker';
import { ProfileEditor } from './profile-editor';
import { VerificationCard } from './verification-card';

export function SettingsScreen(props: { settings: Settings; onChange: (s: Settings) => void }) {
  // On a Team server the environment, the EnKash keys and the API profile are the server's, set on the server.
  if (props.settings.connection.mode === 'team') {
    return (
      <div className="stack">
        <ConnectionModeCard settings={props.settings} onChange={props.onChange} />
      </div>
    );
  }
  return (
    <div className="stack">
      <ConnectionModeCard settings={props.settings} onChange={props.onChange} />
      <EnvironmentPicker settings={props.settings} onChange={props.onChange} />
      <CredentialsCard environment={props.settings.environment} />
      <ConnectionCard environment={props.settings.environment} />
      <VerificationCard settings={props.settings} onChange={props.onChange} />
      {/* Closed by default: these are EnKash wire details for support, not something an accountant sets. */}
      <details className="advanced" data-testid="advanced-settings">
        <summary>Advanced — API profile (change only when EnKash support asks)</summary>
        <ProfileEditor settings={props.settings} onChange={props.onChange} />
      </details>
    </div>
  );
}
