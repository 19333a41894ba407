import { paiseToDecimalLiteral } from './decimal-json';
import type {
  AddSourceAccountInput,
  BatchPayoutInput,
  InlineBeneficiary,
  PayoutInput,
  SearchBeneficiariesInput,
  SearchPayoutsInput,
  StatementInput,
  WebhookInput,
} from './inputs';
import type { ApiProfile, ApiSwitches } from '../../shared/settings/api-profile';

/**
 * Our inputs → EnKash's plaintext request JSON (enkash-api.md §5). Amounts become exact two-decimal number
 * literals; empty optional values are left out rather than sent as "".
 */

type Defaults = Pick<ApiProfile, 'fundSourceId' | 'debitAccountNumber'>;

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** BeneficiaryCreateRequest / BeneficiaryDetailCreateRequest; contact field names follow the switch. */
export function beneficiaryWire(b: InlineBeneficiary, switches: ApiSwitches): Record<string, unknown> {
  const prefixed = switches.beneficiaryContactFields === 'prefixed';
  return {
    beneficiaryId: b.beneficiaryId,
    beneficiaryName: b.name,
    beneficiaryAccountNumber: b.accountNumber,
    beneficiaryIfsc: b.ifsc?.toUpperCase(),
    vpaHandle: b.vpa,
    [prefixed ? 'beneficiaryEmail' : 'email']: nonEmpty(b.email),
    [prefixed ? 'beneficiaryPhone' : 'phone']: nonEmpty(b.phone),
    beneficiaryAddress: nonEmpty(b.address),
    [prefixed ? 'beneficiaryCity' : 'city']: nonEmpty(b.city),
    [prefixed ? 'beneficiaryState' : 'state']: nonEmpty(b.state),
    beneficiaryPincode: nonEmpty(b.pincode),
  };
}

/** PayoutTransactionCreateRequest; the fund source and debit account default to the profile's. */
export function payoutWire(p: PayoutInput, defaults: Defaults, switches: ApiSwitches): Record<string, unknown> {
  return {
    beneficiaryId: p.beneficiaryId,
    transactionId: p.transactionId,
    transferAmount: paiseToDecimalLiteral(p.amountPaise),
    transferMode: p.mode,
    transferRemark: nonEmpty(p.remark),
    reference: nonEmpty(p.reference),
    fundSourceId: nonEmpty(p.fundSourceId) ?? nonEmpty(defaults.fundSourceId),
    beneficiaryDetail: p.beneficiary ? beneficiaryWire(p.beneficiary, switches) : undefined,
    debitAccountNumber: nonEmpty(p.debitAccountNumber) ?? nonEmpty(defaults.debitAccountNumber),
  };
}

export function batchWire(b: BatchPayoutInput, defaults: Defaults, switches: ApiSwitches): Record<string, unknown> {
  return {
    batchTransactionId: b.batchTransactionId,
    transfers: b.transfers.map((t) => payoutWire(t, defaults, switches)),
  };
}

/** Search bodies and paging: paging goes to the query or the body, as the switch says. */
export function searchWire(
  filters: Record<string, unknown>,
  paging: { offset: number; limit: number },
  switches: ApiSwitches,
): { body: Record<string, unknown>; query: Record<string, number> | undefined } {
  // Callers always count `offset` in items; a page-numbering server gets the page that item falls on.
  const offset = switches.searchOffsetUnit === 'page' ? Math.floor(paging.offset / paging.limit) : paging.offset;
  const wirePaging = { offset, limit: paging.limit };
  return switches.searchPaging === 'query'
    ? { body: filters, query: wirePaging }
    : { body: { ...filters, ...wirePaging }, query: undefined };
}

export function payoutSearchFilters(s: SearchPayoutsInput): Record<string, unknown> {
  return {
    transactionId: s.transactionId,
    batchTransactionId: s.batchTransactionId,
    enkashTransactionId: s.enkashTransactionId,
    payoutStatus: s.payoutStatus,
    beneficiaryId: s.beneficiaryId,
  };
}

export function beneficiarySearchFilters(s: SearchBeneficiariesInput): Record<string, unknown> {
  return {
    beneficiaryId: s.beneficiaryId,
    beneficiaryName: s.name,
    beneficiaryAccountNumber: s.accountNumber,
    vpaHandle: s.vpa,
  };
}

export function statementWire(s: StatementInput, defaults: Defaults): Record<string, unknown> {
  return {
    fundSourceId: nonEmpty(s.fundSourceId) ?? nonEmpty(defaults.fundSourceId),
    debitAccountNumber: nonEmpty(s.debitAccountNumber) ?? nonEmpty(defaults.debitAccountNumber),
    fromDate: s.fromDate,
    toDate: s.toDate,
  };
}

export function sourceAccountWire(s: AddSourceAccountInput): Record<string, unknown> {
  return { accountNumber: s.accountNumber, ifsc: s.ifsc.toUpperCase(), companyId: s.companyId };
}

export function webhookWire(w: WebhookInput): Record<string, unknown> {
  return {
    webhookUrl: w.webhookUrl,
    events: w.events,
    headers: w.headers,
    sslCertificate: nonEmpty(w.sslCertificate),
    enabled: w.enabled,
    companyId: w.companyId,
  };
}

/** `/x/{beneficiaryId}` → `/x/ID`, or the id as a query parameter when the path has no placeholder. */
export function deletePath(template: string, beneficiaryId: string): { path: string; query?: Record<string, string> } {
  return template.includes('{beneficiaryId}')
    ? { path: template.replace('{beneficiaryId}', encodeURIComponent(beneficiaryId)) }
    : { path: template, query: { beneficiaryId } };
}
