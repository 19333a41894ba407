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
import { screenFromHash, visibleScreens, type ScreenId } from './features/shell/nav';
import { ApprovalsCard } from './features/team/approvals-card';
import { SignInCard, TeamScreen } from './features/team/team-screen';
import { useSessionWatch } from './features/team/use-session-watch';

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

function Screen(props: { id: ScreenId; settings: Settings; onSettings: (s: Settings) => void; role: string | null }) {
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
      return <TeamScreen serverUrl={props.settings.connection.serverUrl} />;
    case 'approvals':
      return <ApprovalsCard role={props.role ?? ''} />;
  }
}

export function App() {
  const screen = useHashScreen();
  const client = useQueryClient();
  // Re-read when main says the settings changed (query-keys.ts maps settingsChanged to this key).
  const query = useCommandQuery('getSettings');
  const settings = query.data;
  const setSettings = (s: Settings) => client.setQueryData(commandKey('getSettings'), s);
  // Team mode (issue 14 point 4): who is signed in decides the screens; signed out, sign-in comes first.
  // Re-read now and then too: a screen that calls main directly (not through the cache) can meet an ended
  // session without useSessionWatch seeing it.
  const team = useCommandQuery('teamStatus', undefined, {
    refetchInterval: settings?.connection.mode === 'team' ? 15_000 : false,
  });
  useSessionWatch();

  if (query.error && !settings)
    return (
      <Alert tone="error" title="Could not start:">
        {errorMessage(query.error)}
      </Alert>
    );
  if (!settings) return <Spinner label="Opening Payout Desk…" />;

  const mode = settings.connection.mode;
  if (mode === 'team' && !team.data && !team.error) return <Spinner label="Opening Payout Desk…" />;
  const user = team.data?.connected ? (team.data.user ?? null) : null;
  const screens = visibleScreens(mode, user?.role ?? null);
  // A screen this role does not use (or, signed out of a Team server, anything but Settings) opens sign-in or
  // the role's first screen instead.
  const signInFirst = mode === 'team' && !user && screen !== 'settings';
  const shown: ScreenId = screens.some((s) => s.id === screen) ? screen : (screens[0]?.id ?? 'settings');
  const title = signInFirst ? 'Sign in' : screens.find((s) => s.id === shown)?.label;

  return (
    <div className={`app env-${mode === 'team' ? 'team' : settings.environment}`}>
      {mode === 'local' && <ProductionBanner environment={settings.environment} />}
      <div className="layout">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            <span className="brand-mark">₹</span> Payout Desk
          </div>
          <ul>
            {screens.map((s) => (
              <li key={s.id}>
                <a
                  href={`#/${s.id}`}
                  className={!signInFirst && shown === s.id ? 'active' : ''}
                  aria-current={!signInFirst && shown === s.id ? 'page' : undefined}
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
            {mode === 'team' ? (
              <span className="env-badge" data-testid="team-badge">
                {user ? `Team: ${user.name} (${user.role})` : 'Team server: signed out'}
              </span>
            ) : (
              <EnvironmentBadge environment={settings.environment} />
            )}
          </div>
        </nav>
        <main className="content">
          <h1 className="screen-title">{title}</h1>
          {signInFirst ? (
            <div className="stack">
              {team.error && <Alert tone="error">{errorMessage(team.error)}</Alert>}
              <SignInCard defaultServerUrl={settings.connection.serverUrl} />
            </div>
          ) : (
            <Screen id={shown} settings={settings} onSettings={setSettings} role={user?.role ?? null} />
          )}
        </main>
      </div>
    </div>
  );
}
