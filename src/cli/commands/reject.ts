import { type ApprovalStatus, rejectOps } from '../../main/services/team/approvals';
import { type CliApp, openCliApp } from '../app-context';
import type { CliCommand } from '../command';
import { reportFailure } from '../enkash-from-env';
import { openServerSession } from '../server-client';
import { requireTeamUser } from '../team-user';
import { approvalArgs } from './approval-args';
import { printApproval } from './approve';

const USAGE =
  'reject (--batch ID | ID) --reason TEXT [--json] (--server URL | --database-url postgres://…)  (PAYOUT_DESK_USER / PAYOUT_DESK_PASSWORD: a checker)';

/** `reject`: back to its maker with a reason (issue 14 point 5). Exit 0 rejected, 2 usage, 3 refused. */
export const rejectCommand: CliCommand = {
  name: 'reject',
  summary: 'Reject a batch awaiting approval, with a reason for its maker (team database; a checker)',
  usage: USAGE,
  run: async (args, io) => {
    const asJson = args.includes('--json');
    let app: CliApp | null = null;
    let end: (() => Promise<void>) | null = null;
    try {
      const { flags, batchId, text, server } = approvalArgs(args, 'reason');
      if (server !== undefined) {
        const session = await openServerSession(server, io);
        end = session.end;
        const body = { reason: text };
        printApproval(io, await session.call<ApprovalStatus>('POST', `/api/batches/${batchId}/reject`, body), asJson);
        return 0;
      }
      app = await openCliApp(flags, io);
      const team = await requireTeamUser(app.deps.store, io, app.deps.now().getTime(), 'reject');
      end = team.end;
      printApproval(io, await app.deps.store.run(rejectOps(batchId, team.user, text, app.deps.now())), asJson);
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      await end?.().catch(() => undefined);
      await app?.close();
    }
  },
};
