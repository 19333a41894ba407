import type { FieldKey } from '../../../shared/sheet/fields';
import { payoutInputSchema } from '../../enkash/inputs';
import { toPayoutInput } from '../journal/request';
import type { Candidate, StageIssue } from './stage';

/** One staged row: the columns a validated draft fills, and what the EnKash client would refuse in it. */

/**
 * The payout columns a validated draft fills. An inline payee is either a bank account (IFSC with it) or a VPA,
 * never both — EnKash answers 412 for both — so the account wins and the VPA is dropped when both are present.
 */
export function draftColumns(d: Candidate['draft']) {
  return {
    beneficiaryId: d.beneficiaryId,
    payeeName: d.name,
    accountNumber: d.accountNumber,
    ifsc: d.accountNumber ? d.ifsc : null,
    vpa: d.accountNumber ? null : d.vpa,
    email: d.email,
    phone: d.phone,
    amountPaise: d.amountPaise,
    mode: d.mode,
    remark: d.remark,
    reference: d.reference,
    modeDefaulted: d.modeDefaulted,
  };
}

/** What the EnKash client's request schema would refuse for this row (limits the sheet rules do not know). */
export function clientIssues(draft: Candidate['draft'], labels: Partial<Record<FieldKey, string>>): StageIssue[] {
  const probe = toPayoutInput({
    transactionId: 'PROBE1',
    beneficiaryId: draft.beneficiaryId ?? null,
    payeeName: draft.name ?? null,
    accountNumber: draft.accountNumber ?? null,
    ifsc: draft.ifsc ?? null,
    vpa: draft.vpa ?? null,
    email: draft.email ?? null,
    phone: draft.phone ?? null,
    amountPaise: draft.amountPaise,
    mode: draft.mode,
    remark: draft.remark ?? null,
    reference: draft.reference ?? null,
  });
  const parsed = payoutInputSchema.safeParse(probe);
  if (parsed.success) return [];
  return parsed.error.issues.slice(0, 5).map((i) => {
    const key = String(i.path.at(-1) ?? '');
    const field = (key === 'name' ? 'name' : key) as FieldKey;
    return {
      row: draft.row,
      column: labels[field] ?? key,
      field,
      code: 'request_invalid',
      severity: 'error',
      // The message names the rule, never the value (it may be an account number).
      message: `EnKash would not accept this ${key || 'row'}: ${i.message}.`,
    };
  });
}
