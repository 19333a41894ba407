import { AppError } from '../../shared/domain/errors';
import { formatPaise } from '../../shared/domain/money';
import type { SessionUser } from '../../main/services/team/sessions';
import { authorise } from '../../main/services/team/roles';
import { submitBatchForApproval } from '../../main/services/team/approve-batch';
import { stageBatchOnStore, type StageInput } from '../../main/services/submission/stage';
import type { CliApp } from '../app-context';
import type { CliIo } from '../command';

/**
 * `submit` on a team's database (issue 14 point 5): the maker stages the sheet and submits it for approval; nothing
 * is sent — the servers send once the checkers have approved. Exit 0 when the batch awaits approval.
 */
export async function submitToTeam(
  app: CliApp,
  user: SessionUser,
  input: StageInput,
  io: CliIo,
  asJson: boolean,
): Promise<number> {
  authorise(user, 'batch.stage');
  authorise(user, 'batch.submit');
  const staged = await stageBatchOnStore(app.deps, input);
  for (const i of staged.issues.slice(0, 200)) io.err(`  row ${i.row} ${i.severity} ${i.code}: ${i.message}`);
  if (staged.batchId === null) {
    const errors = staged.issues.filter((i) => i.severity === 'error').length;
    throw new AppError('file_invalid', `${errors} error(s) in the sheet; nothing was staged.`);
  }
  const status = await submitBatchForApproval(app.deps, staged.batchId, user);
  if (asJson) {
    io.out(
      JSON.stringify({
        batchId: status.batchId,
        state: status.state,
        rows: staged.counts.staged,
        totalPaise: status.totalPaise,
        required: status.required,
        stagedBy: user.name,
      }),
    );
  } else {
    io.out(
      `Batch #${status.batchId} (${staged.counts.staged} rows, ${formatPaise(status.totalPaise)}) awaits ${status.required} approval(s); nothing was sent.`,
    );
  }
  return 0;
}
