import { AppError } from '../../shared/domain/errors';
import type { TeamApproval } from '../../shared/ipc/contracts/team';
import type { SheetValidation } from '../../shared/sheet/index';
import type { SettingsService } from '../settings/settings-service';
import type { ApprovalStatus } from '../services/team/approvals';
import { deskRequest } from '../services/team/desk-client';
import { type StageImportInput, validateImportRows } from '../services/imports';
import type { Session } from './session';

/** The server's answer to `POST /api/batches` (src/main/server/stage-route.ts), as far as the desk reads it. */
type ServerStaged = { batchId: number | null; issues: unknown[]; approval: ApprovalStatus | null };

type SubmittedImport = {
  batchId: number | null;
  summary: SheetValidation['summary'];
  approval: TeamApproval | null;
  issueCount: number;
};

export function approvalView(b: ApprovalStatus, listed?: { name: string; rowCount: number }): TeamApproval {
  return {
    batchId: b.batchId,
    state: b.state,
    totalPaise: b.totalPaise,
    required: b.required,
    approvals: b.approvals,
    stagedBy: b.stagedBy,
    rejectedReason: b.rejectedReason,
    rowCount: listed?.rowCount ?? null,
    name: listed?.name ?? null,
  };
}

/**
 * A sheet staged in Team mode (issue 14 point 4): parsed and mapped on the desk as always, checked here with the
 * shared rules (the summary the import screen shows), then staged on the Desk Server and submitted for approval
 * in one call. Nothing touches this desk's own journal, and nothing is sent until the policy's checkers approve.
 * A beneficiary sheet is only checked: its rows go to the server through createBeneficiariesFromSheet.
 */
export async function submitImport(
  session: Session,
  settings: Pick<SettingsService, 'get'>,
  input: StageImportInput,
): Promise<SubmittedImport> {
  const validation = validateImportRows(settings, input);
  if (input.kind !== 'payouts') return { batchId: null, summary: validation.summary, approval: null, issueCount: 0 };
  if (validation.summary.validRows === 0) {
    throw new AppError('invalid_input', 'No row of this sheet is valid: fix the rows above before submitting.');
  }
  const staged = await deskRequest<ServerStaged>(session.base, 'POST', '/api/batches', session.token, {
    fileName: input.fileName.slice(0, 255),
    sha256: input.sha256,
    rows: input.rows,
    // The server keeps labels shorter than the desk does (they only name columns in messages).
    labels: input.labels
      ? Object.fromEntries(Object.entries(input.labels).map(([k, v]) => [k, v.slice(0, 200)]))
      : undefined,
    // Invalid rows stay out of the batch, as on the desk's own staging.
    skipInvalid: true,
  });
  return {
    batchId: staged.batchId,
    summary: validation.summary,
    approval: staged.approval ? approvalView(staged.approval) : null,
    issueCount: staged.issues.length,
  };
}
