import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors';
import { formatPaise } from '../../../shared/domain/money';
import { appendAuditOps } from '../../db/audit';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import type { PayoutRow } from '../../db/repos/payouts-repo';
import { all, get, type Ops, q, run, transaction } from '../../db/store/ops';
import { transitionBatchOps } from '../journal/transition';
import { getPolicyOps, requiredApprovals } from './policy';
import { authorise } from './roles';
import type { SessionUser } from './sessions';

/**
 * Maker-checker (issue 14 point 3), PostgreSQL only. A maker's staged batch goes AWAITING_APPROVAL with a hash of
 * its content; checkers approve that hash with the total they typed; once the policy's number of distinct, unexpired
 * approvals of the current content is reached the batch is CONFIRMED in the same transaction. Migration 012 keeps the
 * rules in the database too: no approval by anyone who staged or edited the batch, none of stale content or a wrong
 * total, no confirmation short of the band's count.
 */
export type ApprovalStatus = {
  batchId: number;
  state: string;
  totalPaise: number;
  contentHash: string | null;
  required: number;
  approvals: { user: string; approvedAt: string; expiresAt: string }[];
  stagedBy: string | null;
  rejectedReason: string | null;
};

/** What an approval is bound to, per payout: who is paid, where, how much and how. */
type ContentRow = Pick<
  PayoutRow,
  'transactionId' | 'beneficiaryId' | 'payeeName' | 'accountNumber' | 'ifsc' | 'vpa' | 'amountPaise' | 'mode'
>;

/** sha256 over the rows a checker approves: ids, payees, amounts and modes, in row order. */
export function* batchContentHashOps(batchId: number): Ops<string> {
  const rows = yield* all<ContentRow>(
    q`SELECT transaction_id AS transactionId, beneficiary_id AS beneficiaryId, payee_name AS payeeName,
        account_number AS accountNumber, ifsc, vpa, amount_paise AS amountPaise, mode
      FROM payouts WHERE batch_id = ${batchId} AND state <> 'CANCELLED' ORDER BY row_number, id`,
  );
  const hash = createHash('sha256');
  for (const r of rows) {
    hash.update(
      JSON.stringify([
        r.transactionId,
        r.beneficiaryId,
        r.payeeName,
        r.accountNumber,
        r.ifsc,
        r.vpa,
        r.amountPaise,
        r.mode,
      ]),
    );
    hash.update('\n');
  }
  return hash.digest('hex');
}

const refusal = (message: string, kind: string) => new AppError('forbidden', message, { refusal: kind });

function* batchForApprovalOps(batchId: number) {
  const batch = yield* getBatchRowOps(batchId);
  if (!batch) throw new AppError('not_found', `Batch #${batchId} does not exist.`);
  return batch;
}

function* authorsOps(batchId: number): Ops<number[]> {
  const rows = yield* all<{ userId: number }>(
    q`SELECT DISTINCT user_id AS userId FROM batch_authors WHERE batch_id = ${batchId}`,
  );
  return rows.map((r) => r.userId);
}

/** Notes that `user` staged or changed the batch: from now on they may not approve it. */
export function* recordAuthorOps(batchId: number, user: SessionUser, action: 'staged' | 'edited', at: Date): Ops<void> {
  yield* run(
    q`INSERT INTO batch_authors (batch_id, user_id, action, at) VALUES (${batchId}, ${user.id}, ${action}, ${at.toISOString()})
      ON CONFLICT DO NOTHING`,
  );
}

/** DRAFT → AWAITING_APPROVAL by its maker, with the content hash the checkers will approve. */
export function* submitForApprovalOps(batchId: number, user: SessionUser, at: Date): Ops<ApprovalStatus> {
  authorise(user, 'batch.submit');
  return yield* transaction(function* () {
    const batch = yield* batchForApprovalOps(batchId);
    if (batch.state !== 'DRAFT') throw new AppError('conflict', `Batch #${batchId} is ${batch.state}, not a draft.`);
    const contentHash = yield* batchContentHashOps(batchId);
    yield* recordAuthorOps(batchId, user, 'staged', at);
    yield* run(
      q`UPDATE batches SET content_hash = ${contentHash}, staged_by = coalesce(staged_by, ${user.id}),
          rejected_reason = NULL WHERE id = ${batchId}`,
    );
    yield* transitionBatchOps(batchId, ['DRAFT'], 'AWAITING_APPROVAL', {
      at,
      action: 'submit-for-approval',
      data: { by: user.name, contentHash, totalPaise: batch.totalPaise, rows: batch.rowCount },
    });
    return yield* approvalStatusOps(batchId, at);
  });
}

export function* approvalStatusOps(batchId: number, at: Date): Ops<ApprovalStatus> {
  const batch = yield* batchForApprovalOps(batchId);
  const extra = yield* get<{ contentHash: string | null; stagedBy: string | null; rejectedReason: string | null }>(
    q`SELECT b.content_hash AS contentHash, u.name AS stagedBy, b.rejected_reason AS rejectedReason
      FROM batches b LEFT JOIN team_users u ON u.id = b.staged_by WHERE b.id = ${batchId}`,
  );
  const approvals = yield* all<{ user: string; approvedAt: string; expiresAt: string }>(
    q`SELECT u.name AS user, a.approved_at AS approvedAt, a.expires_at AS expiresAt
      FROM batch_approvals a JOIN team_users u ON u.id = a.user_id
      WHERE a.batch_id = ${batchId} AND a.content_hash = ${extra?.contentHash ?? ''} AND a.expires_at > ${at.toISOString()}
      ORDER BY a.id`,
  );
  const policy = yield* getPolicyOps();
  return {
    batchId,
    state: batch.state,
    totalPaise: batch.totalPaise,
    contentHash: extra?.contentHash ?? null,
    required: requiredApprovals(policy, batch.totalPaise),
    approvals,
    stagedBy: extra?.stagedBy ?? null,
    rejectedReason: extra?.rejectedReason ?? null,
  };
}

export type ApproveRequest = { typedTotalPaise: number; at: Date; seenContentHash?: string };

/**
 * One checker's approval. Refused (forbidden) for a role that may not approve, for anyone who staged or edited the
 * batch, and twice by one person; refused (invalid_input) for a typed total that is not the batch's; refused
 * (conflict) when the content changed since it was shown. Enough approvals confirm the batch here and now.
 */
export function* approveOps(
  batchId: number,
  user: SessionUser,
  req: ApproveRequest,
  confirm: (batchId: number) => Ops<void>,
): Ops<ApprovalStatus> {
  authorise(user, 'batch.approve');
  return yield* transaction(function* () {
    const batch = yield* batchForApprovalOps(batchId);
    if (batch.state !== 'AWAITING_APPROVAL') {
      throw new AppError('conflict', `Batch #${batchId} is ${batch.state}, not awaiting approval.`);
    }
    if ((yield* authorsOps(batchId)).includes(user.id)) {
      throw refusal(`${user.name} staged or changed batch #${batchId} and may not approve it.`, 'self_approval');
    }
    const status = yield* approvalStatusOps(batchId, req.at);
    const now = yield* batchContentHashOps(batchId);
    if (now !== status.contentHash || (req.seenContentHash !== undefined && req.seenContentHash !== now)) {
      throw new AppError('conflict', `Batch #${batchId} changed since it was shown; review it again.`, {
        refusal: 'stale',
      });
    }
    if (req.typedTotalPaise !== batch.totalPaise) {
      throw new AppError(
        'invalid_input',
        `The total you typed (${formatPaise(req.typedTotalPaise)}) does not match batch #${batchId}'s total. Nothing was approved.`,
      );
    }
    if (status.approvals.some((a) => a.user === user.name)) {
      throw refusal(`${user.name} has already approved batch #${batchId}; another checker must approve it.`, 'twice');
    }
    const policy = yield* getPolicyOps();
    const approvedAt = req.at.toISOString();
    const expiresAt = new Date(req.at.getTime() + policy.expiryDays * 86_400_000).toISOString();
    // The earlier approval of this person may have expired: it is replaced, not counted twice.
    yield* run(
      q`DELETE FROM batch_approvals WHERE batch_id = ${batchId} AND user_id = ${user.id} AND content_hash = ${now}`,
    );
    yield* run(
      q`INSERT INTO batch_approvals (batch_id, user_id, content_hash, typed_total_paise, approved_at, expires_at)
        VALUES (${batchId}, ${user.id}, ${now}, ${req.typedTotalPaise}, ${approvedAt}, ${expiresAt})`,
    );
    const have = status.approvals.length + 1;
    yield* appendAuditOps({
      at: approvedAt,
      entity: 'batch',
      entityId: String(batchId),
      action: 'approve',
      data: {
        by: user.name,
        contentHash: now,
        typedTotalPaise: req.typedTotalPaise,
        approvals: have,
        required: status.required,
      },
    });
    if (have >= status.required) yield* confirm(batchId);
    return yield* approvalStatusOps(batchId, req.at);
  });
}

/** AWAITING_APPROVAL → DRAFT with a reason for the maker; every approval given so far stops counting. */
export function* rejectOps(batchId: number, user: SessionUser, reason: string, at: Date): Ops<ApprovalStatus> {
  authorise(user, 'batch.reject');
  const why = reason.trim();
  if (why.length < 3 || why.length > 500) {
    throw new AppError('invalid_input', 'Say why the batch is rejected (3 to 500 characters); the maker reads it.');
  }
  return yield* transaction(function* () {
    const batch = yield* batchForApprovalOps(batchId);
    if ((yield* authorsOps(batchId)).includes(user.id)) {
      throw refusal(`${user.name} staged or changed batch #${batchId} and may not reject it either.`, 'self_approval');
    }
    const moved = yield* transitionBatchOps(batchId, ['AWAITING_APPROVAL'], 'DRAFT', {
      at,
      action: 'reject',
      data: { by: user.name, reason: why },
    });
    if (!moved) throw new AppError('conflict', `Batch #${batchId} is ${batch.state}, not awaiting approval.`);
    yield* run(q`UPDATE batches SET rejected_reason = ${why}, content_hash = NULL WHERE id = ${batchId}`);
    yield* run(q`DELETE FROM batch_approvals WHERE batch_id = ${batchId}`);
    return yield* approvalStatusOps(batchId, at);
  });
}

/** Every batch waiting for approvals, oldest first, as a checker's queue shows them. */
export function* listAwaitingOps(at: Date): Ops<ApprovalStatus[]> {
  const ids = yield* all<{ id: number }>(q`SELECT id FROM batches WHERE state = 'AWAITING_APPROVAL' ORDER BY id`);
  const out: ApprovalStatus[] = [];
  for (const { id } of ids) out.push(yield* approvalStatusOps(id, at));
  return out;
}
