import { z } from 'zod';
import { FIELD_KEYS } from '../../shared/sheet/fields';
import type { JournalDeps } from '../services/journal/deps';
import { MAX_STAGE_ROWS, stageBatchOnStore, type StageInput, type StageResult } from '../services/submission/stage';
import { mappedRowSchema } from '../../shared/ipc/contracts/imports';
import { type ApprovalStatus } from '../services/team/approvals';
import { submitBatchForApproval } from '../services/team/approve-batch';
import { authorise } from '../services/team/roles';
import type { SessionUser } from '../services/team/sessions';

/**
 * A maker's sheet, parsed and mapped on the desk, staged on the server and submitted for approval in one call
 * (issue 14 points 4-5: sheets are still parsed on the desk). The server validates every row again with the same
 * rules; nothing is sent until the policy's checkers approve.
 */
const labels = z.partialRecord(z.enum(FIELD_KEYS), z.string().max(200));

/** The mapped rows exactly as the desk's own stageImport takes them (the IPC contract's row schema). */
export const stageBody = z.object({
  fileName: z.string().min(1).max(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1).max(200).optional(),
  skipInvalid: z.boolean().optional(),
  includeDuplicates: z.boolean().optional(),
  labels: labels.optional(),
  rows: z.array(mappedRowSchema).min(1).max(MAX_STAGE_ROWS),
});

export type StagedForApproval = {
  batchId: number | null;
  counts: StageResult['counts'];
  issues: StageResult['issues'];
  approval: ApprovalStatus | null;
};

export async function stageForApproval(
  deps: JournalDeps,
  user: SessionUser,
  body: z.output<typeof stageBody>,
): Promise<StagedForApproval> {
  authorise(user, 'batch.stage');
  authorise(user, 'batch.submit');
  const input: StageInput = { ...body, kind: 'payouts' };
  const staged = await stageBatchOnStore(deps, input);
  const issues = staged.issues.slice(0, 500);
  if (staged.batchId === null) return { batchId: null, counts: staged.counts, issues, approval: null };
  const approval = await submitBatchForApproval(deps, staged.batchId, user);
  return { batchId: staged.batchId, counts: staged.counts, issues, approval };
}
