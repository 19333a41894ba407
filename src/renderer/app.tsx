import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Settings } from '../shared/settings/settings';
import { errorMessage } from './api/client';
import { useCommandQuery } from './api/queries';
import { commandKey } from './api/query-keys';
import { Alert, Spinner } from './components/ui';
import { AccountsScreen } from './features/accounts/accounts-screen';
import { BatchesScreen } from './features/batches/batches-screen';
import { HistoryScreen } from './features/history/history-screen';
import { ImportScreen } from './features/import/import-screen';
import { SettingsScreen } from './features/settings/settings-screen';
import { EnvironmentBadge, ProductionBanner } from './features/shell/environment-badge';
import { SCREENS, screenFromHash, type ScreenId } from './features/shell/nav';
import { TeamScreen } from './features/team/team-screen';

// The beneficiary form checks IFSCs against the offline bank dataset (about 1 MB): load it only when visited.
const BeneficiariesScreen = lazy(() =>
  import('./features/beneficiaries/beneficiaries-screen').then((m) => ({ default: m.BeneficiariesScreen })),
);

function useHashScreen(): ScreenId {
  const [screen, setScreen] = useState(() => screenFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return screen;
}

function Screen(props: { id: ScreenId; settings: Settings; onSettings: (s: Settings) => void }) {
  switch (props.id) {
    case 'settings':
      return <SettingsScreen settings={props.settings} onChange={props.onSettings} />;
    case 'import':
      return <ImportScreen settings={props.settings} onSettings={props.onSettings} />;
    case 'batches':
      return <BatchesScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'beneficiaries':
      return (
        <Suspense fallback={<Spinner />}>
          <BeneficiariesScreen />
        </Suspense>
      );
    case 'accounts':
      return <AccountsScreen />;
    case 'team':
      return <TeamScreen />;
  }
}

export function App() {
  const screen = useHashScreen();
  const client = useQueryClient();
  // Re-read when main says the settings changed (query-keys.ts maps settingsChanged to this key).
  const query = useCommandQuery('getSettings');
  const settings = query.data;
  const setSettings = (s: Settings) => client.setQueryData(commandKey('getSettings'), s);

  if (query.error && !settings)
    return (
      <Alert tone="error" title="Could not start:">
        {errorMessage(query.error)}
      </Alert>
    );
  if (!settings) return <Spinner label="Opening Payout Desk…" />;

  return (
    <div className={`app env-${settings.environment}`}>
      <ProductionBanner environment={settings.environment} />
      <div className="layout">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            <span className="brand-mark">₹</span> Payout Desk
          </div>
          <ul>
            {SCREENS.map((s) => (
              <li key={s.id}>
                <a
                  href={`#/${s.id}`}
                  className={screen === s.id ? 'active' : ''}
                  aria-current={screen === s.id ? 'page' : undefined}
                >
                  <span className="nav-icon" aria-hidden="true">
                    {s.icon}
                  </span>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
          <div className="sidebar-foot">
            <EnvironmentBadge environment={settings.environment} />
          </div>
        </nav>
        <main className="content">
          <h1 className="screen-title">{SCREENS.find((s) => s.id === screen)?.label}</h1>
          <Screen id={screen} settings={settings} onSettings={setSettings} />
        </main>
      </div>
    </div>
  );
}
