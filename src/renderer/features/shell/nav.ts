import type { Connection } from '../../../shared/settings/settings';

export const SCREENS = [
  { id: 'import', label: 'Import', icon: '⇪' },
  { id: 'approvals', label: 'Approvals', icon: '✓' },
  { id: 'batches', label: 'Batches', icon: '▤' },
  { id: 'history', label: 'History', icon: '◷' },
  { id: 'beneficiaries', label: 'Beneficiaries', icon: '☺' },
  { id: 'accounts', label: 'Accounts', icon: '₹' },
  { id: 'team', label: 'Team', icon: '⚇' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];
type Screen = (typeof SCREENS)[number];

/**
 * The screens each role of a Desk Server uses (issue 14 point 4; the grants are src/main/services/team/roles.ts).
 * Hiding a screen is a courtesy: the server refuses a call the role may not make, whatever is shown. A maker
 * imports and stages, a checker approves, an admin runs the server, a viewer reads the history.
 */
const TEAM_SCREENS: Record<string, readonly ScreenId[]> = {
  admin: ['batches', 'history', 'accounts', 'team', 'settings'],
  maker: ['import', 'batches', 'history', 'beneficiaries', 'accounts', 'team', 'settings'],
  checker: ['approvals', 'batches', 'history', 'accounts', 'team', 'settings'],
  viewer: ['history', 'batches', 'accounts', 'team', 'settings'],
};
/** Signed out of a Team server: only signing in (Team) and switching back to This computer (Settings). */
const SIGNED_OUT: readonly ScreenId[] = ['team', 'settings'];

/** The screens the sidebar shows: every desk screen on This computer (Approvals lives on Team there). */
export function visibleScreens(mode: Connection['mode'], role: string | null): Screen[] {
  if (mode === 'local') return SCREENS.filter((s) => s.id !== 'approvals');
  const allowed = role ? (TEAM_SCREENS[role] ?? SIGNED_OUT) : SIGNED_OUT;
  return SCREENS.filter((s) => allowed.includes(s.id));
}

export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '').split('?')[0];
  return SCREENS.find((s) => s.id === id)?.id ?? 'import';
}
