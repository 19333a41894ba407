import type { z } from 'zod';
import { istDateOf } from '../../../shared/domain/ist';
import type { exportRequestSchema } from '../../../shared/ipc/contracts/exports';

type ExportWhat = z.output<typeof exportRequestSchema>['what'];

/** The save dialog's suggested name, the same for a local and a Team-mode export (team-mode/exports.ts). */
export function exportStem(what: ExportWhat, now: Date): string {
  // The day in India, as the accountant reads it, names the file.
  const day = istDateOf(now);
  return what.kind === 'batch'
    ? `batch-${what.batchId}-${day}`
    : what.kind === 'history'
      ? `payouts-${day}`
      : `reconciliation-${what.runId}-${day}`;
}
