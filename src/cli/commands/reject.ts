import { rejectOps } from '../../main/services/team/approvals';
import { approvalCommand } from './approval-command';

/** `reject`: back to its maker with a reason (issue 14 point 5). */
export const rejectCommand = approvalCommand({
  name: 'reject',
  summary: 'Reject a batch awaiting approval, with a reason for its maker (team; a checker)',
  textFlag: 'reason',
  remote: (batchId, reason) => ({ path: `/api/batches/${batchId}/reject`, body: { reason } }),
  local: (app, user, batchId, reason) => app.deps.store.run(rejectOps(batchId, user, reason, app.deps.now())),
});
