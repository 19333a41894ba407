import { z } from 'zod';
import { BATCH_STATES, PAYOUT_STATES } from '../../domain/payout-states';
import { ENKASH_SCHEMAS } from '../../rules/enkash-fields';
import { FIELD_KEYS } from '../../sheet/fields';
import { PAYEE_VERDICTS } from '../../verify/payee-verdict';
import { command, event } from '../contract';

const int = z.number().int();
const nstr = z.string().nullable();

export const batchProgressSchema = z.object({
  batchId: int,
  state: z.enum(BATCH_STATES),
  rowCount: int,
  totalPaise: int,
  byState: z.record(z.string(), int),
  sent: int,
  accepted: int,
  rejected: int,
  unknown: int,
  conflict: int,
  remaining: int,
  succeeded: int,
  failed: int,
  cancelled: int,
  amountSentPaise: int,
  amountAcceptedPaise: int,
  amountSucceededPaise: int,
  etaMs: z.number().nullable(),
  lastError: nstr,
});
export type BatchProgressView = z.infer<typeof batchProgressSchema>;

export const batchSchema = z.object({
  id: int,
  importId: int.nullable(),
  parentBatchId: int.nullable(),
  name: z.string(),
  environment: z.string(),
  state: z.enum(BATCH_STATES),
  kind: z.string(),
  rowCount: int,
  totalPaise: int,
  createdAt: z.string(),
  confirmedAt: nstr,
  finishedAt: nstr,
  lastError: nstr,
});

export const payoutRowSchema = z.object({
  id: int,
  batchId: int,
  rowNumber: int,
  transactionId: z.string(),
  beneficiaryId: nstr,
  payeeName: nstr,
  accountNumber: nstr,
  ifsc: nstr,
  vpa: nstr,
  amountPaise: int,
  mode: z.string(),
  remark: nstr,
  reference: nstr,
  state: z.enum(PAYOUT_STATES),
  enkashStatus: nstr,
  enkashTransactionId: nstr,
  utr: nstr,
  rejectCode: nstr,
  failureReason: nstr,
  attempts: int,
  createdAt: z.string(),
  sentAt: nstr,
  finalAt: nstr,
  // Issue 9 §3: EnKash's side of a CONFLICT (JSON) and why a person should look; optional for older callers.
  conflict: nstr.optional(),
  flag: nstr.optional(),
});
export type PayoutRowView = z.infer<typeof payoutRowSchema>;

const priorRefSchema = z.object({
  payoutId: int,
  batchId: int,
  batchName: z.string(),
  rowNumber: int,
  transactionId: z.string(),
  state: z.enum(PAYOUT_STATES),
  amountPaise: int,
  createdAt: z.string(),
});

const findingSchema = z.object({
  code: z.string(),
  message: z.string(),
  count: int,
  mode: z.string().optional(),
  /** Money of the rows concerned (issue 12: held and warned payees). */
  amountPaise: int.optional(),
  rows: z.array(
    z.object({
      payoutId: int,
      rowNumber: int,
      transactionId: z.string(),
      detail: z.string().optional(),
      links: z.array(priorRefSchema).optional(),
    }),
  ),
});

export const preflightSchema = z.object({
  batchId: int,
  batchName: z.string(),
  environment: z.string(),
  production: z.boolean(),
  blocks: z.array(findingSchema),
  warnings: z.array(findingSchema),
  totalsByMode: z.record(z.string(), z.object({ count: int, totalPaise: int })),
  rowCount: int,
  totalPaise: int,
  balancePaise: int.nullable(),
  queuedElsewherePaise: int,
  shortfallPaise: int,
  /** Payable rows by payee verdict (issue 12), from the verification cache; optional for older callers. */
  payeeCounts: z.record(z.enum(PAYEE_VERDICTS), int).optional(),
  checkedAt: z.string(),
});
export type PreflightView = z.infer<typeof preflightSchema>;

const stageIssueSchema = z.object({
  row: int,
  column: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

const batchId = z.object({ batchId: int.positive() });
const confirmInput = z.object({
  batchId: int.positive(),
  /** What the user typed as the batch total, e.g. "1,23,456.50": checked to the paisa in main. */
  typedTotal: z.string().max(40),
  /** Production only: the batch name typed again. */
  productionName: z.string().max(200).optional(),
});
const editable = z.partialRecord(z.enum(FIELD_KEYS), z.string().max(300));

export const batchContracts = {
  listBatches: command(
    'batches:list-batches',
    z.object({ offset: int.min(0).optional(), limit: int.min(1).max(500).optional() }),
    z.array(batchSchema.extend({ progress: batchProgressSchema })),
  ),
  getBatch: command(
    'batches:get-batch',
    z.object({
      batchId: int.positive(),
      states: z.array(z.enum(PAYOUT_STATES)).max(12).optional(),
      offset: int.min(0).optional(),
      limit: int.min(1).max(1000).optional(),
    }),
    z.object({
      batch: batchSchema,
      progress: batchProgressSchema,
      chunks: int,
      rows: z.array(payoutRowSchema),
      matching: int,
    }),
  ),
  runPreflight: command('batches:run-preflight', batchId, preflightSchema),
  confirmBatch: command('batches:confirm-batch', confirmInput, preflightSchema),
  pauseBatch: command('batches:pause-batch', batchId, batchProgressSchema),
  resumeBatch: command('batches:resume-batch', batchId, batchProgressSchema),
  cancelBatch: command(
    'batches:cancel-batch',
    batchId,
    z.object({
      batchId: int,
      cancelledRows: int,
      cancelledPaise: int,
      alreadySent: z.object({ count: int, amountPaise: int }),
    }),
  ),
  excludeRows: command(
    'batches:exclude-rows',
    z.object({ batchId: int.positive(), payoutIds: z.array(int.positive()).min(1).max(100_000) }),
    z.object({ rowCount: int, totalPaise: int }),
  ),
  editRejectedRow: command(
    'batches:edit-rejected',
    z.object({ payoutId: int.positive(), fields: editable }),
    z.object({ ok: z.boolean(), issues: z.array(stageIssueSchema), row: payoutRowSchema }),
  ),
  resubmitRejected: command(
    'batches:resubmit-rejected',
    confirmInput.extend({ payoutIds: z.array(int.positive()).min(1).max(100_000) }),
    preflightSchema,
  ),
  retryFailedRows: command(
    'batches:retry-failed',
    batchId,
    z.object({ batchId: int, rows: int, totalPaise: int, skipped: z.array(stageIssueSchema) }),
  ),
  createSinglePayout: command(
    'batches:create-single',
    z.object({ values: editable, name: z.string().trim().max(100).optional() }),
    z.object({
      batchId: int.nullable(),
      issues: z.array(stageIssueSchema),
      counts: z.object({ rows: int, staged: int, totalPaise: int }),
    }),
  ),
  payoutTimeline: command(
    'batches:payout-timeline',
    z.object({ transactionId: ENKASH_SCHEMAS.transactionId }),
    z.array(z.object({ at: z.string(), action: z.string(), fromState: nstr, toState: nstr })),
  ),
  checkAllOpenRows: command('batches:check-all-open', z.undefined(), z.object({ checked: int })),
  // Issue 17 points 1–2: working on a DRAFT before confirm.
  /** Puts left-out repeats or excluded rows of a DRAFT batch back (re-validated; who clicked is audited). */
  includeRows: command(
    'batches:include-rows',
    z.object({ batchId: int.positive(), payoutIds: z.array(int.positive()).min(1).max(100_000) }),
    z.object({ rowCount: int, totalPaise: int, included: int, refused: z.array(stageIssueSchema) }),
  ),
  /** Edits a row of a DRAFT batch in place, re-validated with the sheet rules; an error changes nothing. */
  editDraftRow: command(
    'batches:edit-draft-row',
    z.object({ payoutId: int.positive(), fields: editable }),
    z.object({ ok: z.boolean(), issues: z.array(stageIssueSchema), row: payoutRowSchema }),
  ),
  /**
   * Issue 12 point 4: pays held payee mismatches after all — row by row, with a reason (audited with who accepted
   * it). Each held row comes back like includeRows; a later pre-flight does not hold the accepted copy again.
   */
  acceptMismatch: command(
    'batches:accept-mismatch',
    z.object({
      batchId: int.positive(),
      payoutIds: z.array(int.positive()).min(1).max(10_000),
      reason: z.string().trim().min(3).max(500),
    }),
    z.object({ rowCount: int, totalPaise: int, accepted: int, refused: z.array(stageIssueSchema) }),
  ),
  /** Why each row of a retry draft failed the first time, so its details can be fixed before confirm. */
  retryReasons: command(
    'batches:retry-reasons',
    batchId,
    z.array(z.object({ payoutId: int, rowNumber: int, failureReason: nstr, rejectCode: nstr })),
  ),
};

export const batchEvents = {
  batchProgress: event('batches:progress', batchProgressSchema),
};
