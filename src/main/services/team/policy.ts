import { z } from 'zod';
import { AppError } from '../../../shared/domain/errors';
import { formatPaise } from '../../../shared/domain/money';
import { appendAuditOps } from '../../db/audit';
import { get, type Ops, q, run, transaction } from '../../db/store/ops';

/**
 * The approval policy (issue 14 point 3): a batch's total picks a band, the band says how many distinct checkers
 * must approve. Default: 1 up to ₹5,00,000, 2 above; approvals expire after 7 days. An admin edits it; every edit is
 * audited with the old and new policy. migration 012's confirm guard reads the same bands.
 */
export type ApprovalBand = { upToPaise: number | null; approvals: number };
export type ApprovalPolicy = { bands: ApprovalBand[]; expiryDays: number };

const bandSchema = z.object({
  upToPaise: z.number().int().positive().nullable(),
  approvals: z.number().int().min(1).max(5),
});
const policySchema = z.object({
  bands: z.array(bandSchema).min(1).max(10),
  expiryDays: z.number().int().min(1).max(365),
});

/** Refuses a policy that would leave some total without a band, or bands out of order. */
export function checkPolicy(input: unknown): ApprovalPolicy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', `The approval policy is not valid: ${parsed.error.issues[0]?.message ?? ''}.`);
  }
  const { bands } = parsed.data;
  if (bands.at(-1)!.upToPaise !== null) {
    throw new AppError('invalid_input', 'The last approval band must have no upper limit, so every total has a band.');
  }
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1]!.upToPaise;
    const cur = bands[i]!.upToPaise;
    if (prev === null || (cur !== null && cur <= prev)) {
      throw new AppError('invalid_input', 'Approval bands must rise: each upper limit above the one before.');
    }
  }
  return parsed.data;
}

export function requiredApprovals(policy: ApprovalPolicy, totalPaise: number): number {
  const band = policy.bands.find((b) => b.upToPaise === null || totalPaise <= b.upToPaise);
  return band!.approvals;
}

export function describePolicy(policy: ApprovalPolicy): string {
  let from = 0;
  return policy.bands
    .map((b) => {
      const range = b.upToPaise === null ? `above ${formatPaise(from)}` : `up to ${formatPaise(b.upToPaise)}`;
      if (b.upToPaise !== null) from = b.upToPaise;
      return `${range}: ${b.approvals} approval(s)`;
    })
    .join('; ');
}

export function* getPolicyOps(): Ops<ApprovalPolicy> {
  const row = yield* get<{ bands: string; expiryDays: number }>(
    q`SELECT bands, expiry_days AS expiryDays FROM approval_policy WHERE id = 1`,
  );
  if (!row) throw new AppError('db_error', 'The approval policy is missing from the database.');
  return checkPolicy({ bands: JSON.parse(row.bands) as unknown, expiryDays: row.expiryDays });
}

export function* setPolicyOps(input: unknown, change: { by: string; byId: number; at: Date }): Ops<ApprovalPolicy> {
  const policy = checkPolicy(input);
  return yield* transaction(function* () {
    const before = yield* getPolicyOps();
    const at = change.at.toISOString();
    yield* run(
      q`UPDATE approval_policy SET bands = ${JSON.stringify(policy.bands)}, expiry_days = ${policy.expiryDays},
          updated_at = ${at}, updated_by = ${change.byId} WHERE id = 1`,
    );
    yield* appendAuditOps({
      at,
      entity: 'policy',
      entityId: 'approval',
      action: 'policy-edit',
      data: { by: change.by, before, after: policy },
    });
    return policy;
  });
}
