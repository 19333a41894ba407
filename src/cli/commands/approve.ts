import { formatPaise } from '../../shared/domain/money';
import type { ApprovalStatus } from '../../main/services/team/approvals';
import { approveBatch } from '../../main/services/team/approve-batch';
import { type CliApp, openCliApp } from '../app-context';
import type { CliCommand, CliIo } from '../command';
import { reportFailure } from '../enkash-from-env';
import { openServerSession } from '../server-client';
import { requireTeamUser } from '../team-user';
import { approvalArgs } from './approval-args';

const USAGE =
  'approve (--batch ID | ID) --total RUPEES [--json] (--server URL | --database-url postgres://…)  (PAYOUT_DESK_USER / PAYOUT_DESK_PASSWORD: a checker)';

export function printApproval(io: CliIo, status: ApprovalStatus, asJson: boolean): void {
  if (asJson) {
    io.out(JSON.stringify(status));
    return;
  }
  const who = status.approvals.map((a) => a.user).join(', ') || 'nobody yet';
  io.out(
    `Batch #${status.batchId} (${formatPaise(status.totalPaise)}): ${status.state}; ${status.approvals.length} of ${status.required} approval(s) — ${who}.`,
  );
  if (status.rejectedReason) io.out(`Rejected: ${status.rejectedReason}`);
}

/** `approve`: a checker's approval (issue 14 point 5). Exit 0 approved, 2 wrong total or usage, 3 refused. */
export const approveCommand: CliCommand = {
  name: 'approve',
  summary: 'Approve a batch awaiting approval, typing its total (team database; a checker)',
  usage: USAGE,
  run: async (args, io) => {
    const asJson = args.includes('--json');
    let app: CliApp | null = null;
    let end: (() => Promise<void>) | null = null;
    try {
      const { flags, batchId, text, server } = approvalArgs(args, 'total');
      if (server !== undefined) {
        const session = await openServerSession(server, io);
        end = session.end;
        const body = { total: text };
        printApproval(io, await session.call<ApprovalStatus>('POST', `/api/batches/${batchId}/approve`, body), asJson);
        return 0;
      }
      app = await openCliApp(flags, io);
      const team = await requireTeamUser(app.deps.store, io, app.deps.now().getTime(), 'approve');
      end = team.end;
      printApproval(io, await approveBatch(app.deps, batchId, team.user, text), asJson);
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      await end?.().catch(() => undefined);
      await app?.close();
    }
  },
};
