import { formatPaise, parseAmountToPaise } from '../../../shared/domain/money';
import { AppError } from '../../../shared/domain/errors';
import type { BatchState } from '../../../shared/domain/payout-states';
import {
  batchTransactionIdTakenOps,
  chunksOfBatchOps,
  getBatchRowOps,
  insertChunkOps,
  refreshBatchTotalsOps,
} from '../../db/repos/batches-repo';
import { payoutsOfBatchOps, payoutsOfChunkOps } from '../../db/repos/payouts-repo';
import { get, named, type Ops, run, transaction } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import { BATCH_ID_PREFIX, mintId } from '../journal/ids';
import { transitionBatchOps, transitionPayoutsOps } from '../journal/transition';
import { preflight, type PreflightReport } from './preflight';

/**
 * Confirmation: the user types the batch total (and, in production, the batch name). Pre-flight runs again
 * here, so a check cannot go stale between the screen and the click; any block refuses.
 */

export type ConfirmOptions = {
  /** Production only: the batch name, typed once more. */
  productionConfirmedName?: string;
  /** The user explicitly means to pay a file that was already paid (turns that block into a warning). */
  allowSameFile?: boolean;
};

/**
 * Checks a typed control total against the batch total, to the paisa. Accepts what people type
 * ("1,23,456.50", "₹ 1500", "1500/-"); a mismatch or an unreadable amount refuses.
 */
export function checkTypedTotal(typed: string, totalPaise: number): void {
  const parsed = parseAmountToPaise(typed);
  if (!parsed.ok) {
    throw new AppError('invalid_input', 'Type the batch total as an amount, e.g. 1,23,456.50. Nothing was confirmed.', {
      reason: parsed.reason,
    });
  }
  if (parsed.paise !== totalPaise) {
    throw new AppError(
      'invalid_input',
      `The total you typed (${formatPaise(parsed.paise)}) does not match the batch total. Nothing was confirmed.`,
      { typedPaise: parsed.paise },
    );
  }
}

/** Production: the typed name must be the batch name (spaces and case do not matter). */
export function checkProductionName(batchName: string, typed: string | undefined): void {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  if (typed === undefined || norm(typed) !== norm(batchName)) {
    throw new AppError(
      'invalid_input',
      `This is PRODUCTION (real money). Type the batch name "${batchName}" to confirm.`,
      {
        production: true,
      },
    );
  }
}

function blockError(report: PreflightReport): AppError {
  return new AppError(
    'conflict',
    `Pre-flight found ${report.blocks.length} problem(s); the batch cannot be confirmed.`,
    {
      blocks: report.blocks.map((b) => ({ code: b.code, message: b.message, count: b.count })),
    },
  );
}

const MOVE_ROW = 'UPDATE payouts SET chunk_id = @chunkId WHERE id = @id';

/**
 * The profile's chunk size may have shrunk since staging; chunks were never sent, so the overflow is moved to
 * freshly minted chunks (a batchTransactionId that never left can be replaced).
 */
function* rechunkOps(batchId: number, size: number, now: () => Date): Ops<void> {
  const chunks = yield* chunksOfBatchOps(batchId);
  let seq = chunks.reduce((m, c) => Math.max(m, c.seq), -1) + 1;
  for (const chunk of chunks) {
    const rows = yield* payoutsOfChunkOps(chunk.id, ['DRAFT']);
    for (let i = size; i < rows.length; i += size) {
      let btid = mintId(BATCH_ID_PREFIX, now());
      while (yield* batchTransactionIdTakenOps(btid)) btid = mintId(BATCH_ID_PREFIX, now());
      const id = yield* insertChunkOps({ batchId, seq: seq++, batchTransactionId: btid });
      for (const r of rows.slice(i, i + size)) yield* run(named(MOVE_ROW, { chunkId: id, id: r.id }));
    }
  }
}

/**
 * The confirming transaction: the totals still what pre-flight reported, the rows rechunked to today's chunk size,
 * every DRAFT row READY and the batch CONFIRMED, each audited — or nothing at all.
 */
export function* confirmOps(
  batchId: number,
  report: Pick<PreflightReport, 'totalPaise' | 'rowCount' | 'warnings'>,
  opts: { at: Date; chunkSize: number; now: () => Date; from?: 'DRAFT' | 'AWAITING_APPROVAL' },
): Ops<void> {
  const { at } = opts;
  // A desk confirms its own draft; a Desk Server confirms what its checkers approved (team/approvals.ts).
  const from = opts.from ?? 'DRAFT';
  yield* transaction(function* () {
    // Rows could have been excluded while pre-flight waited for the balance: the typed total must still hold.
    const totals = yield* refreshBatchTotalsOps(batchId);
    if (totals.totalPaise !== report.totalPaise || totals.rowCount !== report.rowCount) {
      throw new AppError('conflict', 'The batch changed while it was being checked; review it and confirm again.');
    }
    yield* rechunkOps(batchId, opts.chunkSize, opts.now);
    const rows = yield* payoutsOfBatchOps(batchId, { states: ['DRAFT'] });
    yield* transitionPayoutsOps(
      rows.map((r) => ({ id: r.id, from: 'DRAFT' as const, to: 'READY' as const, action: 'confirm' })),
      { at },
    );
    const ok = yield* transitionBatchOps(batchId, [from], 'CONFIRMED', {
      at,
      action: 'confirm',
      data: { totalPaise: totals.totalPaise, rows: totals.rowCount, warnings: report.warnings.map((w) => w.code) },
    });
    if (!ok)
      throw new AppError(
        'conflict',
        `Batch #${batchId} is no longer ${from === 'DRAFT' ? 'a draft' : 'awaiting approval'}.`,
      );
  });
}

/**
 * DRAFT → CONFIRMED, every row DRAFT → READY, once the typed total matches and pre-flight has no block.
 * Returns the pre-flight report the confirmation was based on (its warnings were shown and accepted).
 * Runs on `deps.store`, whichever engine holds the journal.
 */
export async function confirmBatch(
  deps: JournalDeps,
  batchId: number,
  typedTotal: string,
  opts: ConfirmOptions = {},
): Promise<PreflightReport> {
  const batch = await deps.store.run(getBatchRowOps(batchId));
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (batch.state !== 'DRAFT') throw new AppError('conflict', `Batch #${batchId} is ${batch.state}, not a draft.`);
  checkTypedTotal(typedTotal, batch.totalPaise);
  if (batch.environment === 'production') checkProductionName(batch.name, opts.productionConfirmedName);
  const report = await preflight(deps, batchId, { allowSameFile: opts.allowSameFile });
  if (report.blocks.length) throw blockError(report);
  // Pre-flight may have just held a payee mismatch (verified after the screen was shown): the total the person
  // typed included it, so it no longer states what will be paid.
  if (report.totalPaise !== batch.totalPaise || report.rowCount !== batch.rowCount) {
    throw new AppError(
      'conflict',
      `The batch changed while it was being checked (now ${report.rowCount} rows, ${formatPaise(report.totalPaise)}); review it and type the new total. Nothing was confirmed.`,
    );
  }
  await deps.store.run(
    confirmOps(batchId, report, { at: deps.now(), chunkSize: deps.profile().batchChunkSize, now: deps.now }),
  );
  deps.log.info('batch.confirmed', { batchId, rows: report.rowCount, totalPaise: report.totalPaise });
  return report;
}

const BATCH_OF_PAYOUT = 'SELECT batch_id AS b FROM payouts WHERE id = @id';

/** Leaves rows of a DRAFT batch out (e.g. the ones pre-flight blocked); their ids stay used forever. */
export function* excludeRowsOps(
  batchId: number,
  payoutIds: readonly number[],
  at: Date,
  // A Desk Server also changes a batch awaiting approval (team/row-changes.ts voids its approvals).
  states: readonly BatchState[] = ['DRAFT'],
): Ops<{ rowCount: number; totalPaise: number }> {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  if (!states.includes(batch.state))
    throw new AppError('conflict', 'Rows can only be removed before the batch is confirmed.');
  return yield* transaction(function* () {
    const changes = [];
    for (const id of payoutIds) {
      const row = yield* get<{ b: number }>(named(BATCH_OF_PAYOUT, { id }));
      if (row?.b === batchId) changes.push({ id, from: 'DRAFT' as const, to: 'CANCELLED' as const, action: 'exclude' });
    }
    yield* transitionPayoutsOps(changes, { at });
    return yield* refreshBatchTotalsOps(batchId);
  });
}
