/**
 * Who may do what on a Desk Server (issue 14 point 2), shared by both sides: the server authorises every call
 * with main/services/team/roles.ts `authorise`, and the desk's screens read `allows` (through
 * renderer/features/team/use-team-grants.ts) to show only the buttons a role can use. Showing is a courtesy —
 * the server's check is the rule — so this one table is the only place a grant is written.
 */
export const ROLES = ['admin', 'maker', 'checker', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const TEAM_ACTIONS = [
  'history.read', // history, batch details, audit log
  'export', // reconciliation sheets, Tally vouchers, audit packs
  'batch.stage', // import a sheet and stage a batch, fix rows, retry failed rows
  'batch.submit', // submit a staged batch for approval
  'batch.approve',
  'batch.reject',
  'batch.control', // pause, resume, cancel a batch being sent
  'balance.read',
  'beneficiaries.write',
  'users.manage',
  'policy.edit',
  'credentials.set', // the server's EnKash credentials (sealed; never readable back)
] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

const READ: readonly TeamAction[] = ['history.read', 'export', 'balance.read'];

const GRANTS: Record<Role, readonly TeamAction[]> = {
  // An admin runs the server: users, policy, and stopping a batch in an emergency — but approving is a checker's
  // and preparing a maker's, so that no single role pays on its own.
  admin: [...READ, 'users.manage', 'policy.edit', 'credentials.set', 'batch.control'],
  maker: [...READ, 'batch.stage', 'batch.submit', 'batch.control', 'beneficiaries.write'],
  checker: [...READ, 'batch.approve', 'batch.reject'],
  viewer: READ,
};

/** False for a role name this build does not know (an older desk against a newer server): show less, not more. */
export function allows(role: string, action: TeamAction): boolean {
  return (GRANTS as Record<string, readonly TeamAction[] | undefined>)[role]?.includes(action) ?? false;
}
