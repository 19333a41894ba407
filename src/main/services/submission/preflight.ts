import { formatPaise } from '../../../shared/domain/money';
import type { TransferMode } from '../../../shared/domain/payout';
import { TRANSFER_MODES } from '../../../shared/domain/payout';
import { OPEN_BATCH_STATES } from '../../../shared/domain/payout-states';
import { AppError, isAppError } from '../../../shared/domain/errors';
import { type BatchRow, getBatchRowOps } from '../../db/repos/batches-repo';
import { sqlInList } from '../../db/sql-in';
import { get, named, type Ops, run } from '../../db/store/ops';
import type { JournalDeps } from '../journal/deps';
import {
  bankDetailsFindingsOps,
  draftRowsOps,
  duplicateFindingsOps,
  type Finding,
  finding,
  historyIdFindingsOps,
  modeLimitFindings,
  type Row,
  rowsByIdsOps,
  sameFileFindingsOps,
} from './preflight-checks';
import { windowFindings } from './preflight-window';
import { enkashIdFindings, sheetIdRowsOps } from './preflight-enkash-ids';
import {
  heldMismatchFindingsOps,
  holdLateMismatches,
  mismatchBlocksOps,
  nameHistoryFindingsOps,
  type PayeeCounts,
  verdictWarnings,
} from './preflight-payee';
import { payeeVerdictsOps } from './payee-verdicts';
import { repeatLeftOutFindingsOps, samePayeeAmountFindings } from './preflight-repeats';

/**
 * Pre-flight: everything the user must see before typing the total. Blocks stop confirmation; warnings are
 * shown and acknowledged by confirming. Run again by confirmBatch, so nothing changed in between slips through.
 * Its reads run on `deps.store` (either engine), between the EnKash calls: never a request inside storage work.
 */

export type ModeTotals = Record<TransferMode, { count: number; totalPaise: number }>;

export type PreflightReport = {
  batchId: number;
  batchName: string;
  environment: string;
  /** Production asks for the batch name to be typed as well (confirmBatch's productionConfirmedName). */
  production: boolean;
  blocks: Finding[];
  warnings: Finding[];
  totalsByMode: ModeTotals;
  rowCount: number;
  totalPaise: number;
  /** EnKash balance right now; null when it could not be read (a warning then). */
  balancePaise: number | null;
  /** Amount of confirmed rows of other batches not yet sent: they will draw on the same balance first. */
  queuedElsewherePaise: number;
  /** How much is missing: max(0, total + queued − balance); 0 when the balance is unknown. */
  shortfallPaise: number;
  /** Payable rows by payee verdict, from the verification cache (issue 12); held rows are not in it. */
  payeeCounts: PayeeCounts;
  checkedAt: string;
};

const DUPLICATE_WINDOW_MS = 30 * 24 * 3600_000;

/** Rows that pre-flight looks at: DRAFT ones for a new batch (or one awaiting approval), READY ones for a resubmission. */
export function preflightStates(batch: BatchRow): string[] {
  return batch.state === 'DRAFT' || batch.state === 'AWAITING_APPROVAL' ? ['DRAFT'] : ['READY'];
}

/**
 * Runs every check for `batchId` (reads the EnKash balance once). `payoutIds` narrows it to some rows (a
 * resubmission of fixed REJECTED rows); by default it covers the rows about to be confirmed.
 */
export async function preflight(
  deps: JournalDeps,
  batchId: number,
  opts: { payoutIds?: readonly number[]; allowSameFile?: boolean } = {},
): Promise<PreflightReport> {
  const store = deps.store;
  const batch = await store.run(getBatchRowOps(batchId));
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  const now = deps.now();
  const environment = deps.environment();
  const profile = deps.profile();
  const readRows = () =>
    store.run(opts.payoutIds ? rowsByIdsOps(batchId, opts.payoutIds) : draftRowsOps(batchId, preflightStates(batch)));
  let rows = await readRows();
  // Verified after staging (or edited since): a mismatch in the draft is held now, before any total is shown.
  const draft = batch.state === 'DRAFT' && !opts.payoutIds;
  // One cache read per row for every payee check below (a held row's verdict is read again with its finding).
  const verdicts = await store.run(payeeVerdictsOps(deps, batch.environment, rows));
  if (draft && (await holdLateMismatches(deps, batchId, rows, verdicts)) > 0) rows = await readRows();
  const blocks: Finding[] = [];
  const warnings: Finding[] = [];

  const totalsByMode = Object.fromEntries(TRANSFER_MODES.map((m) => [m, { count: 0, totalPaise: 0 }])) as ModeTotals;
  let total = 0;
  for (const r of rows) {
    totalsByMode[r.mode].count++;
    totalsByMode[r.mode].totalPaise += r.amountPaise;
    total += r.amountPaise;
  }
  if (!Number.isSafeInteger(total)) throw new AppError('invalid_input', 'The batch total is too large.');

  if (batch.environment !== environment) {
    blocks.push(
      finding(
        'wrong_environment',
        `This batch was prepared for ${batch.environment}, but Settings are on ${environment}. Switch back or prepare it again.`,
      ),
    );
  }
  if (!rows.length) blocks.push(finding('empty_batch', 'The batch has no rows to pay.'));
  blocks.push(...(await store.run(historyIdFindingsOps(rows))), ...modeLimitFindings(rows, profile.modeLimits));
  if (!draft) blocks.push(...(await store.run(mismatchBlocksOps(rows, verdicts))));
  // Re-importing a sheet that was already paid: a block, unless the user explicitly says it is meant.
  const sameFile = opts.payoutIds ? [] : await store.run(sameFileFindingsOps(batchId, environment));
  (opts.allowSameFile ? warnings : blocks).push(...sameFile);

  const queued = await store.run(queuedElsewhereOps(environment, batchId));

  let balancePaise: number | null = null;
  let shortfallPaise = 0;
  if (batch.environment === environment && rows.length) {
    try {
      const { client } = await deps.session();
      balancePaise = (await client.getBalance()).totalBalancePaise;
      await store.run(recordBalanceOps(environment, balancePaise, deps.now().toISOString()));
    } catch (error) {
      const why = isAppError(error) ? error.message : 'unexpected error';
      warnings.push(
        finding('balance_unavailable', `The EnKash balance could not be read (${why}); it was not checked.`),
      );
    }
  }
  if (balancePaise !== null) {
    shortfallPaise = Math.max(0, total + queued - balancePaise);
    if (shortfallPaise > 0) {
      const queuedNote = queued > 0 ? ` plus ${formatPaise(queued)} queued in other batches` : '';
      blocks.push(
        finding(
          'insufficient_balance',
          `Balance ${formatPaise(balancePaise)} is short of the batch total ${formatPaise(total)}${queuedNote} by ${formatPaise(shortfallPaise)}. Add funds first.`,
          [],
          { shortfallPaise },
        ),
      );
    }
  }

  const sheetIds = batch.environment === environment ? await store.run(sheetIdRowsOps(rows.map((r) => r.id))) : [];
  if (sheetIds.length) {
    try {
      const { client } = await deps.session();
      const found = await enkashIdFindings(client, sheetIds, deps.timing.concurrency);
      blocks.push(...found.blocks);
      warnings.push(...found.warnings);
    } catch (error) {
      const why = isAppError(error) ? error.message : 'unexpected error';
      warnings.push(
        finding(
          'transaction_id_unchecked',
          `The sheet's transaction IDs could not be looked up at EnKash (${why}). A used one will be refused by EnKash and shown as a conflict, never as paid.`,
        ),
      );
    }
  }

  const held = draft ? await store.run(heldMismatchFindingsOps(deps, batchId, batch.environment)) : [];
  const payees = verdictWarnings(rows, verdicts, held[0]?.count ?? 0);
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
  const history = await store.run(
    historyWarningsOps(batchId, batch.environment, environment, rows, since, !opts.payoutIds),
  );
  warnings.push(
    ...history.leftOut,
    ...held,
    ...payees.warnings,
    ...history.names,
    ...samePayeeAmountFindings(rows),
    ...windowFindings(rows, profile.windows, now),
    ...history.duplicates,
    ...history.bankDetails,
  );
  return {
    batchId,
    batchName: batch.name,
    environment: batch.environment,
    production: batch.environment === 'production',
    blocks,
    warnings,
    totalsByMode,
    rowCount: rows.length,
    totalPaise: total,
    balancePaise,
    queuedElsewherePaise: queued,
    shortfallPaise,
    payeeCounts: payees.counts,
    checkedAt: now.toISOString(),
  };
}

/** Amount of READY rows of other open batches of this environment: they draw on the same balance first. */
function* queuedElsewhereOps(environment: string, batchId: number): Ops<number> {
  const row = yield* get<{ s: number }>(
    named(
      `SELECT coalesce(sum(p.amount_paise), 0) AS s FROM payouts p JOIN batches b ON b.id = p.batch_id
       WHERE b.environment = @environment AND p.batch_id != @batchId AND p.state = 'READY'
         AND b.state IN (${sqlInList(OPEN_BATCH_STATES)})`,
      { environment, batchId },
    ),
  );
  return Number(row?.s ?? 0);
}

function* recordBalanceOps(environment: string, balancePaise: number, at: string): Ops<void> {
  yield* run(
    named(
      'INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (@environment, @balancePaise, @at)',
      { environment, balancePaise, at },
    ),
  );
}

type HistoryWarnings = { leftOut: Finding[]; names: Finding[]; duplicates: Finding[]; bankDetails: Finding[] };

/** The history-based warnings, read together (one round of storage work). */
function* historyWarningsOps(
  batchId: number,
  batchEnvironment: string,
  environment: string,
  rows: Row[],
  since: string,
  offerLeftOut: boolean,
): Ops<HistoryWarnings> {
  return {
    // A resubmission of fixed rows is not the place to offer the draft's left-out repeats.
    leftOut: offerLeftOut ? yield* repeatLeftOutFindingsOps(batchId) : [],
    names: yield* nameHistoryFindingsOps(batchId, batchEnvironment, rows),
    duplicates: yield* duplicateFindingsOps(batchId, environment, rows, since),
    bankDetails: yield* bankDetailsFindingsOps(batchId, environment, rows),
  };
}
