import { formatPaise } from '../../shared/domain/money';
import type { ApprovalStatus } from '../../main/services/team/approvals';
import type { SessionUser } from '../../main/services/team/sessions';
import { APP_FLAGS, type CliApp, openCliApp } from '../app-context';
import { flagText, parseArgs, UsageError, type CliCommand, type CliIo } from '../command';
import { reportFailure } from '../enkash-from-env';
import { openServerSession } from '../server-client';
import { requireTeamUser } from '../team-user';

/**
 * `approve` and `reject` (issue 14 point 5): the batch as `--batch ID` or the first argument (not both, unless
 * equal), the command's own text flag (`--total` or `--reason`), acted on by the signed-in checker — through a Desk
 * Server (`--server URL`) or on a team database (`--database-url`). Exit 0 done, 2 usage or a wrong total, 3 refused.
 */
function approvalArgs(args: string[], textFlag: 'total' | 'reason') {
  const { flags, positionals } = parseArgs(args, ['json', 'verbose']);
  const own: readonly string[] = ['json', 'batch', 'server', textFlag, ...APP_FLAGS];
  const unknown = Object.keys(flags).find((f) => !own.includes(f));
  if (unknown) throw new UsageError(`Unknown option --${unknown}`);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`);
  const fromFlag = flagText(flags.batch, 'batch');
  const given = [fromFlag, positionals[0]].filter((v): v is string => v !== undefined);
  if (given.length === 0) throw new UsageError('Name the batch: --batch ID (or the id as the first argument)');
  if (given.length === 2 && given[0] !== given[1]) throw new UsageError('Two different batch ids were given');
  if (!/^\d{1,12}$/.test(given[0]!)) throw new UsageError(`"${given[0]}" is not a batch number`);
  const text = flagText(flags[textFlag], textFlag);
  if (text === undefined) {
    throw new UsageError(
      textFlag === 'total' ? '--total RUPEES is required: type the batch total' : '--reason TEXT is required',
    );
  }
  return { flags, batchId: Number(given[0]), text, server: flagText(flags.server, 'server') };
}

function printApproval(io: CliIo, status: ApprovalStatus, asJson: boolean): void {
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

export type ApprovalCommandSpec = {
  name: 'approve' | 'reject';
  summary: string;
  textFlag: 'total' | 'reason';
  /** The Desk Server's API call for it. */
  remote: (batchId: number, text: string) => { path: string; body: unknown };
  /** The same on a team database opened here. */
  local: (app: CliApp, user: SessionUser, batchId: number, text: string) => Promise<ApprovalStatus>;
};

export function approvalCommand(spec: ApprovalCommandSpec): CliCommand {
  const usage =
    `${spec.name} (--batch ID | ID) --${spec.textFlag} ${spec.textFlag === 'total' ? 'RUPEES' : 'TEXT'} [--json] ` +
    '(--server URL | --database-url postgres://…)  (PAYOUT_DESK_USER / PAYOUT_DESK_PASSWORD: a checker)';
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    run: async (args, io) => {
      const asJson = args.includes('--json');
      let app: CliApp | null = null;
      let end: (() => Promise<void>) | null = null;
      try {
        const { flags, batchId, text, server } = approvalArgs(args, spec.textFlag);
        if (server !== undefined) {
          const session = await openServerSession(server, io);
          end = session.end;
          const { path, body } = spec.remote(batchId, text);
          printApproval(io, await session.call<ApprovalStatus>('POST', path, body), asJson);
          return 0;
        }
        app = await openCliApp(flags, io);
        const team = await requireTeamUser(app.deps.store, io, app.deps.now().getTime(), spec.name);
        end = team.end;
        printApproval(io, await spec.local(app, team.user, batchId, text), asJson);
        return 0;
      } catch (error) {
        return reportFailure(error, io, asJson, usage);
      } finally {
        await end?.().catch(() => undefined);
        await app?.close();
      }
    },
  };
}
