import { z } from 'zod';
import { TRANSFER_MODES } from '../../domain/payout';
import { PAYEE_VERDICTS } from '../../verify/payee-verdict';
import { command, event } from '../contract';

/**
 * Payee verification (issue 12). Channels use the prefix `verification:`, the file's name (one file per channel
 * prefix, test/unit/ipc/contract-files.test.ts). The renderer sends the rows as the sheet has them now; main
 * checks the accounts at EnKash (or reads its cache) and returns a verdict per row. Sizes are bounded so a
 * malformed call cannot make main allocate without limit.
 */

const int = z.number().int();
const jobId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

/** The sheet's text, as typed: the matcher normalises it. Validation of formats happened in the grid. */
export const verificationRowInputSchema = z.object({
  row: int.positive().max(10_000_000),
  payeeName: z.string().max(300),
  accountNumber: z.string().max(40).optional(),
  ifsc: z.string().max(20).optional(),
  vpa: z.string().max(255).optional(),
  mode: z.enum(TRANSFER_MODES),
});

const rows = z.array(verificationRowInputSchema).max(200_000);

export const verificationResultSchema = z.object({
  row: int,
  verdict: z.enum(PAYEE_VERDICTS),
  score: z.number().min(0).max(1).nullable(),
  bankName: z.string().nullable(),
  reason: z.string(),
  verifiedAt: z.string().nullable(),
  fromCache: z.boolean(),
  pennyDrop: z.boolean(),
});

export const verificationSummarySchema = z.object({
  rows: int,
  calls: int,
  fromCache: int,
  counts: z.record(z.enum(PAYEE_VERDICTS), int),
});

const outcome = z.object({ results: z.array(verificationResultSchema), summary: verificationSummarySchema });

export const verificationContracts = {
  /** Checks every bank row (cache first); `pennyDrop: true` moves a small credit and costs a fee per call. */
  startVerify: command(
    'verification:start',
    z.object({ jobId, rows, pennyDrop: z.boolean() }),
    outcome.extend({ cancelled: z.boolean() }),
  ),
  /** Stops new calls of a running job; the results so far come back from its `startVerify`. */
  cancelVerify: command(
    'verification:cancel',
    z.object({ jobId: z.string().max(64) }),
    z.object({ cancelled: z.boolean() }),
  ),
  /** The cache only, never EnKash: re-scores rows after an edit. */
  cachedVerify: command('verification:cached', z.object({ rows }), outcome),
};

export const verificationEvents = {
  verifyProgress: event('verification:progress', z.object({ jobId: z.string(), done: int, total: int })),
};
