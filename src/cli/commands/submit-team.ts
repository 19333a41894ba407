import { AppError } from '../../shared/domain/errors';
import { formatPaise } from '../../shared/domain/money';
import type { SessionUser } from '../../main/services/team/sessions';
import { authorise } from '../../main/services/team/roles';
import { submitBatchForApproval } from '../../main/services/team/approve-batch';
import { stageBatchOnStore, type StageInput } from '../../main/services/submission/stage';
import type { CliApp } from '../app-context';
import type { CliIo } from '../command';
import { openServerSession } from '../server-client';
import type { StagedForApproval } from '../../main/server/stage-route';

function printSubmitted(
  io: CliIo,
  asJson: boolean,
  s: { batchId: number; state: string; rows: number; totalPaise: number; required: number; stagedBy: string },
): void {
  if (asJson) io.out(JSON.stringify(s));
  else {
    io.out(
      `Batch #${s.batchId} (${s.rows} rows, ${formatPaise(s.totalPaise)}) awaits ${s.required} approval(s); nothing was sent.`,
    );
  }
}

/** `submit FILE --server URL`: the sheet is parsed here, staged and submitted for approval by the Desk Server. */
export async function submitViaServer(server: string, input: StageInput, io: CliIo, asJson: boolean): Promise<number> {
  const session = await openServerSession(server, io);
  try {
    const { kind: _kind, importId: _importId, ...body } = input;
    const r = await session.call<StagedForApproval>('POST', '/api/batches', body);
    for (const i of r.issues.slice(0, 200)) io.err(`  row ${i.row} ${i.severity} ${i.code}: ${i.message}`);
    if (r.batchId === null || r.approval === null) {
      const errors = r.issues.filter((i) => i.severity === 'error').length;
      throw new AppError('file_invalid', `${errors} error(s) in the sheet; nothing was staged.`);
    }
    printSubmitted(io, asJson, {
      batchId: r.batchId,
      state: r.approval.state,
      rows: r.counts.staged,
      totalPaise: r.approval.totalPaise,
      required: r.approval.required,
      stagedBy: r.approval.stagedBy ?? io.env.PAYOUT_DESK_USER ?? '',
    });
    return 0;
  } finally {
    await session.end();
  }
}

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
  printSubmitted(io, asJson, {
    batchId: status.batchId,
    state: status.state,
    rows: staged.counts.staged,
    totalPaise: status.totalPaise,
    required: status.required,
    stagedBy: user.name,
  });
  return 0;
}
