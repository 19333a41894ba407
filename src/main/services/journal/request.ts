import type { InlineBeneficiary, PayoutInput } from '../../enkash/inputs';
import type { PayoutRow } from '../../db/repos/payouts-repo';
import type { ApiSwitches } from '../../../shared/settings/api-profile';
import { payeeRoutingOf, routeRequest } from './payee-routing';

/** The payee and payment fields of a stored row, i.e. everything that goes on the wire. */
export type PayoutWireFields = Pick<
  PayoutRow,
  | 'transactionId'
  | 'beneficiaryId'
  | 'payeeName'
  | 'accountNumber'
  | 'ifsc'
  | 'vpa'
  | 'email'
  | 'phone'
  | 'amountPaise'
  | 'mode'
  | 'remark'
  | 'reference'
>;

const opt = (v: string | null | undefined): string | undefined =>
  v === null || v === undefined || v === '' ? undefined : v;

/**
 * A row's payee as EnKash's beneficiary detail: the same fields whether it goes inline with a payout or to
 * Create Beneficiary, so a registered payee and an inline one cannot drift apart.
 */
export function payeeDetail(row: PayoutWireFields, beneficiaryId: string | undefined): InlineBeneficiary {
  return {
    beneficiaryId,
    name: row.payeeName ?? '',
    accountNumber: opt(row.accountNumber),
    ifsc: row.accountNumber ? opt(row.ifsc) : undefined,
    vpa: row.accountNumber ? undefined : opt(row.vpa),
    email: opt(row.email),
    phone: opt(row.phone),
  };
}

/**
 * The EnKash request for one stored row. Built only from the row, so a resend after a crash is byte-for-byte
 * the request that may already have landed (same transactionId, amount, payee).
 *
 * Payee: a row with bank or UPI details sends them inline as `beneficiaryDetail` (with its beneficiaryId inside
 * when the sheet gave one); a row with only a beneficiaryId names the beneficiary registered at EnKash. EnKash
 * does not document which wins when both are sent, so we never send both at the top level.
 */
export function toPayoutInput(row: PayoutWireFields): PayoutInput {
  const input: PayoutInput = {
    transactionId: row.transactionId,
    amountPaise: row.amountPaise,
    mode: row.mode,
    remark: opt(row.remark),
    reference: opt(row.reference),
  };
  if (row.accountNumber || row.vpa) {
    input.beneficiary = payeeDetail(row, opt(row.beneficiaryId));
  } else if (row.beneficiaryId) {
    input.beneficiaryId = row.beneficiaryId;
  }
  return input;
}

/**
 * The request a first departure sends and persists: the row's fields plus the fund source and debit account
 * Settings name today, written into the request itself. The client would otherwise fill them in from the
 * profile at send time, so a resend after a Settings change would debit another account than the request
 * that may already have landed. The payee goes as the profile's payee routing says (payee-routing.ts), and
 * that too is fixed in the stored request: a resend never re-routes.
 */
export function requestFor(
  row: PayoutWireFields,
  profile: { fundSourceId: string; debitAccountNumber: string; switches?: Partial<ApiSwitches> },
): PayoutInput {
  const input = routeRequest(toPayoutInput(row), row, payeeRoutingOf(profile));
  const fund = opt(profile.fundSourceId.trim());
  const debit = opt(profile.debitAccountNumber.trim());
  if (fund) input.fundSourceId = fund;
  if (debit) input.debitAccountNumber = debit;
  return input;
}
