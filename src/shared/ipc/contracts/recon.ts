import { z } from 'zod';
import { command } from '../contract';

/** Statement reconciliation: fetch the bank statement for a range and match it to our payouts. */

const int = z.number().int();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const reconContracts = {
  reconcileStatement: command(
    'recon:reconcile-statement',
    z.object({ fromDate: day, toDate: day }),
    z.looseObject({ runId: int }),
  ),
  listReconciliations: command('recon:list-runs', z.undefined(), z.array(z.looseObject({ id: int }))),
  getReconLines: command(
    'recon:list-lines',
    z.object({
      runId: int.positive(),
      filter: z.enum(['all', 'matched', 'unmatched', 'flagged', 'reversals']),
      afterSeq: int.optional(),
    }),
    z.object({
      lines: z.array(z.looseObject({ seq: int })),
      nextAfterSeq: int.nullable(),
      issues: z.array(z.looseObject({})),
    }),
  ),
};
