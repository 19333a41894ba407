import { AppError } from '../../../shared/domain/errors';
import { parseAmountToPaise } from '../../../shared/domain/money';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import type { JournalDeps } from '../journal/deps';
import { confirmOps } from '../submission/confirm';
import { preflight, type PreflightReport } from '../submission/preflight';
import { type ApprovalStatus, approveOps, submitForApprovalOps } from './approvals';
import { authorise } from './roles';
import type { SessionUser } from './sessions';

/**
 * The Desk Server's submit and approve (issue 14 point 3): pre-flight first — a batch with a block can be neither
 * submitted nor approved — then the storage work of approvals.ts. The last approval the policy needs confirms the
 * batch (rows READY, the engine may send) in the approval's own transaction.
 */
async function checkedPreflight(deps: JournalDeps, batchId: number, action: string): Promise<PreflightReport> {
  const { report, problem } = await preflightVerdict(deps, batchId, action);
  if (problem) throw problem;
  return report;
}

/** Pre-flight of the batch and, when it may not go on, why (a block, or the batch changed while checked). */
async function preflightVerdict(
  deps: JournalDeps,
  batchId: number,
  action: string,
): Promise<{ report: PreflightReport; problem: AppError | null }> {
  const batch = await deps.store.run(getBatchRowOps(batchId));
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  const report = await preflight(deps, batchId, {});
  if (report.blocks.length) {
    const message = `Pre-flight found ${report.blocks.length} problem(s); the batch cannot be ${action}.`;
    const blocks = report.blocks.map((b) => ({ code: b.code, message: b.message, count: b.count }));
    return { report, problem: new AppError('conflict', message, { blocks }) };
  }
  if (report.totalPaise !== batch.totalPaise || report.rowCount !== batch.rowCount) {
    const message = `Batch #${batchId} changed while it was being checked; review it again.`;
    return { report, problem: new AppError('conflict', message) };
  }
  return { report, problem: null };
}

/**
 * A maker's changed or new DRAFT submitted for approval when pre-flight lets it (team/row-changes.ts). With a block
 * it stays a DRAFT its maker fixes — each later change tries again — and the report says why; `approval` is null.
 */
export async function submitIfClear(
  deps: JournalDeps,
  batchId: number,
  user: SessionUser,
): Promise<{ report: PreflightReport; approval: ApprovalStatus | null }> {
  authorise(user, 'batch.submit');
  const { report, problem } = await preflightVerdict(deps, batchId, 'submitted');
  if (problem) return { report, approval: null };
  return { report, approval: await deps.store.run(submitForApprovalOps(batchId, user, deps.now())) };
}

export async function submitBatchForApproval(
  deps: JournalDeps,
  batchId: number,
  user: SessionUser,
): Promise<ApprovalStatus> {
  authorise(user, 'batch.submit');
  await checkedPreflight(deps, batchId, 'submitted');
  return deps.store.run(submitForApprovalOps(batchId, user, deps.now()));
}

export async function approveBatch(
  deps: JournalDeps,
  batchId: number,
  user: SessionUser,
  typedTotal: string,
  seenContentHash?: string,
): Promise<ApprovalStatus> {
  authorise(user, 'batch.approve');
  const typed = parseAmountToPaise(typedTotal);
  if (!typed.ok) {
    throw new AppError('invalid_input', 'Type the batch total as an amount, e.g. 1,23,456.50. Nothing was approved.', {
      reason: typed.reason,
    });
  }
  const report = await checkedPreflight(deps, batchId, 'approved');
  const at = deps.now();
  return deps.store.run(
    approveOps(batchId, user, { typedTotalPaise: typed.paise, at, seenContentHash }, (id) =>
      confirmOps(id, report, {
        at,
        chunkSize: deps.profile().batchChunkSize,
        now: deps.now,
        from: 'AWAITING_APPROVAL',
      }),
    ),
  );
}
