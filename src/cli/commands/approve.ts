import { approveBatch } from '../../main/services/team/approve-batch';
import { approvalCommand } from './approval-command';

/** `approve`: a checker's approval with the typed total (issue 14 point 5). */
export const approveCommand = approvalCommand({
  name: 'approve',
  summary: 'Approve a batch awaiting approval, typing its total (team; a checker)',
  textFlag: 'total',
  remote: (batchId, total) => ({ path: `/api/batches/${batchId}/approve`, body: { total } }),
  local: (app, user, batchId, total) => approveBatch(app.deps, batchId, user, total),
});
