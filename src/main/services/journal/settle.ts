import { sql } from 'kysely';
import { AppError } from '../../../shared/domain/errors';
import { appendAuditOps } from '../../db/audit';
import { transactionIdTakenOps } from '../../db/repos/payouts-repo';
import { engine, get, q, run, transaction, type Ops } from '../../db/store/ops';
import type { Logger } from '../../log';
import { type ConflictSide, SETTLED_BY_PERSON_FLAG } from './adopt';
import { DEFAULT_TIMING } from './deps';
import { mintId, PAYOUT_ID_PREFIX } from './ids';
import { type PayoutState, stateForEnkashStatus } from './states';
import { transitionBatchOps, transitionPayoutsOps, type PayoutChange } from './transition';
import { maskAccount } from '../../../shared/domain/mask';

/**
 * A person's decision on a row the journal cannot settle by itself (issue 9 points 3 and 5), always audited with
 * the reason:
 * - CONFLICT (EnKash holds a payout under our id that differs from the row):
 *   `adopt` — "this is our payout": the row takes EnKash's status and id;
 *   `not-ours` — the row gets a new transactionId and returns to READY. Safe: EnKash refused our request under the
 *   old id (it already held someone else's), so nothing of ours was paid under it.
 * - UNKNOWN (search could not say), after the person asked EnKash:
 *   `paid` — SUCCESS; `not-paid` — stays UNKNOWN but is due for the resend with the same ids.
 * Anything else is refused and nothing changes.
 */

export type SettleAction = 'adopt' | 'not-ours' | 'paid' | 'not-paid';
export type SettleInput = { payoutId: number; action: SettleAction; reason: string; actor?: string };

/** Marks a row whose outcome a person decided, not EnKash's answer (shown in the UI, CLI and exports). */
export { SETTLED_BY_PERSON_FLAG };

const FROM: Record<SettleAction, PayoutState> = {
  adopt: 'CONFLICT',
  'not-ours': 'CONFLICT',
  paid: 'UNKNOWN',
  'not-paid': 'UNKNOWN',
};

type SettleRow = {
  id: number;
  batchId: number;
  transactionId: string;
  state: PayoutState;
  amountPaise: number;
  beneficiaryId: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  mode: string;
  sentAt: string | null;
  acceptedAt: string | null;
  conflict: string | null;
  previous: string | null;
};

const SETTLE_SELECT = sql`SELECT id, batch_id AS "batchId", transaction_id AS "transactionId", state,
  amount_paise AS "amountPaise", beneficiary_id AS "beneficiaryId", account_number AS "accountNumber", ifsc, vpa, mode,
  sent_at AS "sentAt", accepted_at AS "acceptedAt", conflict, previous_transaction_ids AS previous FROM payouts`;

const last4 = (account: string | null) => (account ? maskAccount(account) : null);

/** Both sides for the audit trail; account numbers only by their last four digits (no payee details in the log). */
function sides(row: SettleRow, theirs: ConflictSide) {
  return {
    ours: {
      amountPaise: row.amountPaise,
      beneficiaryId: row.beneficiaryId,
      account: last4(row.accountNumber),
      ifsc: row.ifsc,
      vpa: row.vpa,
      mode: row.mode,
    },
    theirs: { ...theirs, accountNumber: last4(theirs.accountNumber) },
  };
}

function* mintFreshIdOps(at: Date): Ops<string> {
  // A clash with an id in this database is astronomically rare, and simply minted again.
  for (;;) {
    const id = mintId(PAYOUT_ID_PREFIX, at);
    if (!(yield* transactionIdTakenOps(id))) return id;
  }
}

type SettleResult = { state: PayoutState; transactionId: string };

export function* settlePayoutOps(input: SettleInput, at: Date, log: Logger): Ops<SettleResult> {
  const reason = (input.reason ?? '').trim();
  if (reason.length < 3 || reason.length > 500)
    throw new AppError('invalid_input', 'A reason of 3 to 500 characters is required to settle a payout.');
  if (!(input.action in FROM)) throw new AppError('invalid_input', `Unknown settle action "${String(input.action)}".`);
  const audit = { settle: input.action, reason, actor: input.actor ?? null };
  // PostgreSQL: the row locked for the whole decision, so no other writer moves it between the check and the move.
  const lock = (yield* engine()) === 'pg';
  const result = yield* transaction(function* (): Ops<SettleResult> {
    const row = lock
      ? yield* get<SettleRow>(q`${SETTLE_SELECT} WHERE id = ${input.payoutId} FOR UPDATE`)
      : yield* get<SettleRow>(q`${SETTLE_SELECT} WHERE id = ${input.payoutId}`);
    if (!row) throw new AppError('not_found', `Payout #${input.payoutId} does not exist.`);
    const from = FROM[input.action];
    if (row.state !== from) {
      throw new AppError(
        'conflict',
        `"${input.action}" settles a ${from} payout; payout #${row.id} is ${row.state}. Nothing was changed.`,
        { payoutId: row.id, state: row.state },
      );
    }
    if (input.action === 'not-paid') return yield* notPaidOps(row, at, audit);
    let change: PayoutChange;
    let transactionId = row.transactionId;
    if (input.action === 'paid') {
      change = { id: row.id, from, to: 'SUCCESS', action: 'settle', set: { flag: SETTLED_BY_PERSON_FLAG } };
    } else {
      const theirs = JSON.parse(row.conflict ?? 'null') as ConflictSide | null;
      if (!theirs) throw new AppError('internal', `Payout #${row.id} is CONFLICT without EnKash's side.`);
      if (input.action === 'adopt') {
        // EnKash's side stays on the row as evidence of what differed; the state is EnKash's word.
        const to = stateForEnkashStatus(theirs.status);
        change = {
          id: row.id,
          from,
          to,
          action: 'settle',
          set: {
            enkashStatus: theirs.status,
            enkashTransactionId: theirs.enkashTransactionId,
            flag: SETTLED_BY_PERSON_FLAG,
          },
          data: sides(row, theirs),
        };
      } else {
        // Our create call was accepted once under this id: a new id could pay the same payout twice.
        if (row.acceptedAt)
          throw new AppError(
            'conflict',
            `Payout #${row.id} was accepted by EnKash under ${row.transactionId}; it cannot be re-sent under a new id.`,
            { payoutId: row.id },
          );
        transactionId = yield* mintFreshIdOps(at);
        const previous = [...(JSON.parse(row.previous ?? '[]') as string[]), row.transactionId];
        change = {
          id: row.id,
          from,
          to: 'READY',
          action: 'settle',
          // No chunk: the old chunk's batchTransactionId is used; the engine sends the row alone.
          set: {
            transactionId,
            previousTransactionIds: JSON.stringify(previous),
            conflict: null,
            chunkId: null,
            enkashStatus: null,
            enkashTransactionId: null,
            searchedAt: null,
            nextCheckAt: null,
            flag: SETTLED_BY_PERSON_FLAG,
          },
          data: { ...sides(row, theirs), previousTransactionId: row.transactionId },
        };
      }
    }
    change.data = { ...change.data, ...audit };
    const r = yield* transitionPayoutsOps([change], { at, log });
    if (!r.applied.length) throw new AppError('conflict', `Payout #${row.id} changed meanwhile; nothing was changed.`);
    // A finished batch goes back to sending so the engine picks the READY row up (as a resubmission does).
    if (change.to === 'READY')
      yield* transitionBatchOps(row.batchId, ['SENT'], 'SENDING', { at, action: 'settle', data: { rows: 1 } });
    return { state: change.to, transactionId };
  });
  log.info('journal.settled', { payoutId: input.payoutId, action: input.action, state: result.state });
  return result;
}

/**
 * "Not paid", from a person who asked EnKash: the row stays UNKNOWN but counts as proven not found, so the
 * resolver resends it with the same ids. `resendable` (reconcile/resolve.ts) wants a "not found" at least a grace
 * after the later of the last send and start-up; settle has no timing of its own, so searched_at is set one
 * default grace after max(now, sent_at) — past both — and the audit entry holds the real time of the decision.
 */
function* notPaidOps(row: SettleRow, at: Date, audit: Record<string, unknown>): Ops<SettleResult> {
  const base = Math.max(at.getTime(), row.sentAt ? new Date(row.sentAt).getTime() : 0);
  const searchedAt = new Date(base + DEFAULT_TIMING.unknownGraceMs).toISOString();
  const now = at.toISOString();
  yield* run(
    q`UPDATE payouts SET searched_at = ${searchedAt}, next_check_at = ${now}, flag = ${SETTLED_BY_PERSON_FLAG},
        updated_at = ${now} WHERE id = ${row.id} AND state = 'UNKNOWN'`,
  );
  yield* appendAuditOps({
    at: now,
    entity: 'payout',
    entityId: row.transactionId,
    action: 'settle',
    fromState: 'UNKNOWN',
    toState: 'UNKNOWN',
    data: { payoutId: row.id, batchId: row.batchId, flag: SETTLED_BY_PERSON_FLAG, ...audit },
  });
  return { state: 'UNKNOWN', transactionId: row.transactionId };
}
