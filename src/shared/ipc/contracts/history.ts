import { z } from 'zod';
import { TRANSFER_MODES } from '../../domain/payout';
import { PAYOUT_STATES } from '../../domain/payout-states';
import { command, event } from '../contract';

const int = z.number().int();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const totals = z.object({ count: int, amountPaise: int });

export const historyFiltersSchema = z.object({
  environment: z.string().max(20).optional(),
  batchId: int.positive().optional(),
  payee: z.string().trim().max(100).optional(),
  account: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{4,36}$/, 'the last 4 digits or the whole account number')
    .optional(),
  transactionId: z.string().trim().max(40).optional(),
  utr: z.string().trim().max(40).optional(),
  minAmountPaise: int.min(0).optional(),
  maxAmountPaise: int.min(0).optional(),
  from: day.optional(),
  to: day.optional(),
  states: z.array(z.enum(PAYOUT_STATES)).max(12).optional(),
  modes: z.array(z.enum(TRANSFER_MODES)).max(4).optional(),
});
export type HistoryFiltersInput = z.input<typeof historyFiltersSchema>;

const sortSchema = z.object({ key: z.enum(['createdAt', 'amount', 'row']), direction: z.enum(['asc', 'desc']) });

// History rows, timeline entries and reconciliation lines are plain records from SQLite with no secrets;
// their key fields are declared, the rest passes through for display.
export const historyRowSchema = z.looseObject({
  id: int,
  batchId: int,
  batchName: z.string(),
  transactionId: z.string(),
  amountPaise: int,
  state: z.enum(PAYOUT_STATES),
  createdAt: z.string(),
});
export type HistoryRowView = z.infer<typeof historyRowSchema> & Record<string, unknown>;

export const exportRequestSchema = z.object({
  /** Chosen by the renderer so it can cancel the export while it runs. */
  jobId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  what: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('batch'), batchId: int.positive() }),
    z.object({ kind: z.literal('history'), filters: historyFiltersSchema, sort: sortSchema.optional() }),
    z.object({ kind: z.literal('reconciliation'), runId: int.positive() }),
  ]),
  format: z.enum(['csv', 'xlsx']),
  fullAccount: z.boolean(),
});

export const historyContracts = {
  searchHistory: command(
    'history:search-payouts',
    z.object({
      filters: historyFiltersSchema,
      sort: sortSchema.optional(),
      limit: int.min(1).max(500),
      after: z.string().max(500).nullable().optional(),
      withTotal: z.boolean().optional(),
    }),
    z.object({ rows: z.array(historyRowSchema), nextCursor: z.string().nullable(), total: totals.optional() }),
  ),
  payoutTimelineById: command(
    'history:payout-timeline',
    z.object({ payoutId: int.positive() }),
    z.array(z.looseObject({ at: z.string(), action: z.string() })),
  ),
  agingBoard: command(
    'history:aging-board',
    z.undefined(),
    z.looseObject({
      asOf: z.string(),
      count: int,
      amountPaise: int,
      buckets: z.array(z.looseObject({ key: z.string() })),
    }),
  ),
  checkRowsNow: command(
    'history:check-now',
    z.object({ payoutIds: z.array(int.positive()).min(1).max(5000) }),
    z.object({ scheduled: int }),
  ),
  dashboard: command(
    'history:dashboard',
    z.object({ from: day, to: day, granularity: z.enum(['day', 'week']) }),
    z.looseObject({ series: z.array(z.looseObject({ period: z.string() })), balance: z.array(z.looseObject({})) }),
  ),
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
  listAudit: command(
    'audit:list-entries',
    z.object({ entityId: z.string().max(40).optional(), beforeId: int.nullable().optional() }),
    z.object({ entries: z.array(z.looseObject({ id: int, hash: z.string() })), nextBeforeId: int.nullable() }),
  ),
  verifyAuditChain: command(
    'audit:verify-chain',
    z.undefined(),
    z.object({ ok: z.boolean(), entries: int, brokenAtId: int.optional(), reason: z.string().optional() }),
  ),
  startExport: command(
    'exports:start-export',
    exportRequestSchema,
    z.object({ base64: z.string(), mime: z.string(), fileName: z.string(), rows: int, totalPaise: int }),
  ),
  cancelExport: command(
    'exports:cancel-export',
    z.object({ jobId: z.string().max(64) }),
    z.object({ cancelled: z.boolean() }),
  ),
};

export const historyEvents = {
  exportProgress: event('exports:progress', z.object({ jobId: z.string(), written: int, total: int })),
};
