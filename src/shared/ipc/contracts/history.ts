import { z } from 'zod';
import { TRANSFER_MODES } from '../../domain/payout';
import { MONEY_BUCKETS, PAYOUT_STATES } from '../../domain/payout-states';
import { command } from '../contract';

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

export const sortSchema = z.object({ key: z.enum(['createdAt', 'amount', 'row']), direction: z.enum(['asc', 'desc']) });

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
    z.object({
      rows: z.array(historyRowSchema),
      nextCursor: z.string().nullable(),
      total: totals.optional(),
      /** The same matches by what happened to the money (issue 17 point 4). */
      headline: z.record(z.enum(MONEY_BUCKETS), totals).optional(),
    }),
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
    z.looseObject({
      series: z.array(z.looseObject({ period: z.string() })),
      balance: z.array(z.looseObject({})),
      // The balance line: every recorded balance check in the range, oldest first.
      balanceLine: z.array(z.object({ at: z.string(), balancePaise: int })),
    }),
  ),
};
