import { z } from 'zod';
import { command } from '../contract';
import { PAYOUT_STATES } from '../../domain/payout-states';

const int = z.number().int();

/** What a person may decide about a row the journal could not settle itself (issue 9 points 3 and 5). */
export const SETTLE_ACTIONS = ['adopt', 'not-ours', 'paid', 'not-paid'] as const;
export type SettleActionName = (typeof SETTLE_ACTIONS)[number];

export const settleInputSchema = z.object({
  payoutId: int.positive(),
  action: z.enum(SETTLE_ACTIONS),
  // Audited: a decision about money without a reason cannot be reviewed later.
  reason: z.string().trim().min(3).max(500),
});

export const searchHealthSchema = z.object({
  environment: z.string(),
  state: z.enum(['unavailable', 'unproven']),
  detail: z.string(),
  checkedAt: z.string(),
});
export type SearchHealthView = z.infer<typeof searchHealthSchema>;

export const journalContracts = {
  settlePayout: command(
    'journal:settle-payout',
    settleInputSchema,
    z.object({ state: z.enum(PAYOUT_STATES), transactionId: z.string() }),
  ),
  /** Null when EnKash's search is working (or was never found wanting) in the current environment. */
  getSearchHealth: command('journal:search-health', z.undefined(), searchHealthSchema.nullable()),
};
