import { AppError } from '../../../shared/domain/errors';
import { maskName } from '../../../shared/domain/mask';
import { refreshBatchTotalsOps } from '../../db/repos/batches-repo';
import { getPayoutOps } from '../../db/repos/payouts-repo';
import { type Ops, transaction } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import type { JournalDeps } from '../journal/deps';
import { auditPutBackOps, type ChangeableStates, copyBackOps, draftBatchOps } from './draft-edit';
import { ACCEPT_MISMATCH, acceptFingerprint, heldMismatchesOps, payeeVerdictsOps } from './payee-verdicts';
import type { StageIssue } from './stage';

/**
 * Accepting a held mismatch (issue 12 point 4): row by row, with a reason, audited with who accepted it. Like
 * includeRows, the held row stays CANCELLED and a re-validated copy comes back under a new transactionId; the
 * copy's stage entry carries the fingerprint of what was accepted (account, sheet name, bank name), so a later
 * pre-flight does not hold it again — unless one of those changed since.
 */

export type AcceptResult = {
  rowCount: number;
  totalPaise: number;
  /** Rows put back (a row that is not a held row of this batch, or was accepted already, is not counted). */
  accepted: number;
  /** Errors of rows that no longer pass the rules: they stay held. */
  refused: StageIssue[];
};

export const MIN_REASON = 3;
export const MAX_REASON = 500;

export function* acceptMismatchOps(
  deps: JournalDeps,
  batchId: number,
  payoutIds: readonly number[],
  opts: { reason: string; actor: string; states?: ChangeableStates },
): Ops<AcceptResult> {
  const reason = (opts.reason ?? '').trim();
  if (reason.length < MIN_REASON || reason.length > MAX_REASON) {
    throw new AppError(
      'invalid_input',
      `A reason of ${MIN_REASON} to ${MAX_REASON} characters is required to pay a payee the bank does not confirm.`,
    );
  }
  const batch = yield* draftBatchOps(batchId, opts.states);
  const now = deps.now();
  const at = now.toISOString();
  const result = yield* transaction(function* () {
    const held = new Map((yield* heldMismatchesOps(batchId)).map((r) => [r.id, r]));
    const verdicts = yield* payeeVerdictsOps(deps, batch.environment, [...held.values()]);
    const refused: StageIssue[] = [];
    let accepted = 0;
    for (const id of new Set(payoutIds)) {
      if (!held.has(id)) continue;
      const row = (yield* getPayoutOps(id))!;
      const copy = yield* copyBackOps(deps, row, now);
      if ('issues' in copy) {
        refused.push(...copy.issues);
        continue;
      }
      const v = verdicts.get(id);
      const bankName = v?.bankName ?? null;
      const data = {
        batchId,
        rowNumber: row.rowNumber,
        actor: opts.actor,
        reason,
        verdict: v?.verdict ?? null,
        score: v?.score ?? null,
        bankName: maskName(bankName),
        sheetName: maskName(row.payeeName),
      };
      yield* auditPutBackOps(at, row, copy, ACCEPT_MISMATCH, data, {
        acceptedMismatchOf: row.transactionId,
        // Of the copy as stored (re-validation may normalise it), so pre-flight compares like with like.
        acceptedFingerprint: acceptFingerprint((yield* getPayoutOps(copy.id))!, bankName),
      });
      accepted++;
    }
    return { ...(yield* refreshBatchTotalsOps(batchId)), accepted, refused };
  });
  // Logged once the transaction is in (PostgreSQL may run its body again after a conflict).
  deps.log.info('batch.mismatch_accepted', { batchId, rows: result.accepted });
  return result;
}

export function acceptMismatch(
  deps: JournalDeps,
  batchId: number,
  payoutIds: readonly number[],
  opts: { reason: string; actor: string },
): AcceptResult {
  return runSqlite(deps.db, acceptMismatchOps(deps, batchId, payoutIds, opts));
}
