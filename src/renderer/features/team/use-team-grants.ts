import { allows, type TeamAction } from '../../../shared/team/roles';
import { useCommandQuery } from '../../api/queries';

export type TeamGrants = {
  /** Connected to a Team server (Settings → Team server), signed in or not. */
  team: boolean;
  /** Whether the buttons for `action` are shown: always on This computer; in Team mode only if the role may. */
  can: (action: TeamAction) => boolean;
  /**
   * The desk's own "Confirm and send": This computer only. In a team the last checker's approval confirms, and
   * the server refuses a desk confirm (TEAM_CHANNELS confirmBatch is null), so the button is not offered at all.
   */
  deskConfirm: boolean;
};

/**
 * The buttons a screen shows (issue 14 point 4): one rule for every screen, read from the shared role table.
 * Hiding is a courtesy — the Desk Server refuses what the role may not do whatever the screen shows — but a
 * viewer should not be offered a button that can only fail. The two queries are the ones app.tsx already keeps
 * (same keys, so no extra call to main); until they answer nothing role-bound is shown in Team mode.
 */
export function useTeamGrants(): TeamGrants {
  const settings = useCommandQuery('getSettings');
  const status = useCommandQuery('teamStatus');
  const team = settings.data?.connection.mode === 'team';
  if (!team) return { team: false, can: () => true, deskConfirm: true };
  const role = status.data?.connected ? (status.data.user?.role ?? null) : null;
  return { team: true, can: (action) => role !== null && allows(role, action), deskConfirm: false };
}
