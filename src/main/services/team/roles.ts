import { AppError } from '../../../shared/domain/errors';
import { allows, type Role, type TeamAction } from '../../../shared/team/roles';

// The role table lives in src/shared/team/roles.ts so the desk's screens read the same grants; main's modules
// keep importing the names from here.
export { ROLES, type Role, type TeamAction } from '../../../shared/team/roles';

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
