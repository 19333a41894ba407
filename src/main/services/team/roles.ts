import { AppError } from '../../../shared/domain/errors';

/**
 * Who may do what on a Desk Server (issue 14 point 2). The server authorises every call with `authorise` before
 * its handler runs; the desk's screens read `allows` to show only what a role can use, which is a courtesy — the
 * server's check is the rule.
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

export function allows(role: Role, action: TeamAction): boolean {
  return GRANTS[role].includes(action);
}

/** Throws `forbidden` (a refusal the CLI maps to exit 3) unless `role` may do `action`. */
export function authorise(user: { name: string; role: Role }, action: TeamAction): void {
  if (!allows(user.role, action)) {
    throw new AppError('forbidden', `${user.name} is a ${user.role}; a ${user.role} may not ${describe(action)}.`, {
      refusal: 'role',
      action,
    });
  }
}

function describe(action: TeamAction): string {
  const words: Record<TeamAction, string> = {
    'history.read': 'read the history',
    export: 'export',
    'batch.stage': 'stage or change batches',
    'batch.submit': 'submit batches for approval',
    'batch.approve': 'approve batches',
    'batch.reject': 'reject batches',
    'batch.control': 'pause, resume or cancel batches',
    'balance.read': 'read the balance',
    'beneficiaries.write': 'change beneficiaries',
    'users.manage': 'manage users',
    'policy.edit': 'edit the approval policy',
    'credentials.set': 'set the server’s EnKash credentials',
  };
  return words[action];
}
